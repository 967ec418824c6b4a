// Two desks, one team ledger on a real PostgreSQL server: both connect their window in Settings → Team;
// Budi (a bookkeeper) prepares a batch over the profile's limit in his window's Batch import, which
// offers him no approval of it; Siti's window names what she approves (count, total, test money,
// payees) and approves it; her window keeps the profile's secret and sends it, once.
// Actions covered (all in the window): connectTeam, teamReviewTarget + commitTeamFile (Batch import onto
// the team ledger), listTeamApprovals, approveTeamPayouts, keepTeamSecret, sendForTeam, teamAttention +
// decideForTeam (Needs your decision), teamHistory; and New payout and Pay again onto the team ledger
// (teamPayReviews: reviewTeamPayout + writeTeamPayout, teamPayAgainForm); a batch's Retry (retryTeamBatch);
// what an owner is shown of each waiting payout (listTeamApprovals' notes), and her refusal (refuseTeamPayouts).
import type { Page } from '@playwright/test'
import { randomUUID } from 'node:crypto'
import { createHandlers } from '../../electron/ipc/handlers.ts'
import type { Sandbox } from '../../electron/sandbox/server.ts'
import { createKeychainSecretStore } from '../../electron/secrets/secret-store.ts'
import type { PostgresServer } from '../support/postgres-server.ts'
import { idrFields } from '../support/sandbox-clients.ts'
import { scriptedFiles } from '../support/scripted-files.ts'
import {
  leaveInDoubt,
  sandboxTeamProfile,
  teamOfTwoWithSandbox,
  writeTeamPayout,
} from '../support/team-fixtures.ts'
import { teamSessions } from '../support/team-sessions.ts'
import { makeTempDir } from '../support/temp-dir.ts'
import { a11yScanner } from './harness/a11y.ts'
import { pageEmitter } from './harness/bind-api.ts'
import { deskServices, expect, openScreen, openWindow, switchLanguage, test } from './harness/fixtures.ts'

const PASSWORD = { siti: 'siti-owner-passphrase', budi: 'budi-bookkeeper-pw' }
type Person = keyof typeof PASSWORD
let server: PostgresServer | undefined
let sandbox: Sandbox
const { as, admin } = teamSessions(() => server, PASSWORD)
const run = randomUUID().slice(0, 8)
const KEYCHAIN = { siti: `Payout Desk e2e siti ${run}`, budi: `Payout Desk e2e budi ${run}` }
let profile = ''

test.describe.configure({ timeout: 240_000 })
test.beforeAll(async () => {
  ;({ server, sandbox } = await teamOfTwoWithSandbox(PASSWORD))
  profile = await sandboxTeamProfile(as, 'siti', sandbox, 'Toko Team')
})
test.afterAll(async () => {
  for (const service of Object.values(KEYCHAIN)) {
    const store = createKeychainSecretStore(service)
    await store.delete(profile).catch(() => undefined)
  }
  await sandbox.close()
  await server?.stop()
})

/** A person's own desk: its data folder, its keychain, its window on the built renderer. */
async function openDesk(page: Page, person: Person) {
  const tmp = makeTempDir(`payout-desk-e2e-${person}-`)
  const emit = pageEmitter(() => page)
  const files = scriptedFiles(tmp.dir)
  const desk = await deskServices(tmp.dir, emit, files, {
    secrets: createKeychainSecretStore(KEYCHAIN[person]),
  })
  const internalErrors: unknown[] = []
  const handlers = createHandlers(desk.services, emit)
  const window = await openWindow(page, handlers, internalErrors)
  return {
    files,
    close: async () => {
      // The login's password leaves this test's keychain with the desk.
      await handlers.forgetTeam(undefined)
      await window.close()
      await desk.close()
      tmp.cleanup()
      expect(internalErrors).toEqual([])
    },
  }
}

/** Settings → Team, as the person types it: the server as the administrator gave it, their login. */
async function connectWindow(page: Page, person: Person) {
  const url = new URL((server as PostgresServer).urlFor(person, PASSWORD[person]))
  await openScreen(page, 'Settings')
  const panel = page.getByTestId('team-panel')
  await panel.getByLabel('Server').fill(`${url.host}${url.pathname}`)
  await panel.getByLabel('Your login').fill(person)
  await panel.getByLabel('Your password').fill(PASSWORD[person])
  await panel.getByRole('button', { name: 'Connect' }).click()
  await expect(panel.getByTestId('team-connection')).toContainText(
    `Connected as ${person} (${person === 'siti' ? 'owner' : 'bookkeeper'})`,
  )
  // The password went to the keychain; the form holds it no longer.
  await expect(panel.getByLabel('Your password')).toHaveCount(0)
}

const payouts = () =>
  admin((c) =>
    c
      .query<{ reference: string; status: string; approved_by: string | null }>(
        'SELECT reference, status, approved_by FROM payout_desk.payouts ORDER BY reference',
      )
      .then((r) => r.rows),
  )

test('the bookkeeper prepares a batch over the limit, the owner approves it in her window, it is paid once', async ({
  page,
  context,
}) => {
  // Budi prepares the month's file in his window's Batch import, onto the team ledger.
  const budi = await openDesk(page, 'budi')
  await connectWindow(page, 'budi')
  const budiScan = a11yScanner(page, 'light', 'en', 'team-bookkeeper')
  await openScreen(page, 'Batch import')
  await page.getByTestId('batch-ledger').getByText('The team ledger').click()
  await expect(page.getByRole('combobox', { name: 'Pay from' })).toHaveValue('Toko Team')
  budi.files.next = {
    name: 'payroll.csv',
    bytes: Buffer.from(
      'name,bank code,account number,mobile,email,amount,reference\n' +
        'Dewi Lestari,014,0000012345,081234567890,d@example.com,2500000,TEAM-01\n' +
        'Eko Prasetyo,014,0000012346,081234567891,e@example.com,1500000,TEAM-02\n' +
        'Fajar Nugroho,014,0000012347,081234567892,f@example.com,400000,TEAM-03\n',
    ),
  }
  await page.getByRole('button', { name: 'Choose CSV or Excel file…' }).click()
  await expect(page.getByTestId('import-summary')).toContainText('3 rows: 3 ready, 0 with errors')
  await expect(page.getByTestId('balance-check')).toContainText('The computer that sends these checks')
  await budiScan.scan('team-import-review')
  await page.getByRole('button', { name: 'Review and write 3 payouts to the team ledger' }).click()
  const write = page.getByRole('dialog', { name: 'Check before sending' })
  await expect(write).toContainText('Test money on "Toko Team"')
  await expect(write).toContainText('Nothing is sent from here.')
  await expect(write.getByTestId('confirm-total')).toHaveText(/4,400,000/)
  await write.getByRole('button', { name: 'Write 3 payouts to the team ledger' }).click()
  const written = page.getByTestId('team-written')
  await expect(written).toContainText(/1 payout \(.*400,000.*\) is ready/)
  await expect(written).toContainText(/2 payouts \(.*4,000,000.*\) went over a limit and wait/)
  await budiScan.scan('team-import-written')
  // Written by Budi, nothing sent from his desk.
  expect(sandbox.book.createAttempts('vexora', 'id', 'TEAM-03')).toBe(0)
  const batch = (
    await admin((c) =>
      c.query<{ batch_id: string }>("SELECT batch_id FROM payout_desk.payouts WHERE reference = 'TEAM-01'"),
    )
  ).rows[0]?.batch_id.slice(0, 8)

  // Budi's window sees what waits, and is offered no approval of it.
  await written.getByRole('button', { name: 'Open Needs your decision' }).click()
  const budiRow = page.getByTestId('team-approvals').locator(`tr[data-waiting="${batch}"]`)
  await expect(budiRow).toContainText('An owner approves this.')
  await expect(budiRow.getByRole('button')).toHaveCount(0)
  await budiScan.scan('team-waiting-bookkeeper')
  // His Dashboard shows the team's book beside his own: what waits for an owner, and the month's chart.
  await openScreen(page, 'Dashboard')
  const teamCard = page.getByTestId('team-dashboard').locator('[data-profile="Toko Team"]')
  await expect(teamCard.getByTestId('team-awaiting')).toHaveText(
    /^2 payouts wait for an owner's approval: .*4,000,000/,
  )
  await expect(teamCard.getByRole('figure', { name: /Payouts per day/ })).toBeVisible()
  await budiScan.scan('team-dashboard')

  // Siti's window, on her own desk.
  const sitiPage = await context.newPage()
  const siti = await openDesk(sitiPage, 'siti')
  await connectWindow(sitiPage, 'siti')
  await openScreen(sitiPage, 'Needs your decision')
  const panel = sitiPage.getByTestId('team-approvals')
  await expect(panel.getByRole('heading')).toHaveText("1 group waits for an owner's approval")
  const row = panel.locator(`tr[data-waiting="${batch}"]`)
  await expect(row).toContainText('budi')
  await expect(row.locator('[data-money="test"]')).toBeVisible()
  await row.getByRole('button', { name: `Approve Batch ${batch}` }).click()
  const dialog = sitiPage.getByRole('dialog', { name: 'Approve payouts' })
  await expect(dialog.getByTestId('approve-summary')).toHaveText(
    /^2 payouts of .*4,000,000.* in test money from Toko Team, prepared by budi\.$/,
  )
  await expect(dialog.getByRole('row', { name: /TEAM-01 Dewi Lestari 014 0000012345/ })).toBeVisible()
  await expect(dialog.getByRole('row', { name: /TEAM-02 Eko Prasetyo 014 0000012346/ })).toBeVisible()
  const sitiScan = a11yScanner(sitiPage, 'light', 'en', 'team-owner')
  await sitiScan.scan('team-approve-dialog')
  // The same dialog in 简体中文 names the same count and money.
  await dialog.getByRole('button', { name: 'Keep them waiting' }).click()
  await switchLanguage(sitiPage, '简体中文')
  await row.getByRole('button', { name: `批准 批次 ${batch}` }).click()
  const zhDialog = sitiPage.getByRole('dialog', { name: '批准付款' })
  await expect(zhDialog.getByTestId('approve-summary')).toHaveText(
    /^2 笔付款，共 .*4,000,000.*，测试资金，来自 Toko Team，由 budi 准备。$/,
  )
  await sitiScan.scan('team-approve-dialog-zh')
  await zhDialog.getByRole('button', { name: '继续等待' }).click()
  await switchLanguage(sitiPage, 'English')
  await row.getByRole('button', { name: `Approve Batch ${batch}` }).click()
  expect([...budiScan.findings, ...sitiScan.findings]).toEqual([])
  await dialog.getByRole('button', { name: 'Approve 2 payouts' }).click()
  await expect(panel.getByRole('status')).toContainText('Approved 2 payouts of')
  await expect(panel.locator('tr[data-waiting]')).toHaveCount(0)
  expect(await payouts()).toEqual([
    { reference: 'TEAM-01', status: 'queued', approved_by: 'siti' },
    { reference: 'TEAM-02', status: 'queued', approved_by: 'siti' },
    { reference: 'TEAM-03', status: 'queued', approved_by: null },
  ])

  // Siti's desk keeps the profile's secret (the one she set) and sends from her window: each payout once.
  const sending = sitiPage.getByTestId('team-sending')
  const profileRow = sending.locator('tr[data-team-profile="Toko Team"]')
  await expect(profileRow).toContainText('3')
  await profileRow.getByRole('button', { name: 'Keep its secret here for Toko Team' }).click()
  const secretDialog = sitiPage.getByRole('dialog', { name: 'The secret of Toko Team' })
  await secretDialog.getByLabel('Gateway secret').fill(sandbox.credentials.vexora.secret)
  await sitiScan.scan('team-secret-dialog')
  await secretDialog.getByRole('button', { name: 'Keep it on this computer' }).click()
  await expect(sending.getByTestId('team-sent')).toContainText('it can send for it now')
  await expect(profileRow).toContainText('Yes')
  await sending.getByRole('button', { name: 'Send what is ready' }).click()
  // Send names what leaves from this computer before anything does.
  const sendDialog = sitiPage.getByRole('dialog', { name: 'Send from this computer' })
  const leaving = sendDialog.locator('[data-team-leaving="Toko Team"]')
  await expect(leaving).toContainText(/3 payouts of .*4,400,000.* from Toko Team/)
  await expect(leaving.locator('[data-money="test"]')).toBeVisible()
  await sitiScan.scan('team-send-dialog')
  await sendDialog.getByRole('button', { name: 'Send 3 payouts' }).click()
  await expect(sending.getByTestId('team-sent')).toContainText('Sent or asked about from this computer:')
  expect(sitiScan.findings).toEqual([])
  for (const reference of ['TEAM-01', 'TEAM-02', 'TEAM-03'])
    expect(sandbox.book.createAttempts('vexora', 'id', reference), reference).toBe(1)
  expect((await payouts()).map((p) => p.status)).toEqual(
    Array.from({ length: 3 }, () => expect.stringMatching(/processing|succeeded/) as unknown),
  )

  // A payout left in doubt: Siti's window lists it with her decisions, and asks the gateway about it.
  await leaveInDoubt(admin, 'TEAM-03')
  await openScreen(sitiPage, 'History')
  await openScreen(sitiPage, 'Needs your decision')
  const card = sitiPage.locator('[data-testid="attention-item"][data-reference="TEAM-03"]')
  await expect(card).toContainText('On the team ledger')
  await sitiScan.scan('team-attention')
  await card.getByRole('button', { name: 'Ask the gateway again' }).click()
  await expect(sitiPage.getByText('Payout Desk asked the gateway about TEAM-03.')).toBeVisible()
  await expect(card).toHaveCount(0)
  expect(sitiScan.findings).toEqual([])
  const asked = await admin((c) =>
    c.query<{ attention: string | null; person: string }>(
      `SELECT p.attention, e.person FROM payout_desk.payouts p JOIN payout_desk.payout_events e
         ON e.payout_id = p.id AND e.kind = 'decision' WHERE p.reference = 'TEAM-03'`,
    ),
  )
  expect(asked.rows).toEqual([{ attention: null, person: 'siti' }])
  expect(sandbox.book.createAttempts('vexora', 'id', 'TEAM-03')).toBe(1)
  // Check statuses asks the gateway about what is on its way; nothing leaves again.
  await sending.getByRole('button', { name: 'Check statuses' }).click()
  await expect(sending.getByTestId('team-sent')).toContainText(/Asked the gateway about \d+ payouts? on/)
  for (const reference of ['TEAM-01', 'TEAM-02', 'TEAM-03'])
    expect(sandbox.book.createAttempts('vexora', 'id', reference), reference).toBe(1)

  // Budi's window shows the same book: who prepared each payout, and who approved it.
  await openScreen(page, 'History')
  const history = page.getByTestId('team-history')
  await expect(history.locator('tr[data-team-reference="TEAM-02"]')).toContainText(/budi\s*siti/)
  await expect(history.locator('tr[data-team-reference="TEAM-03"] [data-status]')).toBeVisible()
  await expect(history.getByTestId('team-offline')).toHaveCount(0)
  await budiScan.scan('team-history')
  // A payout's story: every step with the person who took it, the account it went to.
  await history.getByRole('button', { name: 'TEAM-02: show its story' }).click()
  const story = page.getByRole('dialog', { name: 'Payout TEAM-02 on the team ledger' })
  const step = (kind: string) => story.locator(`[data-kind="${kind}"]`)
  await expect(step('created')).toContainText(/Written to the ledger.*by budi/s)
  await expect(step('approved')).toContainText(/Approved.*by siti/s)
  await expect(step('create')).toContainText(/Sent to the gateway.*by siti/s)
  // The step to Processing by its badge: once the gateway also said it succeeded, that step's detail
  // names "processing" too.
  await expect(step('transition').filter({ has: page.locator('[data-status="processing"]') })).toContainText(
    'by siti',
  )
  await expect(story).toContainText('0000012346')
  await expect(story.getByTestId('team-story')).toContainText(/Prepared by\s*budi/)
  await budiScan.scan('team-story')
  await page.keyboard.press('Escape')
  await expect(story).toHaveCount(0)
  // Approved and sent: nothing waits on his Dashboard, and today's payouts are counted there.
  await openScreen(page, 'Dashboard')
  await expect(teamCard).toBeVisible()
  await expect(teamCard.getByTestId('team-awaiting')).toHaveCount(0)
  const today = async (status: string) => {
    const count = teamCard.getByTestId(`count-${status}`).first()
    return (await count.count()) === 0 ? 0 : Number((await count.textContent())?.replace(/\D/g, ''))
  }
  expect((await today('processing')) + (await today('succeeded'))).toBe(3)
  expect(budiScan.findings).toEqual([])

  await siti.close()
  await budi.close()
})

test('the bookkeeper writes one payout to the team ledger, and pays a paid one again from its history', async ({
  page,
}) => {
  const budi = await openDesk(page, 'budi')
  await connectWindow(page, 'budi')
  const scan = a11yScanner(page, 'light', 'en', 'team-new-payout')
  await openScreen(page, 'New payout')
  await page.getByTestId('pay-ledger').getByText('The team ledger').click()
  await expect(page.getByRole('combobox', { name: 'Pay from' })).toHaveValue('Toko Team')
  await page.getByLabel('Amount (IDR)').fill('300000')
  await page.getByLabel('Bank code').fill('014')
  await page.getByLabel('Bank account number').fill('0000077001')
  await page.getByLabel('Beneficiary name').fill('Gita Savitri')
  await page.getByLabel('Mobile number').fill('081234567893')
  await page.getByLabel('Email').fill('g@example.com')
  await page.getByRole('button', { name: 'Review payout' }).click()
  const dialog = page.getByRole('dialog', { name: 'Check before sending' })
  await expect(dialog).toContainText('Test money on "Toko Team"')
  await expect(dialog.getByTestId('team-pay-checks')).toContainText(/Reference PD\w+/)
  const reference = (await dialog.getByTestId('team-pay-checks').innerText()).match(/PD\w+/)?.[0] ?? ''
  await scan.scan('team-new-payout-confirm')
  await dialog.getByRole('button', { name: 'Write to the team ledger' }).click()
  await expect(page.getByTestId('team-pay-written')).toContainText(/300,000 is ready/)
  await expect(page.getByTestId('team-written-heading')).toHaveText(
    `${reference} is written to the team ledger`,
  )
  const row = () =>
    admin((c) =>
      c.query<{ id: string; status: string; prepared_by: string }>(
        "SELECT id, status, prepared_by FROM payout_desk.payouts WHERE fields->>'bankAccountNo' = '0000077001'",
      ),
    ).then((r) => r.rows)
  expect(await row()).toEqual([{ id: expect.any(String) as unknown, status: 'queued', prepared_by: 'budi' }])
  expect(sandbox.book.createAttempts('vexora', 'id', reference)).toBe(0)

  // Paid since (by whichever desk sent it): Pay again from the team's history fills the form with it.
  await admin((c) =>
    c.query(
      "UPDATE payout_desk.payouts SET status = 'succeeded', version = version + 1 WHERE reference = $1",
      [reference],
    ),
  )
  await openScreen(page, 'History')
  await expect(
    page.getByTestId('team-history').getByRole('button', { name: `Pay again: ${reference}` }),
  ).toBeVisible()
  await scan.scan('team-history-pay-again')
  await page
    .getByTestId('team-history')
    .getByRole('button', { name: `Pay again: ${reference}` })
    .click()
  await expect(page.getByLabel('Amount (IDR)')).toHaveValue('300000')
  await expect(page.getByLabel('Bank account number')).toHaveValue('0000077001')
  await expect(page.getByRole('combobox', { name: 'Pay from' })).toHaveValue('Toko Team')
  await page.getByRole('button', { name: 'Review payout' }).click()
  // The same amount to the same account within 30 days: written only once Budi says he means it.
  const repeat = dialog.getByTestId('team-repeat')
  await expect(repeat).toBeVisible()
  const write = dialog.getByRole('button', { name: 'Write to the team ledger' })
  await expect(write).toBeDisabled()
  await scan.scan('team-pay-again-repeat')
  const meant = repeat.getByLabel('I mean to pay this account the same amount again')
  await meant.check()
  // A yes is to one review's warnings: gone back and reviewed again, it is asked again.
  await dialog.getByRole('button', { name: 'Go back and edit' }).click()
  await page.getByRole('button', { name: 'Review payout' }).click()
  await expect(meant).not.toBeChecked()
  await expect(write).toBeDisabled()
  await meant.check()
  await write.click()
  await expect(page.getByTestId('team-pay-written')).toContainText(/300,000 is ready/)
  expect((await row()).map((r) => r.status).sort()).toEqual(['queued', 'succeeded'])
  expect(scan.findings).toEqual([])
  await budi.close()
})

test("a batch's payouts that did not go through are paid again from the window, each once", async ({
  page,
}) => {
  // Budi's file of two payouts to accounts the sandbox's bank refuses (ending in 000).
  const batch = randomUUID()
  await as('budi', async (c) => {
    await c.query(
      'INSERT INTO payout_desk.batches (id, profile_id, file_name, file_sha256) VALUES ($1, $2, $3, $4)',
      [batch, profile, 'refused.csv', 'ab'.repeat(32)],
    )
    for (const n of [1, 2])
      await c.query(
        `INSERT INTO payout_desk.payouts (id, profile_id, reference, amount_minor, currency, fields, batch_id)
         VALUES ($1, $2, $3, 70000, 'IDR', $4, $5)`,
        [randomUUID(), profile, `BACK-0${n}`, idrFields(`00991${n}000`, `Refused ${n}`), batch],
      )
  })
  const budi = await openDesk(page, 'budi')
  await connectWindow(page, 'budi')
  const scan = a11yScanner(page, 'light', 'en', 'team-retry')
  await openScreen(page, 'Needs your decision')
  const sending = page.getByTestId('team-sending')
  await sending
    .locator('tr[data-team-profile="Toko Team"]')
    .getByRole('button', { name: 'Keep its secret here for Toko Team' })
    .click()
  const secretDialog = page.getByRole('dialog', { name: 'The secret of Toko Team' })
  await secretDialog.getByLabel('Gateway secret').fill(sandbox.credentials.vexora.secret)
  await secretDialog.getByRole('button', { name: 'Keep it on this computer' }).click()
  await sending.getByRole('button', { name: 'Send what is ready' }).click()
  await page
    .getByRole('dialog', { name: 'Send from this computer' })
    .getByRole('button', { name: /^Send \d+ payouts?$/ })
    .click()
  await expect(sending.getByTestId('team-sent')).toContainText('Sent or asked about from this computer:')
  // Past the sandbox's settle time the gateway knows they failed; Check statuses learns it.
  await page.waitForTimeout(3_500)
  await sending.getByRole('button', { name: 'Check statuses' }).click()
  await expect(sending.getByTestId('team-sent')).toContainText(/Asked the gateway about/)
  await openScreen(page, 'History')
  await openScreen(page, 'Needs your decision')
  const row = page.getByTestId('team-retry').locator(`tr[data-retry-batch="${batch.slice(0, 8)}"]`)
  await expect(row).toContainText('refused.csv')
  await expect(row).toContainText('2')
  await scan.scan('team-retry-panel')
  await row.getByRole('button', { name: 'Pay them again: refused.csv' }).click()
  const dialog = page.getByRole('dialog', { name: 'Pay again what did not go through' })
  await expect(dialog.getByTestId('team-retry-summary')).toContainText(
    /^2 payouts of .*140,000.* in test money from Toko Team, of refused\.csv/,
  )
  await scan.scan('team-retry-dialog')
  await dialog.getByRole('button', { name: 'Pay 2 again' }).click()
  await expect(page.getByTestId('team-retried')).toContainText('Paid 2 payouts again.')
  await expect(row).toHaveCount(0)
  const again = await admin((c) =>
    c.query<{ reference: string }>(
      `SELECT p.reference FROM payout_desk.payouts p JOIN payout_desk.payouts o ON o.id = p.retry_of
        WHERE o.batch_id = $1`,
      [batch],
    ),
  )
  expect(again.rows).toHaveLength(2)
  for (const r of again.rows) expect(sandbox.book.createAttempts('vexora', 'id', r.reference)).toBe(1)
  expect(scan.findings).toEqual([])
  await budi.close()
})

test("the owner is shown a payee's new account that the bookkeeper wrote with psql, before she approves, and refuses it", async ({
  page,
}) => {
  // listTeamApprovals with its notes (actions/team-approval-notes.ts), in English and 简体中文.
  const hana = (account: string) => idrFields(account, 'Hana Wijaya')
  await writeTeamPayout(as, 'budi', {
    profile,
    reference: 'HANA-01',
    amountMinor: 200_000,
    fields: hana('0000055001'),
  })
  await writeTeamPayout(as, 'budi', {
    profile,
    reference: 'HANA-02',
    amountMinor: 2_200_000,
    fields: hana('0000099009'),
  })
  const siti = await openDesk(page, 'siti')
  await connectWindow(page, 'siti')
  const scan = a11yScanner(page, 'light', 'en', 'team-approve-notes')
  await openScreen(page, 'Needs your decision')
  const row = page.getByTestId('team-approvals').locator('tr[data-waiting="HANA-02"]')
  await expect(row.getByTestId('waiting-look-at')).toHaveText('1 payout to look at before approving')
  await row.getByRole('button', { name: /^Approve / }).click()
  const dialog = page.getByRole('dialog', { name: 'Approve payouts' })
  const said =
    'A new account for this payee: paid at 0002 0000055001 before (not marked accepted when written)'
  await expect(dialog.getByTestId('approve-notes')).toContainText('Look first at 1 payout of these:')
  await expect(dialog.getByTestId('approve-notes')).toContainText(`HANA-02: ${said}`)
  // Nobody but Budi paid Hana at 55001: the book says no owner has seen her either (team migration 18).
  await expect(dialog.getByTestId('approve-note-kinds')).toHaveText(
    '1 to a new account; 1 to a payee no owner has seen',
  )
  await expect(dialog.getByTestId('approve-notes')).toContainText(
    'Seen by no owner yet: paid 1 time before, never approved',
  )
  await expect(
    dialog.getByRole('row', { name: new RegExp(`HANA-02 Hana Wijaya .*${said.replace(/[()]/g, '\\$&')}`) }),
  ).toBeVisible()
  await scan.scan('team-approve-notes')
  await dialog.getByRole('button', { name: 'Keep them waiting' }).click()
  await switchLanguage(page, '简体中文')
  await row.getByRole('button', { name: /^批准 / }).click()
  const zhDialog = page.getByRole('dialog', { name: '批准付款' })
  await expect(zhDialog.getByTestId('approve-note-kinds')).toHaveText(
    '1 笔付至新账户；1 笔付至尚无所有者见过的收款人',
  )
  await expect(zhDialog.getByTestId('approve-notes')).toContainText(
    'HANA-02: 该收款人的新账户：之前付款至 0002 0000055001（写入时未标记为确认）',
  )
  await zhDialog.getByRole('button', { name: '继续等待' }).click()
  await switchLanguage(page, 'English')
  // She will not pay it (refuseTeamPayouts): named the same way first, then cancelled, never sent.
  await row.getByRole('button', { name: 'Refuse HANA-02 · Hana Wijaya' }).click()
  const refusing = page.getByRole('dialog', { name: 'Refuse payouts' })
  await expect(refusing.getByTestId('approve-summary')).toHaveText(
    '1 payout of IDR 2,200,000 in test money from Toko Team, prepared by budi.',
  )
  await expect(refusing.getByTestId('approve-notes')).toContainText(`HANA-02: ${said}`)
  await scan.scan('team-refuse')
  await refusing.getByRole('button', { name: 'Refuse 1 payout' }).click()
  await expect(page.getByTestId('team-approvals').getByRole('status')).toHaveText(
    'Refused 1 payout of IDR 2,200,000: it will not be paid.',
  )
  await expect(row).toHaveCount(0)
  expect((await payouts()).find((p) => p.reference === 'HANA-02')?.status).toBe('cancelled')
  expect(sandbox.book.createAttempts('vexora', 'id', 'HANA-02')).toBe(0)
  expect(scan.findings).toEqual([])
  await siti.close()
})

test("the owner adds a team profile and sets its limits in her window; the bookkeeper's window shows them only", async ({
  page,
  context,
}) => {
  // saveTeamProfile and setTeamLimits (actions/team-profiles.ts: addTeamProfile, editTeamProfile, setTeamLimits).
  const siti = await openDesk(page, 'siti')
  await connectWindow(page, 'siti')
  const scan = a11yScanner(page, 'light', 'en', 'team-profiles')
  const panel = page.getByTestId('team-profiles')
  await expect(panel.locator('tr[data-profile="Toko Team"]')).toBeVisible()
  await panel.getByRole('button', { name: 'Add a team profile' }).click()
  const dialog = page.getByRole('dialog', { name: 'Add profile' })
  await dialog.getByLabel('Name').fill('Toko Cabang')
  await dialog.getByText('Sandbox — test money').click()
  await dialog.getByLabel('Gateway address').fill(sandbox.vexoraBaseUrl('id'))
  const merchant = sandbox.openVexoraMerchant()
  await dialog.getByLabel('Merchant number (merchantNo)').fill(merchant)
  await dialog.getByLabel('Callback URL').fill('http://127.0.0.1:9/unused')
  // A team profile is added with its secret: without it, nothing is written.
  await dialog.getByRole('button', { name: 'Save' }).click()
  await expect(dialog.getByRole('alert')).toContainText('A team profile is added with its secret')
  await dialog.getByLabel('Secret').fill(sandbox.credentials.vexora.secret)
  await scan.scan('team-profile-add')
  await dialog.getByRole('button', { name: 'Save' }).click()
  await expect(dialog).toHaveCount(0)
  const row = panel.locator('tr[data-profile="Toko Cabang"]')
  await expect(row).toContainText('no limit a payout · no limit a day')
  expect(await page.content()).not.toContain(sandbox.credentials.vexora.secret)

  await row.getByRole('button', { name: 'Limits of Toko Cabang' }).click()
  const limits = page.getByRole('dialog', { name: 'Limits of Toko Cabang' })
  await limits.getByLabel('Per payout (IDR)').fill('1,000,000')
  await limits.getByLabel('Per day (IDR)').fill('5000000')
  await scan.scan('team-profile-limits')
  await limits.getByRole('button', { name: 'Save' }).click()
  await expect(limits).toHaveCount(0)
  await expect(row).toContainText(/1,000,000.* a payout · .*5,000,000.* a day/)
  const stored = await admin((c) =>
    c
      .query<{ per_payout_minor: string; per_day_minor: string; merchant_id: string; changed_by: string }>(
        "SELECT per_payout_minor, per_day_minor, merchant_id, changed_by FROM payout_desk.profiles WHERE name = 'Toko Cabang'",
      )
      .then((r) => r.rows[0]),
  )
  expect(stored).toEqual({
    per_payout_minor: '1000000',
    per_day_minor: '5000000',
    merchant_id: merchant,
    changed_by: 'siti',
  })
  expect(scan.findings).toEqual([])

  // A form left open while another owner renames the profile changes nothing (review 84 F1): it names
  // what it showed. Opened again, it changes what is there now.
  await row.getByRole('button', { name: 'Edit Toko Cabang' }).click()
  const edit = page.getByRole('dialog', { name: 'Edit' })
  await edit.getByLabel('Name').fill('Toko Cabang Dua')
  await as('siti', (c) =>
    c.query("UPDATE payout_desk.profiles SET name = 'Toko Cabang Baru' WHERE name = 'Toko Cabang'"),
  )
  await edit.getByRole('button', { name: 'Save' }).click()
  await expect(edit.getByRole('alert')).toContainText(
    'Nothing was changed: the profile "Toko Cabang Baru" was changed by someone else since you opened it',
  )
  await edit.getByRole('button', { name: 'Cancel' }).click()
  const renamed = panel.locator('tr[data-profile="Toko Cabang Baru"]')
  await expect(renamed).toBeVisible()
  await renamed.getByRole('button', { name: 'Edit Toko Cabang Baru' }).click()
  await page.getByRole('dialog', { name: 'Edit' }).getByLabel('Name').fill('Toko Cabang Dua')
  await page.getByRole('dialog', { name: 'Edit' }).getByRole('button', { name: 'Save' }).click()
  await expect(panel.locator('tr[data-profile="Toko Cabang Dua"]')).toBeVisible()

  // Budi's window lists the team's profiles and their limits, with no way to change them.
  const budiPage = await context.newPage()
  const budi = await openDesk(budiPage, 'budi')
  await connectWindow(budiPage, 'budi')
  const budiPanel = budiPage.getByTestId('team-profiles')
  await expect(budiPanel.locator('tr[data-profile="Toko Cabang Dua"]')).toContainText(/1,000,000.* a payout/)
  await expect(budiPanel).toContainText('Only an owner adds or changes team profiles.')
  await expect(budiPanel.getByRole('button')).toHaveCount(0)
  await budi.close()
  await siti.close()
})
