import { randomBytes } from 'node:crypto'

let lastMs = 0
let lastTail = 0n
const TAIL_BITS = 74 // rand_a (12) + rand_b (62)

/**
 * A UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then random bits, made monotonic within the process
 * (RFC 9562 §6.2 method 2: within one millisecond the random tail counts up). Payout ids then sort by
 * creation, so a 100,000-row import appends to each id index instead of writing all over it.
 */
export function timeOrderedId(now = Date.now()): string {
  let ms = now
  let tail: bigint
  if (ms <= lastMs) {
    ms = lastMs
    tail = BigInt.asUintN(TAIL_BITS, lastTail + 1n)
  } else {
    // 80 random bits, shifted down to the 74 the layout has room for.
    tail = BigInt(`0x${randomBytes(10).toString('hex')}`) >> 6n
  }
  lastMs = ms
  lastTail = tail
  const randA = Number(tail >> 62n)
  const randB = tail & ((1n << 62n) - 1n)
  const hex =
    ms.toString(16).padStart(12, '0') +
    (0x7000 | randA).toString(16) +
    ((2n << 62n) | randB).toString(16).padStart(16, '0')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}
