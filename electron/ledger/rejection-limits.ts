/** How much of a refused callback the ledger keeps: enough to recognise it, too little to fill a disk. */
export const REJECTION_PREFIX_CHARS = 256
/** Refused callbacks kept; older ones are dropped as new ones arrive (about 0.5 MB at most). */
export const REJECTIONS_KEPT = 1_000
