export const PROVIDERS = ['vexora', 'bluepay'] as const
export type ProviderId = (typeof PROVIDERS)[number]

export const ENVIRONMENTS = ['sandbox', 'production'] as const
export type ProfileEnvironment = (typeof ENVIRONMENTS)[number]
