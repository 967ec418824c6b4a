import { create } from 'zustand'

export const PAGES = [
  'dashboard',
  'attention',
  'newPayout',
  'batchImport',
  'history',
  'recipients',
  'settings',
] as const
export type Page = (typeof PAGES)[number]

interface NavState {
  page: Page
  go: (page: Page) => void
}

// Set by a change of screen, taken once by the new screen's heading. The first screen after start does
// not take focus: Tab then begins at the skip link.
let focusPending = false

export const useNav = create<NavState>((set) => ({
  page: 'dashboard',
  go: (page) => {
    focusPending = true
    set({ page })
  },
}))

/** True once after the person changed screen: the new screen's heading should take focus. */
export function takeNavigationFocus(): boolean {
  const pending = focusPending
  focusPending = false
  return pending
}
