/** How the history can be ordered. Kept apart from the IPC schemas so the window can import it without zod. */
export const HISTORY_SORTS = ['newest', 'oldest', 'amountHigh', 'amountLow'] as const
export type HistorySort = (typeof HISTORY_SORTS)[number]
