/**
 * Vitest setup (every test file, before its tests): each parallel worker keeps the app's keychain entries
 * under a service of its own, inherited by the payout-desk processes its tests spawn. The seal key and the
 * list of limited profiles are one entry per service, made by whichever process comes first: two workers
 * sharing one could make two keys at once, or lose each other's profile from the list.
 */
process.env.PAYOUT_DESK_KEYCHAIN_SERVICE = `Payout Desk test worker ${process.env.VITEST_POOL_ID ?? '1'}`
