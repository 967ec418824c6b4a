import { useTranslation } from 'react-i18next'
import type { ProviderId } from '../../../shared/domain/providers.ts'

const GATEWAY: Record<ProviderId, string> = { vexora: 'Vexora', bluepay: 'BluePay Asia' }

/** A profile's gateway and the country it pays in, as the profile tables show it ("Vexora · Indonesia"). */
export function GatewayArea({ provider, area }: { provider: ProviderId; area: string }) {
  const { t } = useTranslation()
  return (
    <>
      {GATEWAY[provider]} · {t(`areas.${area}`)}
    </>
  )
}
