import { useTranslation } from 'react-i18next'
import { BUILTIN_SANDBOX_NAMES } from '../../../shared/domain/providers.ts'

const BUILTIN_KEYS = new Map(
  Object.entries(BUILTIN_SANDBOX_NAMES).map(([provider, name]) => [name, provider]),
)

/** A profile's name as the window shows it: the built-in sandbox profiles in the person's language. */
export function useProfileName(): (name: string) => string {
  const { t } = useTranslation()
  return (name) => {
    const provider = BUILTIN_KEYS.get(name)
    return provider ? t(`profiles.builtinNames.${provider}`) : name
  }
}
