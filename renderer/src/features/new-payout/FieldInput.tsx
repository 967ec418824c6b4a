import { Select, TextInput } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import type { FieldDef } from '../../../../shared/providers/fields.ts'

interface Props {
  def: FieldDef
  value: string
  error: string | null
  required: boolean
  onChange: (value: string) => void
  onBlur: () => void
}

/** One gateway field, labelled in the person's language, with the gateway's own name as a hint. */
export function FieldInput({ def, value, error, required, onChange, onBlur }: Props) {
  const { t } = useTranslation()
  const label = t(`fields.${def.key}`, { defaultValue: def.key })
  const description = def.example ? t('newPayout.example', { example: def.example }) : undefined
  if (def.rule.kind === 'oneOf') {
    return (
      <Select
        label={label}
        required={required}
        value={value || null}
        data={def.rule.values.map((v) => ({ value: v, label: t(`choices.${v}`, { defaultValue: v }) }))}
        onChange={(v) => onChange(v ?? '')}
        onBlur={onBlur}
        error={error}
        clearable={!required}
      />
    )
  }
  return (
    <TextInput
      label={label}
      description={description}
      required={required}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      onBlur={onBlur}
      error={error}
      inputMode={def.rule.kind === 'digits' ? 'numeric' : undefined}
      classNames={def.rule.kind === 'digits' ? { input: 'mono' } : undefined}
    />
  )
}
