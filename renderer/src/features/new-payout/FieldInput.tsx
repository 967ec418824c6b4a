import { Autocomplete, Select, TextInput } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import type { BankEntry } from '../../../../shared/ipc/import-contract.ts'
import type { FieldDef } from '../../../../shared/providers/fields.ts'

interface Props {
  def: FieldDef
  value: string
  error: string | null
  required: boolean
  onChange: (value: string) => void
  onBlur: () => void
  /** Known codes for this field (the bank list): offered while typing, never forced. */
  suggestions?: BankEntry[] | undefined
}

/** One gateway field, labelled in the person's language, with the gateway's own name as a hint. */
export function FieldInput({ def, value, error, required, onChange, onBlur, suggestions }: Props) {
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
  if (suggestions) {
    // The input holds only the code; the name and where the code comes from are shown in the list.
    const describe = (code: string) => {
      const entry = suggestions.find((e) => e.code === code)
      if (!entry) return code
      return `${code}${entry.name ? ` — ${entry.name}` : ''}${entry.source === 'docs' ? ` (${t('banks.fromDocs')})` : ''}`
    }
    return (
      <Autocomplete
        label={label}
        description={description}
        required={required}
        value={value}
        onChange={onChange}
        onBlur={onBlur}
        error={error}
        data={suggestions.map((e) => e.code)}
        renderOption={({ option }) => describe(option.value)}
        filter={({ options, search }) =>
          (options as { value: string }[]).filter((o) =>
            describe(o.value).toLowerCase().includes(search.trim().toLowerCase()),
          ) as typeof options
        }
        classNames={{ input: 'mono' }}
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
