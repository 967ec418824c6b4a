import { SegmentedControl } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { LANGUAGES } from '../../../../shared/ipc/contract.ts'
import { useSettings } from '../../app/settings-store.ts'

export function LanguagePicker() {
  const { t } = useTranslation()
  const { language, setLanguage } = useSettings()
  return (
    <SegmentedControl
      aria-label={t('language.label')}
      value={language}
      onChange={(value) => void setLanguage(value)}
      data={LANGUAGES.map((l) => ({ value: l, label: t(`language.${l}`) }))}
    />
  )
}
