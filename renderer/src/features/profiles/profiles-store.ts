import { create } from 'zustand'
import type { z } from 'zod'
import type { ProfileView, SaveProfileInput, SecretView } from '../../../../shared/ipc/profiles-contract.ts'
import { errorMessage, unwrap } from '../../api/call.ts'

export type ProfileDraft = z.input<typeof SaveProfileInput>

interface ProfilesState {
  profiles: ProfileView[]
  secrets: Record<string, SecretView>
  error: string | null
  load: () => Promise<void>
  /** Resolves to an error message for the form, or null when saved. */
  save: (draft: ProfileDraft) => Promise<string | null>
  remove: (id: string) => Promise<void>
  setSecret: (profileId: string, secret: string) => Promise<string | null>
  deleteSecret: (profileId: string) => Promise<void>
  generateKey: (profileId: string) => Promise<{ publicKey: string | null; error: string | null }>
}

export const useProfiles = create<ProfilesState>((set, get) => {
  const refreshSecret = async (profileId: string) => {
    const status = await unwrap(window.api.getSecretStatus({ profileId }))
    set((s) => ({ secrets: { ...s.secrets, [profileId]: status } }))
  }
  return {
    profiles: [],
    secrets: {},
    error: null,
    load: async () => {
      try {
        const profiles = await unwrap(window.api.listProfiles())
        set({ profiles, error: null })
        await Promise.all(profiles.filter((p) => !p.builtin).map((p) => refreshSecret(p.id)))
      } catch (error) {
        set({ error: errorMessage(error) })
      }
    },
    save: async (draft) => {
      try {
        await unwrap(window.api.saveProfile(draft))
        await get().load()
        return null
      } catch (error) {
        return errorMessage(error)
      }
    },
    remove: async (id) => {
      try {
        await unwrap(window.api.removeProfile({ profileId: id }))
        await get().load()
      } catch (error) {
        set({ error: errorMessage(error) })
      }
    },
    setSecret: async (profileId, secret) => {
      try {
        const status = await unwrap(window.api.setSecret({ profileId, secret }))
        set((s) => ({ secrets: { ...s.secrets, [profileId]: status } }))
        return null
      } catch (error) {
        return errorMessage(error)
      }
    },
    deleteSecret: async (profileId) => {
      try {
        await unwrap(window.api.deleteSecret({ profileId }))
        await refreshSecret(profileId)
      } catch (error) {
        set({ error: errorMessage(error) })
      }
    },
    generateKey: async (profileId) => {
      try {
        const result = await unwrap(window.api.generateBluePayKey({ profileId }))
        set((s) => ({ secrets: { ...s.secrets, [profileId]: result.secret } }))
        return { publicKey: result.publicKeyBase64, error: null }
      } catch (error) {
        return { publicKey: null, error: errorMessage(error) }
      }
    },
  }
})
