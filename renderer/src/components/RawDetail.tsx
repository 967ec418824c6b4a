import { Code, Text } from '@mantine/core'
import { useTranslation } from 'react-i18next'

/** Request and response bodies are stored as the exact text exchanged; show the JSON ones laid out. */
function readable(value: unknown): unknown {
  if (typeof value === 'string' && /^\s*[{[]/.test(value)) {
    try {
      return readable(JSON.parse(value))
    } catch {
      return value
    }
  }
  if (Array.isArray(value)) return value.map(readable)
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, readable(v)]))
  return value
}

/** A step's record as the ledger keeps it (an exchange with the gateway, a note), folded until asked for. */
export function RawDetail({ detail }: { detail: unknown }) {
  const { t } = useTranslation()
  if (detail === null || detail === undefined) return null
  return (
    <details>
      <summary>
        <Text span size="xs">
          {t('history.detail.raw')}
        </Text>
      </summary>
      <Code block className="raw-exchange">
        {JSON.stringify(readable(detail), null, 2)}
      </Code>
    </details>
  )
}
