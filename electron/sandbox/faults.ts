import { z } from 'zod'

/**
 * Faults the sandbox can inject so tests can prove the client never pays twice:
 *   drop-before   close the connection without processing the request
 *   drop-after    process it (the payout exists), then close the connection without answering
 *   slow          process it, then answer only after `delayMs` (longer than the client waits)
 *   http-502      answer 502 without processing
 *   system-error  process it, then answer the gateway's "system error" code (Vexora 5000, BluePay 21000)
 *   malformed     process it, then answer 200 with a body that is not JSON
 */
export const FAULT_MODES = [
  'drop-before',
  'drop-after',
  'slow',
  'http-502',
  'system-error',
  'malformed',
] as const
export type FaultMode = (typeof FAULT_MODES)[number]

export const FaultSpec = z
  .object({
    mode: z.enum(FAULT_MODES),
    provider: z.enum(['vexora', 'bluepay']).optional(),
    endpoint: z.enum(['create', 'query', 'balance']).optional(),
    /** How many matching requests it applies to. */
    times: z.number().int().min(1).max(10_000).default(1),
    delayMs: z.number().int().min(0).max(120_000).default(5_000),
  })
  .strict()
export type FaultSpec = z.output<typeof FaultSpec>

export type Endpoint = 'create' | 'query' | 'balance'

export class FaultQueue {
  private faults: FaultSpec[] = []

  add(spec: z.input<typeof FaultSpec>): void {
    this.faults.push(FaultSpec.parse(spec))
  }

  clear(): void {
    this.faults = []
  }

  /** The first fault matching this request, with one use taken from it. */
  take(provider: 'vexora' | 'bluepay', endpoint: Endpoint): FaultSpec | null {
    const index = this.faults.findIndex(
      (f) => (!f.provider || f.provider === provider) && (!f.endpoint || f.endpoint === endpoint),
    )
    if (index < 0) return null
    const fault = this.faults[index] as FaultSpec
    fault.times -= 1
    if (fault.times <= 0) this.faults.splice(index, 1)
    return fault
  }

  pending(): readonly FaultSpec[] {
    return this.faults
  }
}
