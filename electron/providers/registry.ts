import type { ProviderId } from '../../shared/domain/providers.ts'
import { bluepay } from './bluepay/index.ts'
import type { ProviderClient, ProviderConfig } from './types.ts'
import { vexora } from './vexora/index.ts'

/** The one place that knows which gateways exist. `secret` is the Vexora app secret or BluePay private key. */
export const PROVIDERS: Record<
  ProviderId,
  { createClient(config: ProviderConfig, secret: string): ProviderClient }
> = {
  vexora,
  bluepay,
}
