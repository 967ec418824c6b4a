import {
  deleteProfileSecret,
  generateBluePayKey,
  profileBalance,
  profileSecretStatus,
  profileViews,
  removeProfile,
  saveProfile,
  setProfileSecret,
} from '../actions/profiles.ts'
import type { Services } from '../services/create-services.ts'
import type { Handlers } from './dispatch.ts'

type ProfileHandlers = Pick<
  Handlers,
  | 'listProfiles'
  | 'saveProfile'
  | 'removeProfile'
  | 'getSecretStatus'
  | 'setSecret'
  | 'deleteSecret'
  | 'generateBluePayKey'
  | 'getBalance'
>

/** Profiles, their secrets (stored, replaced, deleted; never returned) and their balances. */
export function profileHandlers(services: Services): ProfileHandlers {
  return {
    listProfiles: () => profileViews(services),
    saveProfile: (input) => saveProfile(services, input),
    removeProfile: ({ profileId }) => removeProfile(services, profileId),
    getSecretStatus: ({ profileId }) => profileSecretStatus(services, profileId),
    setSecret: ({ profileId, secret }) => setProfileSecret(services, profileId, secret),
    deleteSecret: ({ profileId }) => deleteProfileSecret(services, profileId),
    generateBluePayKey: ({ profileId }) => generateBluePayKey(services, profileId),
    getBalance: ({ profileId, refresh }) => profileBalance(services, profileId, refresh),
  }
}
