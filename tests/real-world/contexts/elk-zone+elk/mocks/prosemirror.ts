import proxy from 'mocked-exports/proxy'

export const Plugin = proxy
export const PluginKey = proxy
export const createParser = proxy
export const createHighlightPlugin = proxy

export { proxy as default }
