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

export const useNav = create<NavState>((set) => ({
  page: 'dashboard',
  go: (page) => set({ page }),
}))
