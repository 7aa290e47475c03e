import { EventEmitter } from 'node:events'
import { DateTime } from 'luxon'
import type { Logger } from '@adonisjs/core/logger'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Mailbox from '#plugins/email/models/mailbox'
import { TenantContext } from '#services/tenant_context'
import leases, { type LeaseService } from '#services/lease_service'
import {
  ImapClient,
  ImapError,
  type FetchedMessage,
  type ImapSettings,
  type MessageSize,
} from '#plugins/email/services/imap_client'
import { emailSettings } from '#plugins/email/services/email_settings'
import type {
  IntakeStatus,
  ReceiveInput,
  ReceiveManyOptions,
  ReceiveResult,
} from '#plugins/email/services/intake_service'

/**
 * The intake as the fetcher and the SMTP listener use it (the intake
 * service's `receive`, and `receiveMany` for a fetched batch when the
 * intake offers it).
 */
export interface Intake {
  receive(input: ReceiveInput): Promise<ReceiveResult>
  receiveMany?(inputs: ReceiveInput[], options?: ReceiveManyOptions): Promise<ReceiveResult[]>
}

/**
 * Counts of one synchronisation pass.
 */
export interface SyncReport {
  mailboxId: number
  fetched: number
  statuses: Record<IntakeStatus, number>
  uidValidityChanged: boolean
  lastUid: number
  durationMs: number
}

export interface FetcherOptions {
  logger: Logger
  /** Messages per body fetch. */
  batchSize?: number
  /** Bytes per body fetch (a soft cap; one message may exceed it). */
  batchBytes?: number
  /** Safety-net poll even while IDLE, in ms. */
  pollInterval?: number
  /** First reconnect delay in ms; doubles up to `maxBackoff`. */
  backoff?: number
  maxBackoff?: number
  /** Accept self-signed certificates (tests only). */
  insecureTls?: boolean
}

function emptyStatuses(): SyncReport['statuses'] {
  return { processed: 0, held: 0, failed: 0, ignored: 0, duplicate: 0 }
}

function errorText(error: unknown) {
  const text = error instanceof Error ? error.message : String(error)
  return text.slice(0, 1000)
}

/**
 * Splits the listed messages into fetch batches by count and bytes.
 * Oversized messages count only their headers.
 */
function batches(list: MessageSize[], size: number, bytes: number, maxBytes: number) {
  const result: MessageSize[][] = []
  let current: MessageSize[] = []
  let total = 0
  for (const message of list) {
    const weight = message.size > maxBytes ? 0 : message.size
    if (current.length > 0 && (current.length >= size || total + weight > bytes)) {
      result.push(current)
      current = []
      total = 0
    }
    current.push(message)
    total += weight
  }
  if (current.length > 0) result.push(current)
  return result
}

/**
 * Fetches one IMAP mailbox into the intake. UIDVALIDITY and the last
 * processed UID are kept on the mailbox, so nothing is fetched twice
 * or missed; `last_uid` moves only with the messages the intake has
 * stored (in the same transaction when it stores a batch). Runs once
 * (`syncOnce`) or stays connected (`start`), waking on IDLE pushes
 * and polling as a safety net.
 *
 * Emits `synced` with a SyncReport after each pass and `failed` with
 * the error when a pass or a connection fails.
 */
export class MailboxFetcher extends EventEmitter {
  #stopped = true
  /** Set by stop(): a pass in progress ends after its current message
      (the intake commits what it has stored). */
  #aborted = false
  #client: ImapClient | null = null
  #wake: (() => void) | null = null
  #pendingWake = false
  /** True while a folder is being selected: the EXISTS that answers
      SELECT is reported as new mail and must not wake the loop. */
  #opening = false
  #loop: Promise<void> | null = null
  #options: Required<Omit<FetcherOptions, 'logger'>>
  #logger: Logger

  constructor(
    readonly tenantId: number,
    readonly mailboxId: number,
    protected intake: Intake,
    options: FetcherOptions
  ) {
    super()
    this.#logger = options.logger.child({ mailboxId, tenantId })
    this.#options = {
      batchSize: options.batchSize ?? 250,
      batchBytes: options.batchBytes ?? 16 * 1024 * 1024,
      pollInterval: options.pollInterval ?? 5 * 60_000,
      backoff: options.backoff ?? 1_000,
      maxBackoff: options.maxBackoff ?? 5 * 60_000,
      insecureTls: options.insecureTls ?? false,
    }
  }

  /**
   * Whether the long-lived loop is running.
   */
  get running() {
    return !this.#stopped
  }

  /**
   * Connects, synchronises once and disconnects.
   */
  async syncOnce(): Promise<SyncReport> {
    const mailbox = await this.#load()
    if (!mailbox) {
      const text = `mailbox ${this.mailboxId} is not an active IMAP mailbox`
      throw new ImapError(text, 'E_EMAIL_MAILBOX_INACTIVE')
    }
    let client: ImapClient | null = null
    try {
      client = await ImapClient.connect(this.#settings(mailbox))
      return await this.#sync(client)
    } catch (error) {
      await this.#recordError(error)
      throw error
    } finally {
      await client?.close()
    }
  }

  /**
   * Starts the long-lived loop: connect, synchronise, wait for new
   * mail, and reconnect with backoff after failures.
   */
  start() {
    if (!this.#stopped) return
    this.#stopped = false
    this.#aborted = false
    this.#loop = this.#run()
  }

  /**
   * Asks the running loop for an immediate pass.
   */
  poke() {
    this.#pendingWake = true
    this.#wake?.()
  }

  /**
   * Stops the loop and closes the connection.
   */
  async stop() {
    this.#aborted = true
    if (this.#stopped) return
    this.#stopped = true
    this.#wake?.()
    await this.#client?.close()
    await this.#loop
    this.#loop = null
  }

  async #run() {
    let failures = 0
    while (!this.#stopped) {
      try {
        const mailbox = await this.#load()
        if (!mailbox) {
          this.#logger.info('mailbox no longer fetched; fetcher stops')
          this.#stopped = true
          break
        }
        this.#client = await ImapClient.connect(this.#settings(mailbox))
        this.#logger.info({ idle: this.#client.supportsIdle }, 'imap connected')
        this.#client.on('mail', () => {
          if (!this.#opening) this.poke()
        })
        this.#client.on('uidvalidity', () => this.poke())
        this.#client.on('close', () => this.#wake?.())

        while (!this.#stopped && this.#client.connected) {
          this.#pendingWake = false
          this.emit('synced', await this.#sync(this.#client))
          failures = 0
          await this.#waitForWork()
        }
        if (!this.#stopped) throw new Error('connection closed by the server')
      } catch (error) {
        if (this.#stopped) break
        failures++
        this.#logger.warn({ err: error, failures }, 'imap fetch failed')
        await this.#recordError(error)
        this.emit('failed', error)
      } finally {
        const client = this.#client
        this.#client = null
        client?.destroy()
      }

      if (this.#stopped) break
      const delay = Math.min(this.#options.backoff * 2 ** (failures - 1), this.#options.maxBackoff)
      await this.#pause(delay * (0.8 + Math.random() * 0.4))
    }
  }

  /**
   * Waits for an IDLE push, a poke, a closed connection or the
   * safety-net poll interval, whichever comes first.
   */
  async #waitForWork() {
    if (this.#pendingWake || this.#stopped) return
    await this.#pause(this.#options.pollInterval)
  }

  #pause(ms: number) {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms)
      function done() {
        clearTimeout(timer)
        resolve()
      }
      this.#wake = () => {
        this.#wake = null
        done()
      }
    })
  }

  /**
   * One pass over the folder: check UIDVALIDITY, list what is new,
   * fetch it in batches (the next batch downloads while the current
   * one is stored) and hand each message to the intake in UID order.
   */
  async #sync(client: ImapClient): Promise<SyncReport> {
    const started = performance.now()
    return TenantContext.run(this.tenantId, async () => {
      const mailbox = await Mailbox.findOrFail(this.mailboxId)
      this.#opening = true
      const folder = await client
        .openFolder(mailbox.imapFolder || 'INBOX')
        .finally(() => (this.#opening = false))
      const report: SyncReport = {
        mailboxId: this.mailboxId,
        fetched: 0,
        statuses: emptyStatuses(),
        uidValidityChanged: false,
        lastUid: Number(mailbox.lastUid ?? 0),
        durationMs: 0,
      }

      /* A new UIDVALIDITY invalidates every stored UID: start over
         from the first message; the intake recognises bytes it has
         already stored for this mailbox. */
      const stored = mailbox.uidValidity === null ? null : Number(mailbox.uidValidity)
      if (stored !== folder.uidValidity) {
        if (stored !== null) {
          report.uidValidityChanged = true
          this.#logger.warn(
            { from: stored, to: folder.uidValidity },
            'uidvalidity changed; rescanning mailbox'
          )
        }
        report.lastUid = 0
        await this.#update({ uid_validity: folder.uidValidity, last_uid: 0 })
      }

      const hasNew = folder.uidNext === 0 || folder.uidNext - 1 > report.lastUid
      if (hasNew) await this.#fetchNew(client, folder.uidValidity, report)

      await this.#update({
        status: 'ok',
        last_error: null,
        last_checked_at: DateTime.utc().toFormat('yyyy-MM-dd HH:mm:ss'),
      })
      report.durationMs = Math.round(performance.now() - started)
      if (report.fetched > 0) {
        this.#logger.info({ ...report.statuses, fetched: report.fetched }, 'mailbox synced')
      }
      return report
    })
  }

  async #fetchNew(client: ImapClient, uidValidity: number, report: SyncReport) {
    const { batchSize, batchBytes } = this.#options
    /* Messages over the tenant's limit are fetched as headers only. */
    const { maxBytes } = await emailSettings()
    const listed = (await client.listFrom(report.lastUid + 1)).filter(
      (message) => message.uid > report.lastUid
    )
    if (listed.length === 0) return

    const plan = batches(listed, batchSize, batchBytes, maxBytes)
    const download = (batch: MessageSize[]) => {
      const whole = batch.filter((m) => m.size <= maxBytes).map((m) => m.uid)
      const large = batch.filter((m) => m.size > maxBytes).map((m) => m.uid)
      return Promise.all([client.fetch(whole, 'full'), client.fetch(large, 'headers')]).then(
        ([a, b]) => [...a, ...b].sort((x, y) => x.uid - y.uid)
      )
    }

    let next: Promise<FetchedMessage[]> | null = download(plan[0])
    for (let index = 0; index < plan.length; index++) {
      const messages: FetchedMessage[] = await next!
      /* Keep one download in flight while this batch is stored. */
      next = index + 1 < plan.length ? download(plan[index + 1]) : null
      next?.catch(() => {})

      if (this.#aborted) return
      const taken = await this.#store(messages, uidValidity, report)
      if (taken < messages.length) return

      /* A UID listed but not returned was expunged in between. */
      const last = plan[index].at(-1)!.uid
      if (last > report.lastUid) {
        this.#logger.warn({ uid: last }, 'listed messages vanished before fetch')
        await this.#update({ last_uid: last })
        report.lastUid = last
      }
    }
  }

  /**
   * Hands one fetched batch to the intake in UID order; `last_uid`
   * moves with each stored message (inside the intake's transaction
   * when it stores a batch at once). Returns how many were taken: fewer
   * than given when the fetcher is stopping.
   */
  async #store(messages: FetchedMessage[], uidValidity: number, report: SyncReport) {
    const inputs: ReceiveInput[] = messages.map((message) => ({
      tenantId: this.tenantId,
      mailboxId: this.mailboxId,
      source: 'imap',
      sourceKey: `imap:${this.mailboxId}:${uidValidity}:${message.uid}`,
      raw: message.raw,
      /* Only headers of a message over the limit were fetched; the
         intake lists it as failed with them and the real size. */
      size: message.size,
    }))
    const stop = () => this.#aborted
    const checkpoint = (taken: number, client?: TransactionClientContract) =>
      this.#update({ last_uid: messages[taken - 1].uid }, client)

    let results: ReceiveResult[]
    if (this.intake.receiveMany) {
      results = await this.intake.receiveMany(inputs, { checkpoint, stop })
    } else {
      results = []
      for (const input of inputs) {
        if (stop()) break
        results.push(await this.intake.receive(input))
        await checkpoint(results.length)
      }
    }

    for (const result of results) {
      report.fetched++
      report.statuses[result.status] = (report.statuses[result.status] ?? 0) + 1
    }
    if (results.length > 0) report.lastUid = messages[results.length - 1].uid
    return results.length
  }

  /**
   * The mailbox when it is still an active IMAP mailbox, else null.
   */
  #load() {
    return TenantContext.run(this.tenantId, () =>
      Mailbox.query()
        .where('id', this.mailboxId)
        .where('intake', 'imap')
        .where('active', true)
        .first()
    )
  }

  #settings(mailbox: Mailbox): ImapSettings {
    return {
      host: mailbox.imapHost ?? '',
      port: mailbox.imapPort ?? (mailbox.imapTls ? 993 : 143),
      tls: mailbox.imapTls,
      user: mailbox.imapUser ?? '',
      password: mailbox.imapSecret ?? '',
      rejectUnauthorized: !this.#options.insecureTls,
    }
  }

  #update(values: Record<string, unknown>, client?: TransactionClientContract) {
    return TenantContext.run(this.tenantId, () =>
      Mailbox.query({ client }).where('id', this.mailboxId).update(values)
    )
  }

  async #recordError(error: unknown) {
    try {
      await this.#update({
        status: 'error',
        last_error: errorText(error),
        last_checked_at: DateTime.utc().toFormat('yyyy-MM-dd HH:mm:ss'),
      })
    } catch (storeError) {
      this.#logger.error({ err: storeError }, 'could not record mailbox error')
    }
  }
}

/**
 * A fingerprint of the settings a running fetcher depends on; a
 * change restarts it.
 */
function fingerprint(mailbox: Mailbox) {
  return JSON.stringify([
    mailbox.imapHost,
    mailbox.imapPort,
    mailbox.imapTls,
    mailbox.imapUser,
    mailbox.imapPassword,
    mailbox.imapFolder,
  ])
}

/**
 * The lease a worker holds while it fetches a mailbox.
 */
function leaseName(mailboxId: number) {
  return `email:mailbox:${mailboxId}`
}

/**
 * Runs one fetcher per active IMAP mailbox of every tenant with the
 * email module enabled, and picks up added, changed and removed
 * mailboxes on each rescan. Each worker process runs one supervisor;
 * a mailbox is fetched only by the worker holding its lease, renewed
 * on every rescan, so workers on several machines share the mailboxes
 * and one takes over those of a worker that died once its leases
 * expire (three rescan intervals).
 */
export class FetcherSupervisor {
  #fetchers = new Map<number, { fetcher: MailboxFetcher; fingerprint: string }>()
  #timer: NodeJS.Timeout | null = null
  #refreshing: Promise<void> | null = null
  #leases: LeaseService

  constructor(
    protected intake: Intake,
    protected options: FetcherOptions & { rescanInterval?: number; leases?: LeaseService }
  ) {
    this.#leases = options.leases ?? leases
  }

  /**
   * Mailbox ids with a running fetcher.
   */
  get mailboxIds() {
    return [...this.#fetchers.keys()]
  }

  /**
   * The running fetcher of a mailbox.
   */
  fetcher(mailboxId: number) {
    return this.#fetchers.get(mailboxId)?.fetcher
  }

  /**
   * Starts the fetchers and the periodic rescan.
   */
  async start() {
    await this.refresh()
    this.#timer = setInterval(() => {
      this.refresh().catch((error) =>
        this.options.logger.error({ err: error }, 'mailbox rescan failed')
      )
    }, this.options.rescanInterval ?? 30_000)
    this.#timer.unref()
  }

  /**
   * Compares running fetchers with the mailboxes that should be
   * fetched and starts, restarts or stops fetchers to match.
   */
  refresh() {
    this.#refreshing ??= this.#refresh().finally(() => (this.#refreshing = null))
    return this.#refreshing
  }

  async #refresh() {
    const wanted = await TenantContext.bypass(() =>
      Mailbox.query()
        .where('intake', 'imap')
        .where('active', true)
        .whereIn('tenant_id', (tenants) => {
          tenants.from('tenants').select('id').where('active', true)
        })
        .whereIn('tenant_id', (enabled) => {
          enabled
            .from('tenant_plugins')
            .select('tenant_id')
            .where('plugin_id', 'email')
            .where('enabled', true)
        })
    )

    const ttl = 3 * (this.options.rescanInterval ?? 30_000)
    const seen = new Set<number>()
    for (const mailbox of wanted) {
      /* Another worker's mailbox, or one lost after a stall. */
      if (!(await this.#leases.claim(leaseName(mailbox.id), ttl))) continue
      seen.add(mailbox.id)
      const print = fingerprint(mailbox)
      const running = this.#fetchers.get(mailbox.id)
      if (running && running.fingerprint === print && running.fetcher.running) continue
      if (running) await running.fetcher.stop()

      const fetcher = new MailboxFetcher(mailbox.tenantId, mailbox.id, this.intake, this.options)
      this.#fetchers.set(mailbox.id, { fetcher, fingerprint: print })
      fetcher.start()
    }

    for (const [id, running] of this.#fetchers) {
      if (seen.has(id)) continue
      this.#fetchers.delete(id)
      await running.fetcher.stop()
      await this.#leases.release(leaseName(id))
    }
  }

  /**
   * Stops the rescan and every fetcher.
   */
  async stop() {
    if (this.#timer) clearInterval(this.#timer)
    this.#timer = null
    await this.#refreshing
    await Promise.all(
      [...this.#fetchers].map(async ([id, { fetcher }]) => {
        await fetcher.stop()
        /* Unreleased, the lease still expires on its own. */
        await this.#leases.release(leaseName(id)).catch((error) => {
          this.options.logger.warn({ err: error, mailboxId: id }, 'lease release failed')
        })
      })
    )
    this.#fetchers.clear()
  }
}
