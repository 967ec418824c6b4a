import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import type { Handlers } from '../../electron/ipc/dispatch.ts'
import { listProfiles } from '../../electron/ledger/profiles-repo.ts'
import { callbackBody } from '../../electron/sandbox/callbacks.ts'
import { runCli } from '../support/run-cli.ts'
import type { Services } from '../../electron/services/create-services.ts'
import { expect, openScreen, SCREENSHOT_DIR, switchLanguage, test } from './harness/fixtures.ts'

// A short settle period, so a payout the gateway cannot find reaches a person within the test.
test.use({ serviceOptions: { engine: { settleMs: 1_000 } } })

const fields = (name: string, account: string) => ({
  bankCode: '0002',
  bankAccountNo: account,
  customerName: name,
  mobile: '081234567890',
  email: 'x@example.com',
})

function vexoraProfile(services: Services) {
  const profile = listProfiles(services.ledger).find((p) => p.provider === 'vexora')
  if (!profile) throw new Error('no Vexora profile')
  return profile
}

async function sandboxOf(services: Services) {
  const sandbox = await services.sandbox()
  if (!sandbox) throw new Error('no sandbox')
  return sandbox
}

/** Waits until main's attention queue holds the payout, for the given reason. */
async function inQueue(handlers: Handlers, id: string, reason: string): Promise<void> {
  await expect(async () => {
    const list = await handlers.listAttention(undefined)
    expect(list.items.find((i) => i.id === id)?.reason).toBe(reason)
  }).toPass({ timeout: 30_000 })
}

const statusOf = (services: Services, id: string) =>
  services.ledger.prepare('SELECT status FROM payouts WHERE id = ?').pluck().get(id) as string

async function screenshots(app: Page, name: string): Promise<void> {
  await app.emulateMedia({ colorScheme: 'light' })
  await app.screenshot({ path: join(SCREENSHOT_DIR, `${name}-light.png`), fullPage: true })
  await app.emulateMedia({ colorScheme: 'dark' })
  await app.screenshot({ path: join(SCREENSHOT_DIR, `${name}-dark.png`), fullPage: true })
  await app.emulateMedia({ colorScheme: 'light' })
}

test('a payout the gateway never received: marked as not sent from the attention screen, and Retry then refuses to pay again without a definite answer from the gateway', async ({
  app,
  services,
  handlers,
}) => {
  const sandbox = await sandboxOf(services)
  // The connection drops before the gateway reads the request: it never gets the payout, and Vexora
  // has no "not found" answer, so no check can settle it.
  sandbox.faults.add({ mode: 'drop-before', provider: 'vexora', endpoint: 'create' })
  const created = await handlers.createPayout({
    profileId: vexoraProfile(services).id,
    amount: '20,000',
    fields: fields('Siti Rahma', '0012345678'),
    idempotencyKey: randomUUID(),
  })
  await inQueue(handlers, created.id, 'in_doubt')

  // The count in the navigation follows main's pushes; the dashboard's card leads to the screen too.
  const nav = app.getByRole('navigation', { name: 'Main navigation' })
  await expect(nav.getByTestId('attention-count')).toHaveText('1')
  await app.getByTestId('attention').getByRole('button', { name: 'Decide now' }).click()
  await expect(app.getByRole('heading', { name: 'Needs your decision', level: 1 })).toBeVisible()

  const card = app.getByTestId('attention-item').filter({ hasText: created.reference })
  await expect(card).toContainText('Test money')
  await expect(card).toContainText('Vexora sandbox (Indonesia)')
  await expect(card).toContainText(/IDR\s20,000/)
  await expect(card).toContainText('0012345678')
  await expect(card.locator('[data-status]')).toHaveAttribute('data-status', 'unknown')
  await expect(card.getByTestId('attention-why')).toContainText('no answer came back')
  await expect(card.getByTestId('attention-tried')).toContainText('Sent 1 time under this reference')
  // Vexora cannot say "never received", so only the person can; the screen offers it.
  await expect(card.getByRole('button', { name: 'Mark as not sent' })).toBeVisible()
  await screenshots(app, 'attention-in-doubt')

  // The raw exchanges are one click away.
  await card.getByRole('button', { name: 'See the raw requests and answers' }).click()
  const drawer = app.getByTestId('payout-detail')
  await expect(drawer).toContainText(created.reference)
  await expect(drawer.getByTestId('payout-timeline')).toContainText('Sent to the gateway')
  await app.keyboard.press('Escape')
  await expect(drawer).toHaveCount(0)

  await card.getByLabel("Note, kept in the payout's timeline").fill('Vexora support: no such tradeNo')
  await card.getByRole('button', { name: 'Mark as not sent' }).click()
  const dialog = app.getByRole('dialog', { name: 'Confirm your decision' })
  await expect(dialog).toContainText('Test money, on "Vexora sandbox (Indonesia)"')
  await expect(dialog).toContainText(/Mark as not sent: IDR\s20,000 to Siti Rahma/)
  // Nothing changes until the person confirms.
  expect(statusOf(services, created.id)).toBe('unknown')
  await screenshots(app, 'attention-confirm')
  await dialog.getByRole('button', { name: 'Yes, record my decision' }).click()

  const outcome = app.getByTestId('attention-outcome')
  await expect(outcome).toContainText(`${created.reference} is marked as not sent.`)
  await expect(outcome).toBeFocused()
  await expect(card).toHaveCount(0)
  await expect(nav.getByTestId('attention-count')).toHaveCount(0)
  const detail = await handlers.getPayoutDetail({ id: created.id })
  expect(JSON.stringify(detail.events)).toContain('Vexora support: no such tradeNo')

  await outcome.getByRole('button', { name: 'Pay again as a new payout' }).click()
  const again = app.getByRole('dialog', { name: 'Confirm your decision' })
  await expect(again).toContainText('Test money, on "Vexora sandbox (Indonesia)"')
  await again.getByRole('button', { name: 'Yes, pay again' }).click()
  // Vexora has no answer that says "never received": Retry gets no definite answer from the gateway,
  // so nothing is paid again and the screen says why (a new payout is the person's own choice).
  await expect(outcome).toContainText('could not confirm that this payout did not go through')
  expect(
    services.ledger.prepare('SELECT count(*) FROM payouts WHERE retry_of = ?').pluck().get(created.id),
  ).toBe(0)
  await screenshots(app, 'attention-paid-again-refused')
  expect(sandbox.book.get('vexora', 'id', created.reference)).toBeUndefined()
})

test('a decision on a payout another process settled meanwhile is refused in plain words, and the list shows it anew', async ({
  app,
  services,
  handlers,
  dataDir,
}) => {
  const sandbox = await sandboxOf(services)
  sandbox.faults.add({ mode: 'drop-before', provider: 'vexora', endpoint: 'create' })
  const created = await handlers.createPayout({
    profileId: vexoraProfile(services).id,
    amount: '25,000',
    fields: fields('Ayu Lestari', '0012345679'),
    idempotencyKey: randomUUID(),
  })
  await inQueue(handlers, created.id, 'in_doubt')
  await openScreen(app, 'Needs your decision')
  const card = app.getByTestId('attention-item').filter({ hasText: created.reference })
  await expect(card.getByRole('button', { name: 'Mark as not sent' })).toBeVisible()
  // Meanwhile someone at a terminal, who checked with the gateway, marks it as paid. This window's
  // services did not do it, so nothing tells the window: it still shows the payout as it was.
  const cli = await runCli([
    '--data-dir',
    dataDir,
    '--sandbox-url',
    sandbox.url,
    'resolve',
    created.reference,
    '--action',
    'paid',
    '--version',
    String(services.ledger.prepare('SELECT version FROM payouts WHERE id = ?').pluck().get(created.id)),
    '--note',
    'paid, says the gateway on the phone',
    '--yes',
  ])
  expect(cli.code, cli.stderr).toBe(0)
  expect(statusOf(services, created.id)).toBe('succeeded')

  // The person at the window, looking at what was true a moment ago, decides the opposite: refused.
  await card.getByRole('button', { name: 'Mark as not sent' }).click()
  await app
    .getByRole('dialog', { name: 'Confirm your decision' })
    .getByRole('button', { name: 'Yes, record my decision' })
    .click()
  const outcome = app.getByTestId('attention-outcome')
  await expect(outcome).toContainText(`Your decision on ${created.reference} was not recorded`)
  await expect(outcome).toContainText('the payout changed since you looked at it')
  await expect(outcome).toBeFocused()
  expect(statusOf(services, created.id)).toBe('succeeded')
  // The list was loaded anew: the payout no longer waits, and nothing offers to pay it again.
  await expect(card).toHaveCount(0)
  await expect(outcome.getByRole('button', { name: 'Pay again as a new payout' })).toHaveCount(0)
})

test('a gateway that contradicts the ledger: both sides side by side, in English and 简体中文', async ({
  app,
  services,
  handlers,
}) => {
  const sandbox = await sandboxOf(services)
  await services.setListener({ enabled: true })
  // An account ending in 000: the sandbox's bank refuses it, and the ledger records it as failed.
  const created = await handlers.createPayout({
    profileId: vexoraProfile(services).id,
    amount: '35,000',
    fields: fields('Budi Santoso', '7770000'),
    idempotencyKey: randomUUID(),
  })
  await expect.poll(() => statusOf(services, created.id), { timeout: 30_000 }).toBe('failed')

  // Later the gateway says it was paid after all, in a signed callback.
  const order = sandbox.book.get('vexora', 'id', created.reference)
  if (!order?.notifyUrl) throw new Error('the sandbox holds no callback URL for the payout')
  order.outcome = 'succeeded'
  expect(await sandbox.callbacks.deliver(order, order.notifyUrl, callbackBody(sandbox.context, order))).toBe(
    true,
  )
  await inQueue(handlers, created.id, 'contradiction')
  // The ledger does not flip by itself.
  expect(statusOf(services, created.id)).toBe('failed')

  await openScreen(app, 'Needs your decision')
  const card = app.getByTestId('attention-item').filter({ hasText: created.reference })
  await expect(card.getByTestId('attention-why')).toContainText("The gateway's final answer disagrees")
  const gateway = card.getByRole('region', { name: 'The gateway says' })
  const ledger = card.getByRole('region', { name: 'Your ledger says' })
  await expect(gateway).toContainText('0000')
  await expect(gateway).toContainText(/IDR\s35,000/)
  await expect(ledger).toContainText('Failed')
  await expect(ledger).toContainText(/IDR\s35,000/)
  // Side by side: the gateway's on the left, the ledger's on the right, level with each other.
  const [g, l] = [await gateway.boundingBox(), await ledger.boundingBox()]
  expect(g && l && g.x < l.x && Math.abs(g.y - l.y) < 2).toBe(true)
  await expect(card.getByRole('button', { name: "Keep the gateway's answer" })).toBeVisible()
  await expect(card.getByRole('button', { name: "Keep the ledger's" })).toBeVisible()
  await screenshots(app, 'attention-contradiction')

  await switchLanguage(app, '简体中文')
  await expect(app.getByRole('heading', { name: '需要您决定', level: 1 })).toBeVisible()
  await expect(card.getByRole('region', { name: '网关的说法' })).toContainText('0000')
  await expect(card.getByRole('region', { name: '您的账本记录' })).toContainText('失败')
  await expect(card.getByRole('button', { name: '采用网关的应答' })).toBeVisible()
  await app.screenshot({ path: join(SCREENSHOT_DIR, 'attention-contradiction-zh-CN.png'), fullPage: true })

  // The person checked: the gateway is right. Only then does the ledger change, with their note.
  await card.getByLabel('备注（记录在付款时间线中）').fill('银行确认已到账')
  await card.getByRole('button', { name: '采用网关的应答' }).click()
  const dialog = app.getByRole('dialog', { name: '确认您的决定' })
  await expect(dialog).toContainText('测试资金，配置“Vexora 沙盒（印度尼西亚）”')
  await dialog.getByRole('button', { name: '是的，记录我的决定' }).click()
  await expect(app.getByTestId('attention-outcome')).toContainText(
    `${created.reference} 现在采用网关的应答。`,
  )
  expect(statusOf(services, created.id)).toBe('succeeded')
  expect(JSON.stringify((await handlers.getPayoutDetail({ id: created.id })).events)).toContain(
    '银行确认已到账',
  )
})

test('mark as paid, with the gateway ID the person got from the gateway', async ({
  app,
  services,
  handlers,
}) => {
  ;(await sandboxOf(services)).faults.add({ mode: 'drop-before', provider: 'vexora', endpoint: 'create' })
  const created = await handlers.createPayout({
    profileId: vexoraProfile(services).id,
    amount: '15,000',
    fields: fields('Rina Wati', '0012345680'),
    idempotencyKey: randomUUID(),
  })
  await inQueue(handlers, created.id, 'in_doubt')
  await openScreen(app, 'Needs your decision')
  const card = app.getByTestId('attention-item').filter({ hasText: created.reference })
  // The re-send is explained by what makes it safe at this gateway.
  await expect(card).toContainText('relies on Vexora refusing a tradeNo it has already seen')
  await card.getByLabel('Gateway ID, if you have it').fill('VX-PHONE-4711')
  await card.getByLabel("Note, kept in the payout's timeline").fill('confirmed by Vexora support')
  await card.getByRole('button', { name: 'Mark as paid' }).click()
  const dialog = app.getByRole('dialog', { name: 'Confirm your decision' })
  await expect(dialog).toContainText(/Mark as paid: IDR\s15,000 to Rina Wati/)
  await expect(dialog).toContainText('Your note: confirmed by Vexora support')
  await dialog.getByRole('button', { name: 'Yes, record my decision' }).click()
  const outcome = app.getByTestId('attention-outcome')
  await expect(outcome).toContainText(`${created.reference} is marked as paid.`)
  await expect(outcome).toBeFocused()
  await expect(outcome.getByRole('button', { name: 'Pay again as a new payout' })).toHaveCount(0)
  const row = services.ledger
    .prepare('SELECT status, gateway_id AS gatewayId FROM payouts WHERE id = ?')
    .get(created.id) as { status: string; gatewayId: string }
  expect(row).toEqual({ status: 'succeeded', gatewayId: 'VX-PHONE-4711' })
})
