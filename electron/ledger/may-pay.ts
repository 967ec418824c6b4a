/**
 * The SQL condition for a payout that may take money, or already has: every one but those a gateway
 * refused or failed and those cancelled before any attempt left this computer. Some final ones stay in,
 * because without the gateway's word they may have been paid all the same: one a person marked "not
 * sent" after an attempt (cancelled with attempts > 0); and a failed or refused one the gateway
 * contradicts (it says it has it or paid it: a person is asked) or a person kept as it was against the
 * gateway's word. (A refused one the gateway later calls failed is consistent: it did not pay.) Paying that
 * amount to that account again is then a repeat to ask about, and its amount counts against the day's
 * limit; until a Retry replaced it, which happens only on the gateway's definite word that it did not
 * pay. (`attempts` counts only attempts that may have left: a refused connection gives its attempt back.)
 */
export const mayPay = (table = 'payouts'): string => {
  const t = `${table}.`
  const notReplaced = `NOT EXISTS (SELECT 1 FROM payouts successor WHERE successor.retry_of = ${t}id)`
  const keptAgainstGateway = `EXISTS (SELECT 1 FROM payout_events kept WHERE kept.payout_id = ${t}id
    AND kept.kind = 'decision' AND json_extract(kept.detail_json, '$.action') = 'keep-ledger')`
  return `(${t}status NOT IN ('rejected', 'cancelled', 'failed')
    OR (${t}status = 'cancelled' AND ${t}attempts > 0 AND ${notReplaced})
    OR (${t}status IN ('failed', 'rejected') AND (${t}attention = 'contradiction' OR ${keptAgainstGateway})
        AND ${notReplaced}))`
}
