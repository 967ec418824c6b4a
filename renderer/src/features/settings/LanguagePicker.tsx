import { Select } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { LANGUAGES } from '../../../../shared/ipc/contract.ts'
import { useSettings } from '../../app/settings-store.ts'

/**
 * A closed list, not a radio group: arrow keys on a radio group change the language at once, so one stray
 * key press turned the whole window Chinese. Here a language is chosen only with Enter or a click.
 */
export function LanguagePicker({ compact = false }: { compact?: boolean }) {
  const { t } = useTranslation()
  const { language, setLanguage } = useSettings()
  return (
    <Select
      label={t('language.label')}
      labelProps={compact ? { className: 'visually-hidden' } : undefined}
      value={language}
      allowDeselect={false}
      onChange={(value) => value && void setLanguage(value)}
      data={LANGUAGES.map((l) => ({ value: l, label: t(`language.${l}`) }))}
      w={compact ? 140 : 220}
      comboboxProps={{ withinPortal: true }}
      data-testid={compact ? 'language-switch' : undefined}
    />
  )
}
