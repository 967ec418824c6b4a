/**
 * The SQL set of profiles that name the same gateway account as profile `?` (itself included): one
 * merchant account is one purse, so a repeat sent through another profile of it is still a repeat.
 */
export const SAME_ACCOUNT_PROFILES = `SELECT s.id FROM profiles s JOIN profiles p
  ON s.provider = p.provider AND s.base_url = p.base_url AND s.merchant_id = p.merchant_id WHERE p.id = ?`
