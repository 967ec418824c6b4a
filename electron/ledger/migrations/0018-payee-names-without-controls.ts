/**
 * A name's key leaves out control characters too (CONTROL_RANGES, shared/domain/payee-account.ts): a name
 * saved before fields refused them, "Dewi\u0007Lestari", kept a key of its own, so a payout in her name
 * to another account went without the question (review 64). Migration 17's work again, whose test of a
 * key (hasInvisible) now takes control characters: the keys of those names are computed again from their
 * payouts' fields. On a ledger that ran 17 since controls were added it finds nothing left to do.
 */
export { up } from './0017-payee-names-without-invisibles.ts'
