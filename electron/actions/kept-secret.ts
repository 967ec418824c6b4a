import type { SecretStore } from '../secrets/secret-store.ts'

/** What this keychain held for a profile before a change wrote it: its secret, or null for none. */
export interface KeptBefore {
  secret: string | null
}

/** The secret this keychain holds for a profile (null: none), or null when the keychain cannot say. */
export async function keptHere(secrets: SecretStore, id: string): Promise<KeptBefore | null> {
  try {
    return { secret: (await secrets.status(id)).stored ? await secrets.reveal(id) : null }
  } catch {
    return null
  }
}

/** Puts back what the keychain held before a change that did not land wrote over it. */
export const restoreKept = (secrets: SecretStore, id: string, before: KeptBefore): Promise<void> =>
  (before.secret === null ? secrets.delete(id) : secrets.set(id, before.secret)).then(() => undefined)
