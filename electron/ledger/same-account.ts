/**
 * The SQL set of profiles that name, or once named, the gateway account profile `?` names now (itself
 * included): one merchant account is one purse, so a repeat sent through another profile of it is still a
 * repeat, and so is one sent through a profile pointed at another merchant since (migration 19). What such
 * a profile paid elsewhere is read too: one question more, never one fewer.
 */
export const SAME_ACCOUNT_PROFILES = `SELECT a.profile_id FROM profile_accounts a JOIN profiles p
  ON a.account_key = p.provider || ' ' || p.base_url || ' ' || p.merchant_id WHERE p.id = ?`
