import proxy from 'mocked-exports/proxy'

export const lt = proxy
export const gt = proxy
export const gte = proxy
export const satisfies = proxy
export class SemVer {}
