import type { ProviderId } from '../../shared/domain/providers.ts'
import { bluepay } from './bluepay/index.ts'
import type { ProviderClient, ProviderConfig } from './types.ts'
import { vexora } from './vexora/index.ts'

/** The one place that knows which gateways exist. `secret` is the Vexora app secret or BluePay private key. */
export const PROVIDERS: Record<
  ProviderId,
  {
    createClient(config: ProviderConfig, secret: string): ProviderClient
    /** The fields as its client would send them, or the refusal it would throw before any request. */
    checkFields(area: string, fields: Readonly<Record<string, string>>): Record<string, string>
  }
> = {
  vexora,
  bluepay,
}
