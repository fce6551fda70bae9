export * from './definition'
export * from './storage'
