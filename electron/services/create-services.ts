import { join } from 'node:path'
import type { PayoutStatus } from '../../shared/domain/payout-status.ts'
import { startCheckpointer, type Checkpointer } from '../ledger/checkpointer.ts'
import { openLedger, type Ledger } from '../ledger/open-ledger.ts'
import { logSlowStatementsTo, slowStatementLine } from '../ledger/slow-statements.ts'
import { createLedgerReader } from './ledger-reader.ts'
import type { LedgerReads } from './read-ops.ts'
import { openSandboxPayouts, seedBuiltinSandboxProfiles } from '../ledger/profiles-repo.ts'
import { referenceOf } from '../ledger/payouts-repo.ts'
import { readListenerSetting, readSettings } from '../ledger/settings-repo.ts'
import { abandonStaleImports } from '../import/commit-in-chunks.ts'
import { createImportSessions, type ImportSessions } from '../import/import-sessions.ts'
import type { ErrorLog } from './error-log.ts'
import { NO_FILE_DIALOGS, filePort, type FileDialogs, type FilePort } from './file-port.ts'
import { createBatchRunner, type BatchProgress, type BatchRunner } from '../payouts/batches.ts'
import { listenerUrl, startCallbackListener, type CallbackListener } from '../payouts/callback-listener.ts'
import { createClientResolver, type ClientResolver } from '../payouts/client-resolver.ts'
import { createEngine, type Engine } from '../payouts/engine.ts'
import { createPoller, type Poller, type PollerStatus } from '../payouts/poller.ts'
import { loadSandboxKeys } from '../sandbox/credentials.ts'
import { startSandbox, type Sandbox, type SandboxOptions } from '../sandbox/server.ts'
import { loadFingerprintKey } from '../secrets/fingerprint-key.ts'
import { primeSealKey } from '../secrets/limits-seal.ts'
import { createRedactor, rememberedBy, type Redactor } from '../secrets/redactor.ts'
import { createKeychainSecretStore, type SecretStore } from '../secrets/secret-store.ts'

export interface Services {
  appVersion: string
  dataDir: string
  ledger: Ledger
  /**
   * The heavy reads (dashboard, history pages, export, recipients, attention), answered off the main
   * thread by the read worker when the app runs one; on the main connection otherwise (the CLI).
   */
  reads: LedgerReads
  secrets: SecretStore
  resolveClient: ClientResolver
  engine: Engine
  poller: Poller
  batches: BatchRunner
  imports: ImportSessions
  files: FilePort
  /** Knows every secret the keychain handed out in this process: what the CLI prints goes through it. */
  redactor: Redactor
  /** The folder of the error log file, when this process writes one (the app does). */
  logFolder: string | null
  /** Resolves once payouts left in doubt by an earlier run have been asked about; sending waits for it. */
  ready: Promise<void>
  /** The built-in sandbox gateway, started on first use (null where none runs in this process). */
  sandbox: () => Promise<Sandbox | null>
  /** True while the built-in sandbox runs (it starts on first use and stops when idle). */
  sandboxRunning: () => boolean
  listener: () => CallbackListener | null
  setListener(options: {
    enabled: boolean
    host?: string
    port?: number
    behindProxy?: boolean
  }): Promise<string | null>
  /** 0 stops automatic status checks; the person refreshes by hand. */
  setPollInterval(seconds: number): void
  /**
   * Quitting drains this too, beside the engine (a team desk open for one request of the window, whose
   * send would otherwise go on claiming): returns the call that forgets it again.
   */
  onClose(drain: () => Promise<void>): () => void
  /** Once; a second call waits for the first. */
  close(): Promise<void>
}

export interface ServiceHooks {
  onPayoutsChanged?: (ids: string[]) => void
  onPayoutFinal?: (id: string, status: PayoutStatus) => void
  onConnectivity?: (status: PollerStatus) => void
  onBatchProgress?: (progress: BatchProgress) => void
  onBatchFinished?: (progress: BatchProgress) => void
  onError?: (where: string, error: unknown) => void
}

export interface ServiceOptions {
  appVersion: string
  dataDir: string
  secrets?: SecretStore
  /**
   * Run the built-in sandbox gateway (the app does: started the first time a built-in sandbox profile is
   * used, so an install that never uses one never listens), use one already running elsewhere
   * (`{ url }`, the CLI with --sandbox-url), or none (false).
   */
  sandbox?: SandboxOptions | { url: string } | false
  /** Overrides the person's setting (tests poll fast). */
  pollIntervalMs?: number
  files?: FileDialogs
  /** Where errors are written, redacted; it learns each secret the keychain hands out. */
  errorLog?: ErrorLog
  /**
   * The checkpoint worker's script (electron/ledger/checkpoint-worker.ts, or its built .js). Without it
   * the ledger checkpoints on its own connection, inside whichever commit fills the log.
   */
  checkpointWorker?: string
  /**
   * The read worker's script (electron/services/read-worker.ts, or its built .js). Without it the heavy
   * reads run on the main connection, on the main thread.
   */
  readWorker?: string
  /**
   * How long the built-in sandbox may go unused before it stops (default 15 minutes); it never stops
   * while a payout of a sandbox profile is still open, since its orders live in its memory.
   */
  sandboxIdleMs?: number
  /** Start background status checks (the app does; tests that drive the engine themselves do not). */
  poll?: boolean
  /**
   * Ask the gateways about payouts left in doubt by an earlier run, as soon as the services start (the
   * app does; a command line that only reads does not: reading never waits on a gateway). Without it,
   * `ready` resolves at once and nothing is asked until a send or refresh asks.
   */
  recover?: boolean
  /** Start the callback listener the person switched on in Settings (the app does; the CLI does not). */
  listen?: boolean
  /** The engine's settle period, lease length and re-send bound (tests shorten them; see engine.ts). */
  engine?: { settleMs?: number; leaseMs?: number; maxResends?: number }
  hooks?: ServiceHooks
}

/**
 * Everything main needs, built from a data folder. Plain Node: the app, the tests and the CLI build it
 * the same way. Order matters: ledger, then the sandbox, then recovery of in-doubt payouts, then polling.
 */
export async function createServices(options: ServiceOptions): Promise<Services> {
  const { appVersion, dataDir, hooks = {}, errorLog } = options
  const report = (where: string, error: unknown) => {
    errorLog?.write(where, error)
    hooks.onError?.(where, error)
  }
  const ledger = openLedger(join(dataDir, 'ledger.sqlite3'))
  const logSlow = (slow: { name: string; ms: number }) => errorLog?.write('ledger', slowStatementLine(slow))
  if (errorLog) logSlowStatementsTo(ledger, logSlow)
  const reader = createLedgerReader(ledger, {
    workerPath: options.readWorker ?? null,
    onError: (error) => report('ledger reads', error),
    onSlow: logSlow,
  })
  seedBuiltinSandboxProfiles(ledger)
  // An import a dead process left half-written was never sendable; its rows are removed, in chunks.
  void abandonStaleImports(ledger).catch((error: unknown) => report('unfinished import', error))
  const checkpointer: Checkpointer | null = options.checkpointWorker
    ? startCheckpointer(ledger, {
        workerPath: options.checkpointWorker,
        onError: (error) => report('ledger checkpoints', error),
      })
    : null
  const keychain = options.secrets ?? createKeychainSecretStore(undefined, loadFingerprintKey(dataDir))
  const redactor = errorLog?.redactor ?? createRedactor()
  const secrets = rememberedBy(keychain, redactor)
  // Payouts are held when release limits do not match their seal; the check needs the keychain's key.
  await primeSealKey(secrets)
  let listener: CallbackListener | null = null
  const listenerElsewhere = () => {
    if (options.listen !== false) return null
    const saved = readListenerSetting(ledger)
    return saved.enabled && saved.port > 0 ? listenerUrl(saved.host, saved.port) : null
  }
  const choice = options.sandbox ?? {}
  const external = choice && 'url' in choice ? choice.url : null
  const ownSandbox = choice && !('url' in choice) ? choice : null
  let sandbox: Promise<Sandbox> | null = null
  let closed = false
  // From the first moment of close(): nothing starts polling again (recovery may end during the close).
  let closing = false
  let closeDone: Promise<void> | undefined
  const drainsOnClose = new Set<() => Promise<void>>()
  let sandboxUsedAt = 0
  const ensureSandbox = (): Promise<Sandbox | null> => {
    if (!ownSandbox || closed) return Promise.resolve(null)
    sandboxUsedAt = Date.now()
    sandbox ??= startSandbox(ownSandbox).catch((error: unknown) => {
      sandbox = null // the next use tries again
      throw error
    })
    return sandbox
  }
  // The sandbox runs only while a sandbox profile is used: once idle, and with no sandbox payout open
  // (it would lose the orders those are checked against), it stops; the next use starts a new one.
  const sandboxIdleMs = options.sandboxIdleMs ?? 15 * 60_000
  const stopIdleSandbox = async () => {
    if (!sandbox || Date.now() - sandboxUsedAt < sandboxIdleMs || openSandboxPayouts(ledger) > 0) return
    const running = sandbox
    sandbox = null
    await (await running.catch(() => null))?.close()
  }
  const idleCheck = setInterval(
    () => void stopIdleSandbox().catch((error: unknown) => report('sandbox', error)),
    Math.min(60_000, Math.max(50, sandboxIdleMs / 2)),
  )
  idleCheck.unref()
  const externalKeys = external ? loadSandboxKeys() : null
  const resolveClient = createClientResolver({
    secrets,
    builtinSandbox: async () => {
      const own = await ensureSandbox()
      return own
        ? {
            url: own.url,
            merchantPrivateKeyPem: own.credentials.bluepay.merchantPrivateKeyPem,
            bluepayPublicKeyPem: own.credentials.bluepay.bluepayPublicKeyPem,
          }
        : external && externalKeys
          ? {
              url: external,
              merchantPrivateKeyPem: externalKeys.merchantPrivateKeyPem,
              bluepayPublicKeyPem: externalKeys.bluepayPublicKeyPem,
            }
          : null
    },
    // A process that does not listen itself (the command line) names the desk's listener, as the person
    // set it in Settings, so a payout made there is called back too: a gateway's later change of mind
    // (a paid payout reversed) reaches the ledger only that way.
    callbackBaseUrl: () => listener?.url ?? listenerElsewhere(),
  })
  // People know a payout by its reference; the ledger's own id means nothing to them.
  const onError = (id: string, error: unknown) => {
    // A send still finishing while the services close reports after the ledger is shut.
    const reference = ledger.open ? referenceOf(ledger, id) : undefined
    report(`payout ${reference ?? id}`, error)
  }
  const engine = createEngine({
    ...options.engine,
    db: ledger,
    resolveClient,
    onChange: hooks.onPayoutsChanged,
    onFinal: hooks.onPayoutFinal,
    onError,
  })
  const pollMs = options.pollIntervalMs ?? readSettings(ledger).pollIntervalSeconds * 1_000
  const poller = createPoller({
    db: ledger,
    engine,
    intervalMs: pollMs || undefined,
    onStatus: hooks.onConnectivity,
    onError,
  })
  const ready = (options.recover === false ? Promise.resolve() : engine.recover().then(() => undefined)).then(
    () => {
      if (!closing && options.poll !== false && pollMs > 0) poller.start()
    },
  )
  const batches = createBatchRunner({
    db: ledger,
    engine,
    ready,
    onProgress: hooks.onBatchProgress,
    onFinished: hooks.onBatchFinished,
    onError,
  })
  const setListener: Services['setListener'] = async ({ enabled, host, port, behindProxy }) => {
    await listener?.close()
    listener = null
    listener = enabled
      ? await startCallbackListener({ engine, host, port, trustForwardedFor: behindProxy === true })
      : null
    return listener?.url ?? null
  }
  // The person's choice survives a restart; a port taken meanwhile is reported, not fatal.
  const saved = readListenerSetting(ledger)
  if (saved.enabled && options.listen !== false)
    await setListener(saved).catch((error: unknown) => report('callback listener', error))

  return {
    appVersion,
    dataDir,
    ledger,
    reads: reader.reads,
    secrets,
    resolveClient,
    engine,
    poller,
    batches,
    ready,
    sandbox: ensureSandbox,
    sandboxRunning: () => sandbox !== null,
    listener: () => listener,
    setListener,
    imports: createImportSessions(ledger),
    files: filePort(options.files ?? NO_FILE_DIALOGS),
    redactor,
    logFolder: errorLog?.folder ?? null,
    setPollInterval(seconds) {
      if (seconds === 0) return poller.stop()
      poller.setIntervalMs(seconds * 1_000)
      if (options.poll !== false) void ready.then(() => closing || poller.start())
    },
    onClose(drain) {
      drainsOnClose.add(drain)
      return () => drainsOnClose.delete(drain)
    },
    close: () => (closeDone ??= closeAll()),
  }

  async function closeAll() {
    closing = true
    poller.stop()
    // Batches stop taking payouts and no door can start one (what waits stays queued for the next
    // start); the engine claims nothing new; what is out at a gateway finishes and its answer is
    // written before the ledger closes. Both are told before recovery is waited for: it stops after
    // the payout it is asking about, instead of going on through every one in doubt (a timeout each
    // on a hanging gateway held the quit for minutes).
    const stopping = batches.stopAll()
    const draining = Promise.all([
      engine.drain(),
      ...[...drainsOnClose].map((drain) => drain().catch(() => undefined)),
    ])
    await ready.catch(() => undefined)
    await draining
    // Bounded as the drain is: a send still hanging on a gateway past it is left, as it always was
    // (its answer is asked for at the next start), rather than holding the quit open.
    await Promise.race([stopping, new Promise((r) => setTimeout(r, 1_000).unref())])
    await listener?.close()
    clearInterval(idleCheck)
    closed = true
    await (await sandbox?.catch(() => null))?.close()
    await reader.stop()
    await checkpointer?.stop()
    ledger.close()
  }
}
