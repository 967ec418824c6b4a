import { create } from 'zustand'
import type { PayoutRow } from '../../../../shared/ipc/contract.ts'
import type { BatchSummary } from '../../../../shared/ipc/history-contract.ts'
import type { CommittedImport, ImportView, RetriedBatch } from '../../../../shared/ipc/import-contract.ts'
import type { BatchProgressView } from '../../../../shared/ipc/payouts-contract.ts'
import type { CurrencyCode } from '../../../../shared/money.ts'
import { freshBalance, type ShownBalance } from '../../api/balance.ts'
import type { IpcResult } from '../../../../shared/ipc/result.ts'
import { errorMessage, unwrap } from '../../api/call.ts'
import { throttled } from '../../api/throttled.ts'

export type ImportPhase = 'choose' | 'review' | 'sending' | 'results'

export type ImportLedger = 'desk' | 'team'

interface BatchImportState {
  /** The book the next file is written to: this desk's own ledger, or the team's (once connected). */
  ledger: ImportLedger
  profileId: string | null
  phase: ImportPhase
  view: ImportView | null
  balance: ShownBalance | null
  batchId: string | null
  progress: BatchProgressView | null
  batch: BatchSummary | null
  results: PayoutRow[]
  busy: boolean
  error: string | null
  /** A short line after a file was saved (template, results). */
  notice: { key: 'templateSaved' | 'resultsSaved'; path: string; count: number } | null
  /** The last batch written went over a release limit: it waits for the owner and was not sent. */
  held: { count: number } | null
  /** Failed payouts the last Retry did not pay again, each with main's reason (they stay as they were). */
  retryLeft: RetriedBatch['left']
  /** The last file written to the team ledger: nothing was sent, and this says what became of it. */
  teamWritten: (NonNullable<CommittedImport['team']> & { currency: CurrencyCode }) | null
  setLedger: (ledger: ImportLedger) => void
  setProfile: (profileId: string | null) => void
  chooseFile: () => Promise<void>
  saveTemplate: () => Promise<void>
  remap: (column: string, target: string | null) => Promise<void>
  /** Reads another sheet of the same workbook. */
  chooseSheet: (sheet: string) => Promise<void>
  editRow: (line: number, cells: Record<string, string>) => Promise<boolean>
  removeRow: (line: number) => Promise<void>
  accept: (line: number | 'file' | 'thousands-dot', accepted: boolean) => Promise<void>
  loadBalance: () => Promise<void>
  /** Writes the batch and starts sending it. */
  confirmAndSend: () => Promise<void>
  pause: () => Promise<void>
  resume: () => Promise<void>
  cancel: () => Promise<void>
  loadResults: () => Promise<void>
  checkStatuses: () => Promise<void>
  retryFailed: () => Promise<void>
  exportResults: () => Promise<void>
  startOver: () => Promise<void>
}

const EMPTY = {
  phase: 'choose' as ImportPhase,
  view: null,
  balance: null,
  batchId: null,
  progress: null,
  batch: null,
  results: [],
  error: null,
  notice: null,
  held: null,
  retryLeft: [] as RetriedBatch['left'],
  teamWritten: null,
}

export const useBatchImport = create<BatchImportState>((set, get) => {
  /** Runs one request with the busy flag on; a failure is shown, never thrown (the answer is then null). */
  const run = async <T>(request: () => Promise<IpcResult<T>>, then: (value: T) => void = () => undefined) => {
    set({ busy: true, error: null })
    try {
      const value = await unwrap(request())
      then(value)
      return { value }
    } catch (error) {
      set({ error: errorMessage(error) })
      return null
    } finally {
      set({ busy: false })
    }
  }
  const importId = () => get().view?.importId ?? ''
  const setView = (view: ImportView) => set({ view })
  const batchId = () => get().batchId ?? ''
  /** Pause, resume or cancel the batch being sent; the answer is its progress. */
  const control = async (request: (input: { batchId: string }) => Promise<IpcResult<BatchProgressView>>) => {
    await run(
      () => request({ batchId: batchId() }),
      (progress) => set({ progress }),
    )
  }
  const startSending = async (id: string) => {
    set({ batchId: id, phase: 'sending', progress: null, results: [], batch: null, notice: null })
    // The last progress event can overtake this answer; never step back from results to sending.
    await run(
      () => window.api.startBatch({ batchId: id }),
      (progress) => get().phase === 'sending' && set({ progress }),
    )
  }

  return {
    ledger: 'desk',
    profileId: null,
    busy: false,
    ...EMPTY,
    // The two books' profiles are different ones: a profile chosen for one is never taken for the other.
    setLedger: (ledger) => get().ledger !== ledger && set({ ledger, profileId: null }),
    setProfile: (profileId) => set({ profileId }),
    chooseFile: async () => {
      const { profileId, ledger } = get()
      if (!profileId) return
      set({ notice: null, held: null, retryLeft: [], teamWritten: null })
      await run(
        () => window.api.openImportFile({ profileId, ledger }),
        (view) => {
          if (!view) return
          // Chosen for another book or profile than the one now picked: not shown, and let go in main.
          if (get().ledger !== view.ledger || get().profileId !== view.profileId) {
            void window.api.discardImport({ importId: view.importId })
            return
          }
          set({ view, phase: 'review', balance: null })
        },
      )
      if (get().view) await get().loadBalance()
    },
    saveTemplate: async () => {
      const { profileId, ledger } = get()
      if (!profileId) return
      await run(
        () => window.api.saveImportTemplate({ profileId, ledger }),
        (saved) => saved.savedTo && set({ notice: { key: 'templateSaved', path: saved.savedTo, count: 0 } }),
      )
    },
    remap: async (column, target) => {
      const mapping = { ...get().view?.mapping, [column]: target }
      // Picking a field another column already holds moves it here, as a person would expect.
      for (const [c, t] of Object.entries(mapping))
        if (c !== column && target !== null && t === target) mapping[c] = null
      await run(() => window.api.remapImport({ importId: importId(), mapping }), setView)
    },
    chooseSheet: async (sheet) => {
      await run(() => window.api.remapImport({ importId: importId(), mapping: {}, sheet }), setView)
    },
    editRow: async (line, cells) =>
      (await run(() => window.api.editImportRow({ importId: importId(), line, cells }), setView)) !== null,
    removeRow: async (line) => {
      await run(() => window.api.removeImportRow({ importId: importId(), line }), setView)
    },
    accept: async (line, accepted) => {
      const revision = get().view?.revision ?? 0
      await run(
        () => window.api.acceptImportWarning({ importId: importId(), line, accepted, revision }),
        setView,
      )
    },
    loadBalance: async () => {
      const view = get().view
      // A team profile's balance is the sending desk's to check: this desk may not hold its secret.
      if (!view || view.ledger === 'team') return
      const { profileId } = view
      try {
        set({ balance: await freshBalance(profileId) })
      } catch (error) {
        set({ balance: { balance: null, problem: errorMessage(error) } })
      }
    },
    confirmAndSend: async () => {
      const revision = get().view?.revision ?? 0
      const shown = get().view
      if (!shown) return
      const { currency } = shown
      const committed = await run(() => window.api.confirmImport({ importId: importId(), revision }))
      const team = committed?.value.team
      if (team) set({ ...EMPTY, teamWritten: { ...team, currency } })
      else if (committed?.value.awaitingRelease) set({ ...EMPTY, held: { count: committed.value.count } })
      else if (committed) {
        set({ view: null })
        await startSending(committed.value.batchId)
      }
    },
    pause: () => control(window.api.pauseBatch),
    resume: () => control(window.api.resumeBatch),
    cancel: () => control(window.api.cancelBatch),
    loadResults: async () => {
      const id = batchId()
      if (!id) return
      try {
        const [batch, page] = await Promise.all([
          unwrap(window.api.getBatch({ batchId: id })),
          unwrap(window.api.listPayouts({ batchId: id, limit: 500, sort: 'oldest' })),
        ])
        set({ batch, results: page.rows })
      } catch (error) {
        set({ error: errorMessage(error) })
      }
    },
    checkStatuses: async () => {
      await run(() => window.api.refreshPayouts({ batchId: batchId() }))
      await get().loadResults()
    },
    retryFailed: async () => {
      const retry = await run(() => window.api.retryFailedPayouts({ batchId: batchId() }))
      if (retry) set({ retryLeft: retry.value.left })
      if (retry?.value.awaitingRelease) set({ held: { count: retry.value.count } })
      else if (retry) await startSending(retry.value.batchId)
    },
    exportResults: async () => {
      await run(
        () => window.api.exportPayouts({ batchId: batchId(), sort: 'oldest' }),
        (saved) =>
          saved.savedTo && set({ notice: { key: 'resultsSaved', path: saved.savedTo, count: saved.count } }),
      )
    },
    startOver: async () => {
      const id = get().view?.importId
      if (id) await window.api.discardImport({ importId: id })
      set({ ...EMPTY })
    },
  }
})

/** Main pushes progress while a batch is sent; the screen follows it and loads results when it ends. */
export function followBatchEvents(): () => void {
  const offProgress = window.api.onBatchProgress((progress) => {
    const state = useBatchImport.getState()
    if (progress.batchId !== state.batchId) return
    useBatchImport.setState({ progress })
    if (progress.state === 'done' || progress.state === 'cancelled') {
      useBatchImport.setState({ phase: 'results' })
      void state.loadResults()
    }
  })
  const offPayouts = window.api.onPayoutsChanged(
    throttled(() => {
      const state = useBatchImport.getState()
      if (state.phase === 'results') void state.loadResults()
    }),
  )
  return () => {
    offProgress()
    offPayouts()
  }
}
