import { z } from 'zod'

/** Counts own keys, stopping once past `limit`: an object with 200,000 keys costs no more than 33. */
function hasAtMostKeys(value: object, limit: number): boolean {
  let n = 0
  for (const key in value) {
    if (Object.hasOwn(value, key) && ++n > limit) return false
  }
  return true
}

/**
 * A free-form object from the window (text keys to values), refused in plain words when it has more
 * than `maxKeys` keys, before any key or value is looked at.
 */
export function cappedRecord<V extends z.ZodType>(
  value: V,
  limits: { maxKeys: number; maxKeyLength: number; what: string },
) {
  const { maxKeys, maxKeyLength, what } = limits
  return z
    .custom<Record<string, unknown>>(
      (v) => typeof v === 'object' && v !== null && !Array.isArray(v) && hasAtMostKeys(v, maxKeys),
      { message: `${what} must be an object of at most ${maxKeys} entries.` },
    )
    .pipe(
      z.record(
        z
          .string()
          .min(1, `${what}: a name is empty.`)
          .max(maxKeyLength, `${what}: a name is longer than ${maxKeyLength} characters.`),
        value,
      ),
    )
}

/** A payout's gateway fields: a gateway has about a dozen, so 32 leaves room and refuses a flood. */
export const PayoutFields = cappedRecord(
  z.string().max(500, 'A payout field is longer than 500 characters. Shorten it.'),
  { maxKeys: 32, maxKeyLength: 64, what: 'The payout fields' },
)
