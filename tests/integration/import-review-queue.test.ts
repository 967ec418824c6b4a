// Covers electron/import/import-sessions.ts: what a tick or a confirm stands for when a change to the
// review was checked after the view the person acted on (adversarial review findings).
import { describe, expect, it } from 'vitest'
import { listProfiles } from '../../electron/ledger/profiles-repo.ts'
import { ipcServicesSuite } from '../support/ipc-services.ts'

const t = ipcServicesSuite({ sandbox: { settleAfterMs: 100 }, engine: { settleMs: 0 } })
const { call } = t
/** Opens, for the sandbox's Vexora profile, a file of two rows with two columns that may be the amount. */
async function openTwoAmounts(name: string, ana: string, bo: string) {
  const profile = listProfiles(t.services.ledger).find((x) => x.provider === 'vexora')
  if (!profile) throw new Error('no vexora profile')
  t.files.next = {
    name,
    bytes: Buffer.from(
      'Name,Account No,Bank Code,Mobile,Email,Amount,Other\n' +
        `Ana,0011,0002,081234567890,a@example.com,${ana}\n` +
        `Bo,0022,0002,081234567890,b@example.com,${bo}\n`,
    ),
  }
  const view = await call('openImportFile', { profileId: profile.id })
  if (!view) throw new Error('no review')
  return view
}

describe('thousands-dot confirmation', () => {
  it('is not carried to another amount column after a remap', async () => {
    let view = await openTwoAmounts('dots.csv', '"Rp 1.500.000",250.000', '25000,175.000')
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
    const view = await openTwoAmounts('clean.csv', '250000,9999999', '175000,8888888')
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
