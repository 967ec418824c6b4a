// Covers electron/import/import-sessions.ts: what a tick or a confirm stands for when a change to the
// review was checked after the view the person acted on (adversarial review findings).
import { describe, expect, it } from 'vitest'
import { listProfiles } from '../../electron/ledger/profiles-repo.ts'
import { ipcServicesSuite } from '../support/ipc-services.ts'

const t = ipcServicesSuite({ sandbox: { settleAfterMs: 100 }, engine: { settleMs: 0 } })
const { call } = t
const vexora = () => {
  const p = listProfiles(t.services.ledger).find((x) => x.provider === 'vexora')
  if (!p) throw new Error('no vexora profile')
  return p
}

describe('thousands-dot confirmation', () => {
  it('is not carried to another amount column after a remap', async () => {
    const profileId = vexora().id
    t.files.next = {
      name: 'dots.csv',
      bytes: Buffer.from(
        'Name,Account No,Bank Code,Mobile,Email,Amount,Other\n' +
          'Ana,0011,0002,081234567890,a@example.com,"Rp 1.500.000",250.000\n' +
          'Bo,0022,0002,081234567890,b@example.com,25000,175.000\n',
      ),
    }
    let view = await call('openImportFile', { profileId })
    if (!view) throw new Error('no review')
    expect(view.thousandsDot).toMatchObject({ column: 'Amount', example: 'Rp 1.500.000', confirmed: false })
    view = await call('acceptImportWarning', {
      importId: view.importId,
      line: 'thousands-dot',
      accepted: true,
      revision: view.revision,
    })
    expect(view.thousandsDot).toMatchObject({ column: 'Amount', confirmed: true })
    // The person now reads the amount from another column, written with dots they never confirmed.
    view = await call('remapImport', { importId: view.importId, mapping: { Amount: null, Other: 'amount' } })
    expect(view.thousandsDot).toMatchObject({ column: 'Other', example: '250.000' })
    // Not confirmed for this column: a confirm would write 250000 + 175000 the person never saw read so.
    expect(view.thousandsDot?.confirmed).toBe(false)
    expect((await t.refusal('confirmImport', { importId: view.importId })).message).toMatch(
      /dots between thousands/,
    )
  })
})

describe('confirm after a change the person has not seen', () => {
  it('is refused when a remap queued before it checked the file again', async () => {
    const profileId = vexora().id
    t.files.next = {
      name: 'clean.csv',
      bytes: Buffer.from(
        'Name,Account No,Bank Code,Mobile,Email,Amount,Other\n' +
          'Ana,0011,0002,081234567890,a@example.com,250000,9999999\n' +
          'Bo,0022,0002,081234567890,b@example.com,175000,8888888\n',
      ),
    }
    const view = await call('openImportFile', { profileId })
    if (!view) throw new Error('no review')
    expect(view.totalMinor).toBe(425_000)
    // The window sends a remap, then (before its answer arrives) Confirm on the view it shows.
    const [remapped, confirmed] = await Promise.allSettled([
      call('remapImport', { importId: view.importId, mapping: { Amount: null, Other: 'amount' } }),
      call('confirmImport', { importId: view.importId, revision: view.revision }),
    ])
    expect(remapped.status).toBe('fulfilled')
    // Refused: it would write 18,888,887 read from "Other", a total the person never saw.
    expect(confirmed.status).toBe('rejected')
    expect(String((confirmed as PromiseRejectedResult).reason)).toMatch(/checked again/)
    const now = remapped.status === 'fulfilled' ? remapped.value : null
    // Confirmed on the view the remap gave, it is written.
    const written = await call('confirmImport', { importId: view.importId, revision: now?.revision ?? 0 })
    expect(written.count).toBe(2)
  })
})
