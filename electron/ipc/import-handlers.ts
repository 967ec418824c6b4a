import { confirmImport, reviewTarget } from '../actions/import-file.ts'
import { readSheet } from '../import/read-sheet.ts'
import { importTemplate } from '../import/template.ts'
import { bankList, importBankList } from '../payouts/bank-lists.ts'
import { resolveProfile } from '../payouts/draft-payout.ts'
import type { Services } from '../services/create-services.ts'
import type { Handlers } from './dispatch.ts'

type ImportHandlers = Pick<
  Handlers,
  | 'openImportFile'
  | 'saveImportTemplate'
  | 'remapImport'
  | 'editImportRow'
  | 'removeImportRow'
  | 'acceptImportWarning'
  | 'confirmImport'
  | 'discardImport'
  | 'getBankList'
  | 'importBankList'
>

export function importHandlers(services: Services): ImportHandlers {
  const { ledger: db, imports, files } = services
  return {
    /** Main shows the open dialog and reads the file; the window gets rows, never a path or a handle. */
    openImportFile: async (input) => {
      // The profile is looked up before the dialog: an unknown one (or an unreachable team) asks no file.
      const target = await reviewTarget(services, input)
      const file = await files.pickImportFile()
      if (!file) return null
      return imports.open(target, file.name, file.bytes)
    },
    saveImportTemplate: async (input) => {
      const { provider, area, shape } = await reviewTarget(services, input)
      const name = `payout-template-${provider}-${area}.xlsx`.toLowerCase()
      return { savedTo: await files.saveFile(name, await importTemplate(shape)), count: 0 }
    },
    remapImport: ({ importId, mapping, sheet }) =>
      sheet === undefined ? imports.remap(importId, mapping) : imports.chooseSheet(importId, sheet),
    editImportRow: ({ importId, line, cells }) => imports.editRow(importId, line, cells),
    removeImportRow: ({ importId, line }) => imports.removeRow(importId, line),
    acceptImportWarning: ({ importId, line, accepted, revision }) =>
      imports.accept(importId, line, accepted, revision),
    confirmImport: ({ importId, revision }) => confirmImport(services, importId, revision),
    getBankList: ({ profileId }) => {
      const { profile, shape } = resolveProfile(db, profileId)
      return bankList(db, profile, shape.bankFields[0] ?? '')
    },
    /** The person's own list from their gateway, which the shipped (documented) codes cannot replace. */
    importBankList: async ({ profileId }) => {
      const { profile, shape } = resolveProfile(db, profileId)
      const file = await files.pickImportFile()
      if (!file) return null
      importBankList(db, profileId, await readSheet(file.name, file.bytes))
      return bankList(db, profile, shape.bankFields[0] ?? '')
    },
    discardImport: ({ importId }) => {
      imports.discard(importId)
      return { discarded: true as const }
    },
  }
}
