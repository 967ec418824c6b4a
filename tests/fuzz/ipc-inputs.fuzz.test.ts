// Property: whatever the window sends on any channel, main answers with a typed result (never a thrown
// error, never an internal failure), and a refused request writes nothing to the ledger.
import { randomUUID } from 'node:crypto'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { CHANNELS, type Channel } from '../../shared/ipc/channels.ts'
import { CONTRACT } from '../../shared/ipc/contract.ts'
import { dispatch, type Handlers } from '../../electron/ipc/dispatch.ts'
import { createHandlers } from '../../electron/ipc/handlers.ts'
import { createServices, type Services } from '../../electron/services/create-services.ts'
import { createBatch } from '../../electron/ledger/batches-repo.ts'
import { addSandboxProfile, changesSince, seedPayouts } from '../support/ledger-fixtures.ts'
import { makeTempDir } from '../support/temp-dir.ts'
import { FUZZ_RUNS } from './fuzz-support.ts'

let tmp: ReturnType<typeof makeTempDir>
let services: Services
let handlers: Handlers
const internalErrors: unknown[] = []
let knownIds: string[] = []

beforeAll(async () => {
  tmp = makeTempDir()
  services = await createServices({
    appVersion: 'fuzz',
    dataDir: tmp.dir,
    sandbox: false,
    poll: false,
    // The "dialogs" hand over a small file to import and save nowhere.
    files: {
      pickImportFile: () => Promise.resolve({ name: 'fuzz.csv', bytes: Buffer.from(IMPORT_CSV) }),
      pickSavePath: () => Promise.resolve(null),
      openFolder: () => Promise.resolve(),
    },
  })
  handlers = createHandlers(services, () => {})
  const profile = addSandboxProfile(services.ledger)
  seedPayouts(services.ledger, profile, 5)
  const batchId = createBatch(services.ledger, profile.id, 'fuzz.csv', null)
  knownIds = [
    profile.id,
    ...(services.ledger.prepare('SELECT id FROM payouts').pluck().all() as string[]),
    batchId,
    await openImport(profile.id),
  ]
})

/** A fresh review for each import channel: earlier channels may have closed or crowded out the last. */
async function openImport(profileId = knownIds[0]): Promise<string> {
  const opened = await dispatch(handlers, 'openImportFile', { profileId }, () => {})
  if (!opened.ok || !opened.value) throw new Error('the fuzz import did not open')
  return (opened.value as { importId: string }).importId
}

const IMPORT_CSV =
  'amount,bankCode,bankAccountNo,customerName,mobile,email\n' +
  '20000,0002,0012345,Ana,081234567890,ana@example.com\n' +
  '20000,0002,0012345,Ana,081234567890,ana@example.com\n' +
  'oops,0002,,Budi,0812,budi@\n'
const lastId = () => knownIds.at(-1)
const batchOf = () => knownIds.at(-2)
afterAll(async () => {
  await services.close()
  tmp.cleanup()
})

// Generating a 4096-bit key or touching the keychain is slow and real; their inputs are still fuzzed,
// but only the refusals are sent through (a valid input there is covered by the profile tests). A
// well-formed release or limits change runs scrypt, and a wrong passphrase is counted in the ledger on
// purpose (so waiting out the slow-down survives a restart): recipients-release.test.ts covers those.
const SLOW_WHEN_VALID = new Set<Channel>([
  'generateBluePayKey',
  'setSecret',
  'deleteSecret',
  'setCallbackListener',
  'releasePayouts',
  'setReleaseLimits',
])

const hostileString = fc.oneof(
  fc.string(),
  fc.uuid(),
  fc.constantFrom(
    '',
    ' ',
    '../../etc/passwd',
    "'; DROP TABLE payouts; --",
    '\u0000',
    '=cmd|calc',
    '%s%n',
    '１２３',
  ),
)
const hostileNumber = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -1, 2 ** 53, 1e308))

/** Keeps a valid request's shape and swaps any of its values for a hostile one of the same type. */
function nearValid(sample: unknown): fc.Arbitrary<unknown> {
  if (typeof sample === 'string')
    return fc.oneof(fc.constant(sample), fc.constantFrom(...knownIds), hostileString)
  if (typeof sample === 'number') return fc.oneof(fc.constant(sample), hostileNumber)
  if (typeof sample === 'boolean') return fc.boolean()
  if (Array.isArray(sample)) return fc.array(nearValid(sample[0]), { maxLength: 3 })
  if (sample && typeof sample === 'object') {
    const keys = Object.keys(sample)
    const record = sample as Record<string, unknown>
    return fc.oneof(
      // One value swapped: the rest stays valid, so the request usually reaches the handler.
      fc
        .constantFrom(...keys)
        .chain((key) => nearValid(record[key]).map((value) => ({ ...record, [key]: value }))),
      fc.record(Object.fromEntries(keys.map((k) => [k, nearValid(record[k])]))),
      fc.dictionary(hostileString, hostileString, { maxKeys: 4 }).map((extra) => ({ ...record, ...extra })),
    )
  }
  return fc.constant(sample)
}

// One valid request per channel, from which near-valid ones are made (so handlers, not only the
// schema, meet hostile values).
const SAMPLES: Record<Channel, () => unknown> = {
  getAppInfo: () => undefined,
  getSettings: () => undefined,
  setLanguage: () => ({ language: 'zh-CN' }),
  setNotifications: () => ({ enabled: true }),
  setPollInterval: () => ({ seconds: 30 }),
  getPayoutDetail: () => ({ id: knownIds[1] }),
  exportPayouts: () => ({
    search: 'Bene',
    statuses: ['failed'],
    minAmount: '10,000',
    maxAmount: '900000',
    from: 0,
    sort: 'amountHigh',
  }),
  listBatches: () => undefined,
  getBatch: () => ({ batchId: batchOf() }),
  retryFailedPayouts: () => ({ batchId: batchOf() }),
  getDashboard: () => ({ dayStarts: Array.from({ length: 30 }, (_, i) => i * 86_400_000), weekStart: 0 }),
  openImportFile: () => ({ profileId: knownIds[0] }),
  saveImportTemplate: () => ({ profileId: knownIds[0] }),
  remapImport: () => ({ importId: lastId(), mapping: { amount: 'amount', email: null } }),
  editImportRow: () => ({ importId: lastId(), line: 4, cells: { amount: '30000', bankAccountNo: '77' } }),
  removeImportRow: () => ({ importId: lastId(), line: 3 }),
  acceptImportWarning: () => ({ importId: lastId(), line: 3, accepted: true, revision: 0 }),
  confirmImport: () => ({ importId: lastId() }),
  discardImport: () => ({ importId: lastId() }),
  getBankList: () => ({ profileId: knownIds[0] }),
  importBankList: () => ({ profileId: knownIds[0] }),
  listPayouts: () => ({ limit: 10, search: 'Beneficiary', statuses: ['processing'], profileId: knownIds[0] }),
  getPayout: () => ({ id: knownIds[1] }),
  listProfiles: () => undefined,
  saveProfile: () => ({
    name: 'Shop',
    provider: 'vexora',
    area: 'ID',
    environment: 'sandbox',
    baseUrl: 'http://127.0.0.1:1',
    merchantId: '1',
  }),
  removeProfile: () => ({ profileId: knownIds[0] }),
  getSecretStatus: () => ({ profileId: knownIds[0] }),
  setSecret: () => ({ profileId: knownIds[0], secret: 'x' }),
  deleteSecret: () => ({ profileId: knownIds[0] }),
  generateBluePayKey: () => ({ profileId: knownIds[0] }),
  getBalance: () => ({ profileId: knownIds[0], refresh: false }),
  createPayout: () => ({
    profileId: knownIds[0],
    amount: '150,000',
    fields: { bankCode: '0002', bankAccountNo: '0012345', customerName: 'Ana', mobile: '081234567890' },
    idempotencyKey: '0190a0b0-0000-7000-8000-000000000001',
  }),
  refreshPayouts: () => ({ ids: [knownIds[1]] }),
  getConnectivity: () => undefined,
  startBatch: () => ({ batchId: knownIds[1] }),
  pauseBatch: () => ({ batchId: knownIds[1] }),
  resumeBatch: () => ({ batchId: knownIds[1] }),
  cancelBatch: () => ({ batchId: knownIds[1] }),
  getCallbackListener: () => undefined,
  setCallbackListener: () => ({ enabled: false }),
  getTeamConnection: () => undefined,
  // A closed loopback port: a near-valid request reaches the handler and is refused at once.
  connectTeam: () => ({ server: '127.0.0.1:1/payouts', login: 'siti', password: 'pw' }),
  forgetTeam: () => undefined,
  listTeamApprovals: () => undefined,
  approveTeamPayouts: () => ({
    ids: [knownIds[1]],
    totalMinor: 100,
    acknowledged: [{ id: knownIds[1], kind: 'new_payee' }],
  }),
  refuseTeamPayouts: () => ({ ids: [knownIds[1]], totalMinor: 100 }),
  listTeamProfiles: () => undefined,
  saveTeamProfile: () => ({
    name: 'Team shop',
    provider: 'vexora',
    area: 'ID',
    environment: 'sandbox',
    baseUrl: 'http://127.0.0.1:1',
    merchantId: '1',
    secret: 'x',
  }),
  setTeamLimits: () => ({
    shown: { perPayoutMinor: null, perDayMinor: null, timeZone: 'Asia/Jakarta' },
    profileId: knownIds[0],
    perPayout: '100,000',
    perDay: '',
    timeZone: 'Asia/Jakarta',
  }),
  setTeamSecret: () => ({ profileId: knownIds[0], secret: 'x' }),
  sendTeamPayouts: () => undefined,
  listTeamHistory: () => ({ search: 'Dewi', status: 'queued', limit: 20 }),
  getTeamStory: () => ({ reference: 'INV-2026-001' }),
  getTeamDashboard: () => ({ dayStarts: Array.from({ length: 30 }, (_, i) => i * 86_400_000), weekStart: 0 }),
  listTeamAttention: () => undefined,
  retryTeamPayout: () => ({ id: knownIds[1] }),
  refreshTeamPayouts: () => undefined,
  reviewTeamPayout: () => ({ profileId: knownIds[0], amount: '10000', fields: { customerName: 'Dewi' } }),
  writeTeamPayout: () => ({ reviewId: knownIds[1], acceptRepeat: false, acceptAccountChange: false }),
  getTeamPayAgain: () => ({ id: knownIds[1] }),
  listTeamBatchesToRetry: () => undefined,
  retryTeamBatch: () => ({ batchId: knownIds[1], ids: [knownIds[1]] }),
  resolveTeamAttention: () => ({ payoutId: knownIds[1], action: 'not-sent', note: 'checked', version: 1 }),
  listAttention: () => ({ profileId: knownIds[0] }),
  resolveAttention: () => ({ payoutId: knownIds[1], action: 'not-sent', note: 'checked', version: 1 }),
  retryPayout: () => ({ id: knownIds[1] }),
  listRecipients: () => ({ profileId: knownIds[0], search: 'Ana' }),
  getRecipient: () => ({ id: knownIds[1] }),
  saveRecipient: () => ({ id: knownIds[1], name: 'Ana', mobile: null, email: null, note: 'x' }),
  archiveRecipient: () => ({ id: knownIds[1], archived: true }),
  checkRecipient: () => ({ profileId: knownIds[0], fields: { bankCode: '0002', bankAccountNo: '0012345' } }),
  getReleaseLimits: () => ({ profileId: knownIds[0] }),
  setReleaseLimits: () => ({
    profileId: knownIds[0],
    perPayout: '100,000',
    perDay: '',
    newPassphrase: 'long enough',
  }),
  listAwaitingRelease: () => undefined,
  releasePayouts: () => ({
    profileId: knownIds[0],
    held: { payoutIds: [knownIds[1]] },
    passphrase: 'x',
    reviewHash: '0'.repeat(64),
  }),
  cancelAwaitingRelease: () => ({ profileId: knownIds[0], held: { payoutIds: [knownIds[1]] } }),
  openLogFolder: () => undefined,
}

function hostileInput(channel: Channel): fc.Arbitrary<unknown> {
  return fc.oneof(nearValid(SAMPLES[channel]()), fc.anything(), fc.constant(undefined), fc.constant(null))
}

describe('IPC under arbitrary input', () => {
  for (const channel of CHANNELS) {
    it(`${channel}: a typed answer every time; a refusal writes nothing`, async () => {
      internalErrors.length = 0
      if (channel.includes('Import')) knownIds[knownIds.length - 1] = await openImport()
      await fc.assert(
        fc.asyncProperty(hostileInput(channel), async (input) => {
          const schema = CONTRACT[channel].input as z.ZodType
          if (SLOW_WHEN_VALID.has(channel) && schema.safeParse(input).success) return
          const before = changesSince(services.ledger)
          const result = await dispatch(handlers, channel, input, (_c, error) => internalErrors.push(error))
          expect(result).toHaveProperty('ok')
          if (!result.ok) {
            expect(result.code).not.toBe('INTERNAL')
            expect(result.message).toMatch(/\S/)
            expect(changesSince(services.ledger, before)).toBe(0)
          }
        }),
        { numRuns: Math.ceil(FUZZ_RUNS / 3) },
      )
      expect(internalErrors).toEqual([])
    })
  }
})

describe('IPC object limits', () => {
  const keyArb = fc.string({ minLength: 1, maxLength: 80 })
  const valueArb = fc.string({ maxLength: 600 })
  const fieldsArb = fc.oneof(
    fc.dictionary(keyArb, valueArb, { maxKeys: 40 }),
    fc
      .integer({ min: 33, max: 5_000 })
      .map((n) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`f${i}`, 'x']))),
  )

  // Every channel that takes a payout's fields, each with an otherwise valid request.
  const withFields = {
    createPayout: (fields: Record<string, string>) => ({
      profileId: knownIds[0],
      amount: '150,000',
      fields,
      idempotencyKey: randomUUID(),
    }),
    checkRecipient: (fields: Record<string, string>) => ({ profileId: knownIds[0], fields }),
  } as const

  for (const [channel, request] of Object.entries(withFields) as [
    keyof typeof withFields,
    (fields: Record<string, string>) => unknown,
  ][]) {
    it(`${channel} fields: at most 32 keys of ≤ 64 characters and values of ≤ 500, else a plain refusal`, async () => {
      await fc.assert(
        fc.asyncProperty(fieldsArb, async (fields) => {
          const entries = Object.entries(fields)
          const within = entries.length <= 32 && entries.every(([k, v]) => k.length <= 64 && v.length <= 500)
          const input = request(fields)
          expect(CONTRACT[channel].input.safeParse(input).success).toBe(within)
          if (within) return
          const before = changesSince(services.ledger)
          const result = await dispatch(handlers, channel, input, () => {})
          expect(result).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
          expect(!result.ok && result.message).toMatch(/at most 32 entries|longer than (64|500) characters/)
          expect(changesSince(services.ledger, before)).toBe(0)
        }),
        { numRuns: FUZZ_RUNS },
      )
    })

    it(`${channel} refuses 200,000 fields by their count`, async () => {
      const fields = Object.fromEntries(Array.from({ length: 200_000 }, (_, i) => [`k${i}`, 'v']))
      const result = await dispatch(handlers, channel, request(fields), () => {})
      expect(result).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
      expect(!result.ok && result.message).toMatch(/at most 32 entries/)
    })
  }
})
