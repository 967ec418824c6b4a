export const PROVIDERS = ['vexora', 'bluepay'] as const
export type ProviderId = (typeof PROVIDERS)[number]

export const ENVIRONMENTS = ['sandbox', 'production'] as const
export type ProfileEnvironment = (typeof ENVIRONMENTS)[number]

/**
 * The names the two built-in sandbox profiles are created with (in the ledger, and so in exports and the
 * CLI, in English). The window shows them in the person's language.
 */
export const BUILTIN_SANDBOX_NAMES: Record<ProviderId, string> = {
  vexora: 'Vexora sandbox (Indonesia)',
  bluepay: 'BluePay sandbox (Thailand)',
}
