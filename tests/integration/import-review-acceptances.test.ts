// Issue 21 (review): in the window's import review a tick stands for the warnings the person saw. A line
// ticked for one warning (a repeat) loses its tick when the file is checked again (any edit of another
// row) and the check adds an account change to it; before, the commit then paid the new account,
// recording the change as accepted, though the person only ever accepted a repeat.
import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { listProfiles } from '../../electron/ledger/profiles-repo.ts'
import { eventually } from '../support/eventually.ts'
import { idrFields } from '../support/sandbox-clients.ts'
import { ipcServicesSuite } from '../support/ipc-services.ts'

const t = ipcServicesSuite({ sandbox: { settleAfterMs: 100 }, engine: { settleMs: 0 } })
const { call, refusal } = t

const vexora = () => {
  const p = listProfiles(t.services.ledger).find((x) => x.provider === 'vexora')
  if (!p) throw new Error('no vexora profile')
  return p
}

/** Siti is paid at her real account 0012345 through New payout, and the ledger learns it. */
async function sitiPaidAtHerAccount(profileId: string) {
  const created = await call('createPayout', {
    profileId,
    amount: '100000',
    fields: { ...idrFields('0012345', 'Siti Rahma'), mobile: '081234567890' },
    idempotencyKey: randomUUID(),
  })
  await eventually(async () => {
    await call('refreshPayouts', { ids: [created.id] })
    expect((await call('getPayout', { id: created.id })).status).toBe('succeeded')
  }, 30_000)
  expect((await call('listRecipients', { profileId })).map((r) => r.account)).toContain('0012345')
}

const fraudRow = 'Siti Rahma,0099999,0002,081234567890,siti@example.com,250000'

describe('an import review whose warnings change after a tick', () => {
  it('a row accepted for one warning keeps the tick when a restage adds an account change to it', async () => {
    const profileId = vexora().id
    // A batch written a moment ago and not sent yet (paused, or waiting for its Send) pays the same
    // amount to 0099999 for someone else: the row repeats it, and 0099999 is nobody's account yet.
    t.files.next = {
      name: 'earlier.csv',
      bytes: Buffer.from(
        'name,account number,bank code,mobile,email,amount\nAni,0099999,0002,081300000000,ani@example.com,250000\n',
      ),
    }
    const earlier = await call('openImportFile', { profileId })
    if (!earlier) throw new Error('no review')
    await call('confirmImport', { importId: earlier.importId })
    t.files.next = {
      name: 'december.csv',
      bytes: Buffer.from(
        `name,account number,bank code,mobile,email,amount\n${fraudRow}\nBudi,0077777,0002,081200000000,budi@example.com,175000\n`,
      ),
    }
    let view = await call('openImportFile', { profileId })
    if (!view) throw new Error('no review')
    expect(view.rows[0]?.warnings.map((w) => w.code)).toEqual(['sent_recently'])
    // The person accepts the repeat on line 2 (they mean to pay that account again).
    view = await call('acceptImportWarning', {
      importId: view.importId,
      line: 2,
      accepted: true,
      revision: view.revision,
    })

    await sitiPaidAtHerAccount(profileId)

    // Any edit elsewhere checks the file again: line 2 now also says ACCOUNT CHANGED ...
    view = await call('editImportRow', {
      importId: view.importId,
      line: 3,
      cells: { amount: '175001' },
    })
    const line2 = view.rows.find((r) => r.line === 2)
    expect(line2?.warnings.map((w) => w.code)).toContain('account_changed')
    // ... and must not count as accepted: the person accepted a repeat, not a new account.
    expect(line2?.accepted).toBe(false)
    const outcome = await refusal('confirmImport', { importId: view.importId }).catch((e: unknown) => e)
    expect(outcome).toMatchObject({ code: 'INVALID_INPUT' })
  })

  it('a repeat accepted before another payout of the same amount to that account is asked about again', async () => {
    const profileId = vexora().id
    const repeat = (file: string) => ({
      name: file,
      bytes: Buffer.from(
        'name,account number,bank code,mobile,email,amount\nAni,0088888,0002,081300000000,ani@example.com,125000\n',
      ),
    })
    t.files.next = repeat('monday.csv')
    const monday = await call('openImportFile', { profileId })
    if (!monday) throw new Error('no review')
    await call('confirmImport', { importId: monday.importId })
    t.files.next = {
      name: 'tuesday.csv',
      bytes: Buffer.from(
        'name,account number,bank code,mobile,email,amount\nAni,0088888,0002,081300000000,ani@example.com,125000\nBudi,0077778,0002,081200000000,budi@example.com,175000\n',
      ),
    }
    let view = await call('openImportFile', { profileId })
    if (!view) throw new Error('no review')
    view = await call('acceptImportWarning', {
      importId: view.importId,
      line: 2,
      accepted: true,
      revision: view.revision,
    })
    // The same payout again, from another file, the same day: the person accepted paying Ani twice.
    t.files.next = {
      ...repeat('wednesday.csv'),
      bytes: Buffer.concat([repeat('x').bytes, Buffer.from('\n')]),
    }
    const third = await call('openImportFile', { profileId })
    if (!third) throw new Error('no review')
    await call('acceptImportWarning', {
      importId: third.importId,
      line: 2,
      accepted: true,
      revision: third.revision,
    })
    await call('confirmImport', { importId: third.importId })
    view = await call('editImportRow', { importId: view.importId, line: 3, cells: { amount: '175001' } })
    expect(view.rows.find((r) => r.line === 2)?.accepted).toBe(false)
  })
})
