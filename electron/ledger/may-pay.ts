/**
 * The SQL condition for a payout that may take money, or already has: every one but those a gateway
 * refused or failed and those cancelled before any attempt left this computer. A payout a person marked
 * "not sent" after an attempt (cancelled with attempts > 0) stays in: without the gateway's word it may
 * have been paid all the same, so paying that amount to that account again is a repeat to ask about, and
 * its amount counts against the day's limit. (`attempts` counts only attempts that may have left: a
 * refused connection gives its attempt back.)
 */
export const mayPay = (table = ''): string => {
  const t = table ? `${table}.` : ''
  return `(${t}status NOT IN ('rejected', 'cancelled', 'failed') OR (${t}status = 'cancelled' AND ${t}attempts > 0))`
}

/**
 * The SQL set of profiles that name the same gateway account as profile `?` (itself included): one
 * merchant account is one purse, so a repeat sent through another profile of it is still a repeat.
 */
export const SAME_ACCOUNT_PROFILES = `SELECT s.id FROM profiles s JOIN profiles p
  ON s.provider = p.provider AND s.base_url = p.base_url AND s.merchant_id = p.merchant_id WHERE p.id = ?`
