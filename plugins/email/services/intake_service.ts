import { createHash } from 'node:crypto'
import { DateTime } from 'luxon'
import logger from '@adonisjs/core/services/logger'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import InboundMessage from '#models/inbound_message'
import ContactIdentity from '#models/contact_identity'
import Ticket from '#models/ticket'
import type Message from '#models/message'
import attachmentStore from '#services/attachment_store'
import type { ContactMemo } from '#services/contact_service'
import inbox, { type InboxResult, type NormalisedInbound } from '#services/inbox_service'
import { TenantContext } from '#services/tenant_context'
import Mailbox from '../models/mailbox.js'
import { InboundStateException, RawMissingException } from '../errors.js'
import { emailSettings, type EmailSettings } from './email_settings.js'
import { headerBlock } from './header_repair.js'
import { detectLoop, type BounceRecipient, type LoopVerdict } from './loop_detector.js'
import {
  parseEmail,
  summariseHeaders,
  type MailAddress,
  type MailSummary,
  type ParsedEmail,
} from './mime_parser.js'
import { ParserPool } from './parser_pool.js'
import { displaySubject, ticketNumberFrom } from './subject_rules.js'
import { reason, tooLarge, type Reason, type ReasonCode, type ReasonParams } from './reasons.js'
import { mailDomain, verify as verifyMessageId } from './message_id.js'

/**
 * Where every raw email enters the product, whatever brought it: the
 * IMAP fetcher, the SMTP listener or `email:import`.
 *
 * Contract (shared by the fetcher, the listener and the importer):
 *
 *   receive({ tenantId, mailboxId, source, sourceKey, raw })
 *     -> { status: 'processed' | 'held' | 'failed' | 'ignored' | 'duplicate',
 *          inboundMessageId, ticketId?, reason? }
 *
 * - `source` is 'imap' | 'smtp' | 'import'.
 * - `sourceKey` is the message's identity within the tenant:
 *   `imap:<mailboxId>:<uidvalidity>:<uid>` when fetching, and
 *   `sha256:<hex of raw bytes>` for SMTP intake and import.
 * - The raw bytes are stored (content-addressed) before parsing.
 * - It never throws for bad input: a message that cannot be parsed
 *   or threaded is kept as `failed` with the reason.
 *
 * Additions to the contract: `answeringPointId` (import without a
 * mailbox), `size` (the real size when `raw` holds only the headers
 * of a message too large to fetch), `messageId`/`createdTicket` in
 * the result, and `receiveMany` for a fetcher's batch: the same
 * outcome per message, stored in a few transactions instead of one
 * per message, with a checkpoint inside each (see ReceiveManyOptions).
 *
 * Choices:
 * - The same bytes from the same IMAP mailbox under a new UIDVALIDITY
 *   are a duplicate, so a rescan after a change stores nothing twice.
 * - A message over the size limit is kept raw (up to RAW_HARD_CAP,
 *   beyond that only its header block) and listed as failed with
 *   its header summary; its body is never parsed.
 * - A message naming no sender at all (no From, Sender, Reply-To or
 *   Return-Path) still opens a ticket, under the UNKNOWN_SENDER
 *   placeholder identity, flagged `senderUnknown` in its meta: the
 *   content is kept visible, and it is never auto-replied to.
 * - Mail from the tenant's own addresses is stored as ignored.
 * - The raw bytes are stored and then parsed; the record is written
 *   after parsing, in its final state unless the inbox takes the
 *   message (then `received` until the inbox has stored it). A crash
 *   in between leaves at most an unreferenced raw file: the source
 *   (IMAP position, SMTP reply, import run) has not moved on.
 */

export type IntakeSource = 'imap' | 'smtp' | 'import'
export type IntakeStatus = 'processed' | 'held' | 'failed' | 'ignored' | 'duplicate'

/**
 * One raw message handed to the intake.
 */
export interface ReceiveInput {
  tenantId: number
  /** The mailbox it arrived in; null for an import without one. */
  mailboxId: number | null
  source: IntakeSource
  sourceKey: string
  raw: Buffer
  /** The answering point when no mailbox is given (import). */
  answeringPointId?: number | null
  /**
   * The message's real size when `raw` holds only its headers (a
   * fetcher may skip the body of a message over the limit).
   */
  size?: number
}

/**
 * What became of one raw message.
 */
export interface ReceiveResult {
  status: IntakeStatus
  inboundMessageId: number
  ticketId?: number | null
  messageId?: number | null
  createdTicket?: boolean
  reason?: string | null
}

/**
 * How a batch is committed, and where its source position moves.
 */
export interface ReceiveManyOptions {
  /**
   * Runs inside each transaction just before it commits, with the
   * number of inputs taken so far (from the first): the fetcher moves
   * `last_uid` here, so messages and position become durable
   * together. Called without a client (autocommit) after each message
   * stored one by one.
   */
  checkpoint?: (taken: number, client?: TransactionClientContract) => Promise<unknown>
  /** Asked before each message; true ends the call early. */
  stop?: () => boolean
}

/**
 * Limits of one batch transaction: it holds SQLite's write lock (and
 * on MariaDB the tenant's ticket counter), so it stays short. A
 * message larger than BATCH_BIG_BYTES starts a new transaction, so
 * its parse runs while no lock is held.
 */
const BATCH_MAX_MESSAGES = 100
const BATCH_MAX_MS = 200
const BATCH_BIG_BYTES = 1024 * 1024

/** How many messages of a batch are parsed ahead of the one stored. */
const PARSE_AHEAD = 8

/** The parser thread shared by every batch of this process. */
const parser = new ParserPool()

/**
 * Raw messages above this size keep only their header block: the
 * record, summary and reason stay visible, the body is not stored.
 */
export const RAW_HARD_CAP = 100 * 1024 * 1024

/**
 * Identity stored for a message that names no sender at all. The
 * `.invalid` top-level domain (RFC 2606) can never be delivered to,
 * so a reply to it fails visibly instead of reaching anyone.
 */
export const UNKNOWN_SENDER = 'unknown-sender@sender.invalid'

/**
 * One raw message after storing and parsing, ready for the database.
 */
interface Prepared {
  input: ReceiveInput
  values: RecordValues
  /** Null when the message was not parsed (too large, unparseable). */
  mail: ParsedEmail | null
  /** Why the message fails before classification, if it does. */
  problem: Reason | null
}

type RecordValues = Pick<InboundMessage, 'contentHash' | 'rawKey' | 'size' | 'answeringPointId'> & {
  summary: Record<string, unknown>
}

/**
 * What one call of the intake reads once and does after it commits:
 * the mailbox, the tenant's settings and own addresses (read again on
 * the next call, so no cache outlives a batch), and the events and
 * auto-replies of the messages stored in the open transaction.
 */
class IntakeScope {
  /** The batch transaction in progress, if any. */
  client?: TransactionClientContract
  #mailboxes = new Map<number, Promise<Mailbox | null>>()
  #settings: Promise<EmailSettings> | null = null
  #own: Promise<Set<string>> | null = null
  #effects: (() => Promise<unknown>)[] = []
  /** Records of the open transaction the inbox has taken. */
  processed: { id: number; ticketId: number; messageId: number }[] = []
  /** Senders resolved during the call; emptied on a rollback. */
  contacts: ContactMemo = new Map()

  /** The mailbox a message arrived in, read once per call. */
  mailbox(id: number | null) {
    if (!id) return Promise.resolve(null)
    let found = this.#mailboxes.get(id)
    if (!found) {
      found = Mailbox.find(id, { client: this.client })
      this.#mailboxes.set(id, found)
    }
    return found
  }

  /** The tenant's email settings, read once per call. */
  settings() {
    this.#settings ??= emailSettings(this.client)
    return this.#settings
  }

  /**
   * Addresses of the tenant's own mailboxes, lowercased: each
   * mailbox's address and its platform forward address.
   */
  ownAddresses() {
    this.#own ??= Mailbox.query({ client: this.client })
      .select('address', 'forward_token')
      .then((rows) => {
        const domain = mailDomain()
        return new Set(
          rows.flatMap((row) => [
            row.address.toLowerCase(),
            `${row.forwardToken}@${domain}`.toLowerCase(),
          ])
        )
      })
    return this.#own
  }

  /** Queues work for after the data it reads is committed. */
  defer(effect: () => Promise<unknown>) {
    this.#effects.push(effect)
  }

  /** Runs the queued work in order; each effect handles its errors. */
  async flush() {
    const effects = this.#effects
    this.#effects = []
    for (const effect of effects) await effect()
  }

  /** Drops queued work whose transaction rolled back. */
  discard() {
    this.#effects = []
    this.processed = []
    this.contacts.clear()
  }
}

/**
 * Turns raw email into tickets: stores, dedupes, parses, applies loop
 * and review rules, and hands the message to the core inbox.
 */
export class IntakeService {
  #log = logger.child({ plugin: 'email' })
  #autoReplier: AutoReplier | null = null

  /**
   * Replaces the auto-reply sender (the outbound service by default),
   * so tests can observe auto-replies without an SMTP server. Pass
   * null to restore the default.
   */
  useAutoReplier(replier: AutoReplier | null) {
    this.#autoReplier = replier
  }

  /**
   * Takes one raw message; see the contract above. Runs as the given
   * tenant and never throws for bad input.
   */
  async receive(input: ReceiveInput): Promise<ReceiveResult> {
    return TenantContext.run(input.tenantId, async () => {
      const scope = new IntakeScope()
      const contentHash = sha256(input.raw)

      /* The same bytes, or the same source position, arrive only once. */
      const known = await this.#findDuplicates([input], [contentHash])
      const existing = known.get(0)
      if (existing) return duplicateOf(existing)

      const prepared = await this.#prepare(input, contentHash, scope)
      const result = await this.#store(prepared, scope)
      await scope.flush()
      return result
    })
  }

  /**
   * Takes several raw messages of one tenant, one mailbox and one
   * source (for IMAP one UIDVALIDITY), in order, with the same outcome
   * per message as `receive`.
   * They are stored in a few short transactions, and their raw bytes
   * are parsed (on the parser thread) while earlier ones are written.
   * Events and auto-replies follow each commit. When anything fails in
   * a transaction, it is rolled back and its messages are taken again
   * one by one, so a message the inbox refuses ends as failed exactly
   * as with `receive`. Returns one result per message taken: fewer
   * than given when `stop` ended the call.
   */
  async receiveMany(
    inputs: ReceiveInput[],
    options: ReceiveManyOptions = {}
  ): Promise<ReceiveResult[]> {
    const first = inputs[0]
    if (!first) return []
    const uniform = inputs.every(
      (input) =>
        input.tenantId === first.tenantId &&
        input.mailboxId === first.mailboxId &&
        input.source === first.source &&
        sourcePrefix(input) === sourcePrefix(first)
    )
    if (!uniform) return this.#receiveEach(inputs, 0, inputs.length, options)
    return TenantContext.run(first.tenantId, () => this.#receiveMany(inputs, options))
  }

  async #receiveMany(inputs: ReceiveInput[], options: ReceiveManyOptions) {
    const scope = new IntakeScope()

    /* Read once for the call, before a transaction holds the
       connection (SQLite has one). */
    await Promise.all([scope.settings(), scope.mailbox(inputs[0].mailboxId), scope.ownAddresses()])
    const hashes = inputs.map((input) => sha256(input.raw))
    const known = await this.#findDuplicates(inputs, hashes)
    const writes = await this.#storeRaw(inputs, hashes, known)

    /* Messages are stored and parsed (on the parser thread) a few
       ahead of the one being written to the database. */
    const ahead = new Map<number, Promise<Prepared | null>>()
    let queued = 0
    const prepared = (index: number) => {
      /* Refilled in steps, so the parser thread gets several at once. */
      const until = queued - index < PARSE_AHEAD ? index + 2 * PARSE_AHEAD : queued
      for (let next = Math.max(index, queued); next < until && next < inputs.length; next++) {
        queued = next + 1
        if (known.has(next)) continue
        const work = this.#prepare(inputs[next], hashes[next], scope, {
          write: writes.get(next),
          parse: (raw) => parser.parse(raw),
        })
        work.catch(() => {})
        ahead.set(next, work)
      }
      const work = ahead.get(index) ?? Promise.resolve(null)
      ahead.delete(index)
      return work
    }

    const results: ReceiveResult[] = []
    let taken = 0
    while (taken < inputs.length && !options.stop?.()) {
      const from = taken
      let current = from
      let group: ReceiveResult[]
      try {
        group = await db.transaction(async (trx) => {
          scope.client = trx
          const stored = await this.#group(inputs, from, scope, options, {
            prepared,
            known,
            onMessage: (index) => (current = index),
          })
          await this.#markProcessed(scope, trx)
          await options.checkpoint?.(from + stored.length, trx)
          return stored
        })
      } catch (error) {
        scope.client = undefined
        scope.discard()
        /* Up to the message that failed, one at a time: a message that
           fails again on its own fails the call, as `receive` would. */
        this.#log.warn(
          { err: error, sourceKey: inputs[current]?.sourceKey },
          'email batch rolled back; storing one by one'
        )
        results.push(...(await this.#receiveEach(inputs, from, current + 1, options)))
        taken = current + 1
        continue
      }

      /* Committed: events and auto-replies may now read the data. */
      scope.client = undefined
      await scope.flush()
      results.push(...group)
      taken = from + group.length
    }
    return results
  }

  /**
   * Stores inputs `from` onwards in the open transaction until one of
   * the batch limits closes it.
   */
  async #group(
    inputs: ReceiveInput[],
    from: number,
    scope: IntakeScope,
    options: ReceiveManyOptions,
    source: {
      prepared: (index: number) => Promise<Prepared | null>
      known: Map<number, InboundMessage>
      onMessage: (index: number) => void
    }
  ) {
    const started = performance.now()
    const results: ReceiveResult[] = []
    let index = from
    do {
      source.onMessage(index)

      /* SQLite answers synchronously, so storing never lets the event
         loop run: yield once per message for the file writes and the
         parser thread's answers to progress. */
      await new Promise((resolve) => setImmediate(resolve))
      const prepared = await source.prepared(index)
      results.push(
        prepared ? await this.#store(prepared, scope) : duplicateOf(source.known.get(index)!)
      )
      index++
    } while (
      index < inputs.length &&
      results.length < BATCH_MAX_MESSAGES &&
      performance.now() - started < BATCH_MAX_MS &&
      inputs[index].raw.length <= BATCH_BIG_BYTES &&
      !options.stop?.()
    )
    return results
  }

  /**
   * Takes inputs `from` to `to` (exclusive) one at a time, moving the
   * checkpoint after each.
   */
  async #receiveEach(
    inputs: ReceiveInput[],
    from: number,
    to: number,
    options: ReceiveManyOptions
  ) {
    const results: ReceiveResult[] = []
    for (let index = from; index < to; index++) {
      if (options.stop?.()) break
      results.push(await this.receive(inputs[index]))
      await options.checkpoint?.(index + 1)
    }
    return results
  }

  /**
   * Parses a failed message again from its stored raw bytes (after a
   * fix or a higher limit). Current tenant.
   */
  async retry(id: number): Promise<ReceiveResult> {
    const record = await InboundMessage.query()
      .where('channel', 'email')
      .where('id', id)
      .firstOrFail()
    if (record.status !== 'failed') throw new InboundStateException()
    return this.#reprocess(record, false)
  }

  /**
   * Accepts a held message: it opens its ticket. Current tenant.
   */
  async acceptHeld(id: number): Promise<ReceiveResult> {
    const record = await InboundMessage.query()
      .where('channel', 'email')
      .where('id', id)
      .firstOrFail()
    if (record.status !== 'held') throw new InboundStateException()
    return this.#reprocess(record, true)
  }

  /**
   * Rejects a held message or marks a failed one resolved: it stays
   * stored as ignored with the reason. Current tenant.
   */
  async dismiss(id: number, code: ReasonCode, params: ReasonParams = {}) {
    const record = await InboundMessage.query()
      .where('channel', 'email')
      .where('id', id)
      .firstOrFail()
    if (record.status !== 'held' && record.status !== 'failed') {
      throw new InboundStateException()
    }
    return this.#finish(record, 'ignored', { reason: reason(code, params) })
  }

  /**
   * The stored raw bytes of a message, for download. Current tenant.
   */
  async raw(id: number) {
    const record = await InboundMessage.query()
      .where('channel', 'email')
      .where('id', id)
      .firstOrFail()
    return { record, bytes: await this.#readRaw(record) }
  }

  /**
   * Starts writing the raw bytes of every new input at once, so the
   * writes run on the thread pool while earlier messages are parsed
   * and stored; each message is parsed only once its write is done.
   * Bytes the tenant has no record of are written without the
   * existence check (their content-addressed key is new), and the same
   * bytes twice in one call are written once.
   */
  async #storeRaw(inputs: ReceiveInput[], hashes: string[], known: Map<number, InboundMessage>) {
    const tenantId = TenantContext.require()
    const seen = await this.#knownHashes(hashes)
    const byKey = new Map<string, Promise<string>>()
    const writes = new Map<number, Promise<string>>()
    inputs.forEach((input, index) => {
      if (known.has(index)) return
      const { key, kept, truncated } = rawTarget(tenantId, input.raw, hashes[index])
      let write = byKey.get(key)
      if (!write) {
        const fresh = !truncated && !seen.has(hashes[index])
        write = fresh ? attachmentStore.putAt(key, kept) : attachmentStore.putOnce(key, kept)
        write.catch(() => {})
        byKey.set(key, write)
      }
      writes.set(index, write)
    })
    return writes
  }

  /**
   * Stores the raw bytes (or waits for the write already started),
   * then parses them unless the message is over the size limit; a
   * batch parses on the parser thread.
   */
  async #prepare(
    input: ReceiveInput,
    contentHash: string,
    scope: IntakeScope,
    batch?: { write?: Promise<string>; parse: (raw: Buffer) => Promise<ParsedEmail> }
  ): Promise<Prepared> {
    const tenantId = TenantContext.require()
    const [mailbox, settings] = await Promise.all([
      scope.mailbox(input.mailboxId),
      scope.settings(),
    ])
    const size = Math.max(input.size ?? 0, input.raw.length)

    /* Raw first, content-addressed: the same bytes are stored once. */
    const { key, kept, truncated } = rawTarget(tenantId, input.raw, contentHash)
    const rawKey = await (batch?.write ?? attachmentStore.putOnce(key, kept))

    const listing = {
      size,
      mailboxId: mailbox?.id ?? null,
      truncated: truncated || (input.size ?? 0) > input.raw.length,
    }
    const values = (summary: MailSummary): RecordValues => ({
      contentHash,
      rawKey,
      size,
      answeringPointId: mailbox?.answeringPointId ?? input.answeringPointId ?? null,
      summary: { ...summary, ...listing },
    })

    /* Over the limit: listed with its headers, never parsed. */
    if (size > settings.maxBytes) {
      const problem = tooLarge(size, settings.maxBytes)
      return { input, values: values(await summariseHeaders(kept)), mail: null, problem }
    }

    /* Parse; unusable input is kept as failed with the reason. */
    try {
      const mail = await (batch ? batch.parse(input.raw) : parseEmail(input.raw))
      return { input, values: values(mail.summary), mail, problem: null }
    } catch (error) {
      const problem = reason('unparseable', { detail: describe(error) })
      return { input, values: values(await summariseHeaders(kept)), mail: null, problem }
    }
  }

  /**
   * Writes the record of a prepared message and, when it becomes a
   * ticket message, hands it to the inbox.
   */
  async #store(prepared: Prepared, scope: IntakeScope): Promise<ReceiveResult> {
    const { input, values, mail } = prepared
    const [mailbox, settings] = await Promise.all([
      scope.mailbox(input.mailboxId),
      scope.settings(),
    ])

    const outcome =
      prepared.problem || !mail
        ? { status: 'failed' as const, reason: prepared.problem ?? reason('unparseable') }
        : await this.#classify(mail, input.raw, {
            answeringPointId: values.answeringPointId,
            mailbox,
            settings,
            source: input.source,
            accept: false,
            scope,
          })

    /* Failed, ignored or held: the record is written in its final state. */
    if ('status' in outcome) {
      const created = await this.#createRecord(input, values, scope.client, outcome)
      if ('duplicate' in created) return duplicateOf(created.duplicate)
      if (outcome.status === 'failed') this.#logFailure(created)
      return resultOf(created, outcome.status)
    }

    const created = await this.#createRecord(input, values, scope.client)
    if ('duplicate' in created) return duplicateOf(created.duplicate)
    return this.#deliver(created, outcome, mailbox, scope)
  }

  /**
   * Runs a stored message through parsing and the inbox again.
   */
  async #reprocess(record: InboundMessage, accept: boolean) {
    const raw = await this.#readRaw(record)
    const mailboxId = record.summary?.mailboxId ?? null
    const scope = new IntakeScope()
    const [mailbox, settings] = await Promise.all([scope.mailbox(mailboxId), scope.settings()])

    if (record.summary?.truncated) {
      return this.#finish(record, 'failed', { reason: tooLarge(record.size, settings.maxBytes) })
    }
    if (raw.length > settings.maxBytes) {
      return this.#finish(record, 'failed', { reason: tooLarge(raw.length, settings.maxBytes) })
    }

    let mail: ParsedEmail
    try {
      mail = await parseEmail(raw)
    } catch (error) {
      const why = reason('unparseable', { detail: describe(error) })
      return this.#finish(record, 'failed', { reason: why })
    }
    const outcome = await this.#classify(mail, raw, {
      answeringPointId: record.answeringPointId,
      mailbox,
      settings,
      source: record.source,
      accept,
      scope,
    })
    if ('status' in outcome) return this.#finish(record, outcome.status, outcome)

    const result = await this.#deliver(record, outcome, mailbox, scope)
    await scope.flush()
    return result
  }

  /**
   * Applies the rules that decide whether a parsed message becomes a
   * ticket message: usable content, not from the tenant's own
   * addresses, an answering point, and the mailbox's review rule.
   * Gives the final state of a message that does not, else the inbox
   * input.
   */
  async #classify(
    mail: ParsedEmail,
    raw: Buffer,
    context: {
      answeringPointId: number | null
      mailbox: Mailbox | null
      settings: EmailSettings
      source: string
      accept: boolean
      scope: IntakeScope
    }
  ): Promise<
    | { status: 'failed' | 'ignored' | 'held'; reason: Reason }
    | { inbound: NormalisedInbound; verdict: LoopVerdict; sender: MailAddress | null }
  > {
    const { mailbox, settings, scope } = context
    const problem = unusable(mail, raw)
    if (problem) return { status: 'failed', reason: problem }

    /* Mail from the tenant's own addresses would start a loop. */
    const verdict = detectLoop(mail)
    const sender = senderOf(mail)
    if (sender && (await scope.ownAddresses()).has(sender.address.toLowerCase())) {
      return { status: 'ignored', reason: reason('own_address', { address: sender.address }) }
    }

    const answeringPointId = context.answeringPointId ?? mailbox?.answeringPointId ?? null
    if (!answeringPointId) return { status: 'failed', reason: reason('no_answering_point') }
    const inbound = normalise(mail, verdict, {
      sender,
      answeringPointId,
      subjectTag: settings.subjectTag,
      mailboxId: mailbox?.id ?? null,
      source: context.source,
    })

    /* A mailbox under review holds new conversations; replies pass. */
    const review = !context.accept && mailbox && !mailbox.autoCreate
    if (review && !(await this.#threads(inbound, scope.client))) {
      return { status: 'held', reason: reason('held_for_review') }
    }
    return { inbound, verdict, sender }
  }

  /**
   * Hands a classified message to the inbox and records the outcome;
   * events (in a batch) and the auto-reply wait for the commit.
   */
  async #deliver(
    record: InboundMessage,
    classified: { inbound: NormalisedInbound; verdict: LoopVerdict; sender: MailAddress | null },
    mailbox: Mailbox | null,
    scope: IntakeScope
  ) {
    const { inbound, verdict, sender } = classified
    inbound.inboundMessageId = record.id

    let accepted: InboxResult
    try {
      accepted = await inbox.accept(inbound, {
        client: scope.client,
        contacts: scope.contacts,
      })
    } catch (error) {
      /* In a batch the half-written message goes with the rolled back
         transaction; stored again on its own, it fails here. */
      if (scope.client) throw error
      this.#log.error({ err: error, inboundMessageId: record.id }, 'inbox refused email')
      const why = reason('store_failed', { detail: describe(error) })
      return this.#finish(record, 'failed', { reason: why })
    }
    const outcome = {
      ticketId: accepted.ticket.id,
      messageId: accepted.message.id,
      createdTicket: accepted.createdTicket,
    }
    let result: ReceiveResult
    if (scope.client) {
      /* In a batch the records are marked processed together when
         the transaction closes (one statement for all of them). */
      scope.defer(() => inbox.announce(accepted))
      scope.processed.push({ id: record.id, ...outcome })
      result = { ...resultOf(record, 'processed', outcome.createdTicket), ...outcome }
    } else {
      result = await this.#finish(record, 'processed', outcome)
    }
    const answerable = !verdict.autoGenerated && sender !== null
    if (accepted.createdTicket && answerable && mailbox?.autoReply) {
      scope.defer(() => this.#autoReply(accepted.ticket, accepted.message, mailbox))
    }
    return result
  }

  /**
   * Whether the message continues an existing ticket, checked without
   * creating anything (the review rule needs it before the inbox).
   */
  async #threads(inbound: NormalisedInbound, client?: TransactionClientContract) {
    const identity = await ContactIdentity.query({ client })
      .where('type', 'email')
      .where('value', inbound.sender.address.trim().toLowerCase())
      .first()
    return (await inbox.findThread(inbound, identity?.contactId ?? 0, client)) !== null
  }

  /**
   * Sends the mailbox's auto-reply through the outbound service. A
   * failure is logged and never undoes the accepted message.
   */
  async #autoReply(ticket: Ticket, message: Message, mailbox: Mailbox) {
    try {
      if (this.#autoReplier) return void (await this.#autoReplier(ticket, message, mailbox))
      const outbound = await loadOutbound()
      if (!outbound?.sendAutoReply) {
        this.#log.warn({ ticketId: ticket.id }, 'auto-reply skipped: no outbound service')
        return
      }
      await outbound.sendAutoReply(ticket, message, mailbox)
    } catch (error) {
      this.#log.error({ err: error, ticketId: ticket.id }, 'auto-reply failed')
    }
  }

  /**
   * Records already stored for the given inputs, by input position:
   * the same source key, or for IMAP the same bytes seen under an
   * earlier UIDVALIDITY of the same mailbox (after a UIDVALIDITY
   * change the fetcher rescans the folder). Within one UIDVALIDITY
   * each UID is its own delivery, even when the bytes repeat.
   */
  async #findDuplicates(inputs: ReceiveInput[], hashes: string[]) {
    const found = new Map<number, InboundMessage>()
    const bySource = new Map(
      (
        await InboundMessage.query()
          .where('channel', 'email')
          .whereIn('source_key', [...new Set(inputs.map((input) => input.sourceKey))])
      ).map((record) => [record.sourceKey, record])
    )

    const imap = inputs.filter((input) => input.source === 'imap' && input.mailboxId)
    const byContent =
      imap.length === 0
        ? []
        : await InboundMessage.query()
            .where('channel', 'email')
            .whereIn('content_hash', [...new Set(hashes)])
            .where('source_key', 'like', 'imap:%')

    inputs.forEach((input, index) => {
      const same = bySource.get(input.sourceKey)
      if (same) return found.set(index, same)
      if (input.source !== 'imap' || !input.mailboxId) return
      const uidValidity = input.sourceKey.split(':')[2]
      const mailboxPrefix = `imap:${input.mailboxId}:`
      const earlier = byContent.find(
        (record) =>
          record.contentHash === hashes[index] &&
          record.sourceKey.startsWith(mailboxPrefix) &&
          !record.sourceKey.startsWith(`${mailboxPrefix}${uidValidity}:`)
      )
      if (earlier) found.set(index, earlier)
    })
    return found
  }

  /**
   * Which of these raw byte hashes the tenant already stores.
   */
  async #knownHashes(hashes: string[]) {
    const rows = await InboundMessage.query()
      .select('content_hash')
      .whereIn('content_hash', [...new Set(hashes)])
    return new Set(rows.map((row) => row.contentHash))
  }

  /**
   * Creates the record, in state `received` or directly in a final
   * state. A concurrent delivery of the same source key loses the
   * unique index race and is reported as a duplicate of the winner.
   */
  async #createRecord(
    input: ReceiveInput,
    values: RecordValues,
    client: TransactionClientContract | undefined,
    outcome?: { status: 'failed' | 'ignored' | 'held'; reason: Reason }
  ): Promise<InboundMessage | { duplicate: InboundMessage }> {
    const now = DateTime.utc()
    const final = outcome
      ? {
          status: outcome.status,
          error: outcome.reason.text,
          summary: { ...values.summary, reason: reasonJson(outcome.reason) },
          processedAt: now,
        }
      : { status: 'received' as const }
    try {
      return await InboundMessage.create(
        {
          channel: 'email',
          source: input.source,
          sourceKey: input.sourceKey,
          receivedAt: now,
          ...values,
          ...final,
        },
        { client }
      )
    } catch (error) {
      const winner = await InboundMessage.query({ client })
        .where('channel', 'email')
        .where('source_key', input.sourceKey)
        .first()
      if (winner) return { duplicate: winner }
      throw error
    }
  }

  async #finish(
    record: InboundMessage,
    status: Exclude<IntakeStatus, 'duplicate'>,
    outcome: {
      reason?: Reason
      ticketId?: number
      messageId?: number
      createdTicket?: boolean
    }
  ): Promise<ReceiveResult> {
    record.status = status
    record.error = outcome.reason?.text ?? null
    const { reason: _previous, ...summary } = record.summary ?? {}
    record.summary = outcome.reason ? { ...summary, reason: reasonJson(outcome.reason) } : summary
    record.ticketId = outcome.ticketId ?? record.ticketId ?? null
    record.messageId = outcome.messageId ?? record.messageId ?? null
    record.processedAt = DateTime.utc()
    await record.save()

    if (status === 'failed') this.#logFailure(record)
    return resultOf(record, status, outcome.createdTicket)
  }

  /**
   * Marks the records the inbox took in this transaction processed,
   * each with its ticket and message, in one statement.
   */
  async #markProcessed(scope: IntakeScope, trx: TransactionClientContract) {
    const rows = scope.processed
    scope.processed = []
    if (rows.length === 0) return
    const byId = (field: 'ticketId' | 'messageId') =>
      trx.raw(
        `case id ${rows.map(() => 'when ? then ?').join(' ')} end`,
        rows.flatMap((row) => [row.id, row[field]])
      )
    await InboundMessage.query({ client: trx })
      .whereIn(
        'id',
        rows.map((row) => row.id)
      )
      .update({
        status: 'processed',
        error: null,
        ticket_id: byId('ticketId'),
        message_id: byId('messageId'),
        processed_at: DateTime.utc().toFormat(trx.dialect.dateTimeFormat),
      })
  }

  #logFailure(record: InboundMessage) {
    this.#log.warn({ inboundMessageId: record.id, reason: record.error }, 'email failed')
  }

  async #readRaw(record: InboundMessage) {
    if (!record.rawKey) throw new RawMissingException()
    try {
      return await attachmentStore.get(record.rawKey)
    } catch {
      throw new RawMissingException()
    }
  }
}

/**
 * The part of a source key shared by one fetch pass: the mailbox and
 * UIDVALIDITY of an IMAP key (`imap:<mailbox>:<uidvalidity>`).
 */
function sourcePrefix(input: ReceiveInput) {
  return input.source === 'imap' ? input.sourceKey.split(':').slice(0, 3).join(':') : ''
}

/**
 * Where a message's raw bytes are kept: all of them under the hash
 * of the bytes, or only the header block beyond RAW_HARD_CAP.
 */
function rawTarget(tenantId: number, raw: Buffer, contentHash: string) {
  const truncated = raw.length > RAW_HARD_CAP
  const kept = truncated ? headerBlock(raw) : raw
  const key = `t${tenantId}/raw/${truncated ? sha256(kept) : contentHash}`
  return { key, kept, truncated }
}

function sha256(bytes: Buffer) {
  return createHash('sha256').update(bytes).digest('hex')
}

function describe(error: unknown) {
  return error instanceof Error ? error.message : String(error)
}

function reasonJson(why: Reason) {
  return { code: why.code, params: why.params }
}

function resultOf(
  record: InboundMessage,
  status: Exclude<IntakeStatus, 'duplicate'>,
  createdTicket = false
): ReceiveResult {
  return {
    status,
    inboundMessageId: record.id,
    ticketId: record.ticketId ?? null,
    messageId: record.messageId ?? null,
    createdTicket,
    reason: record.error ?? null,
  }
}

function duplicateOf(record: InboundMessage): ReceiveResult {
  return {
    status: 'duplicate',
    inboundMessageId: record.id,
    ticketId: record.ticketId,
    messageId: record.messageId,
    reason: `already stored as ${record.status}`,
  }
}

/**
 * Why a parsed message cannot become a ticket message, or null. The
 * parser accepts almost anything, so input without any header field
 * (not an email at all) and messages with nothing in them are caught
 * here.
 */
function unusable(mail: ParsedEmail, raw: Buffer): Reason | null {
  if (raw.length === 0) return reason('empty_input')
  const firstLine = firstHeaderLine(raw)
  if (mail.headerCount === 0 || !/^[!-9;-~]+[ \t]*:/.test(firstLine)) {
    return reason('not_email')
  }
  const hasContent =
    Boolean(mail.subject) ||
    Boolean(mail.text?.trim()) ||
    Boolean(mail.html?.trim()) ||
    mail.attachments.length > 0
  if (!hasContent && !senderOf(mail)) return reason('no_content')
  return null
}

/**
 * The first line after an optional mbox envelope line, as text.
 */
function firstHeaderLine(raw: Buffer) {
  const head = raw.subarray(0, 2048).toString('latin1')
  const lines = head.split(/\r?\n/)
  return /^From (?!\s*:)/.test(lines[0]) ? (lines[1] ?? '') : lines[0]
}

/**
 * The person to answer: From, else Sender, else Reply-To, else a
 * non-empty Return-Path. Null when the message names nobody.
 */
function senderOf(mail: ParsedEmail): MailAddress | null {
  if (mail.from) return mail.from
  if (mail.sender) return mail.sender
  const replyTo = mail.replyTo.find((entry) => entry.address.includes('@'))
  if (replyTo) return replyTo
  const returnPath = mail.headers.get('return-path')?.[0]?.match(/<([^<>@\s]+@[^<>\s]+)>/)
  return returnPath ? { name: null, address: returnPath[1] } : null
}

/**
 * Builds the core inbox's input from a parsed message.
 */
function normalise(
  mail: ParsedEmail,
  verdict: LoopVerdict,
  context: {
    sender: MailAddress | null
    answeringPointId: number
    subjectTag: string
    mailboxId: number | null
    source: string
  }
): NormalisedInbound {
  const references = [...mail.inReplyTo, ...mail.references]
  if (verdict.bounce?.originalMessageId) references.push(verdict.bounce.originalMessageId)

  /* A signed Message-ID of ours proves the ticket. */
  let ticketId: number | null = null
  for (const id of references) {
    const proven = verifyMessageId(id)
    if (proven) {
      ticketId = proven.ticketId
      break
    }
  }

  const sender = context.sender
  return {
    channel: 'email',
    answeringPointId: context.answeringPointId,
    sender: {
      type: 'email',
      name: sender?.name ?? null,
      address: sender?.address ?? UNKNOWN_SENDER,
    },
    recipients: { to: mail.to, cc: mail.cc },
    subject: displaySubject(mail.subject, context.subjectTag),
    text: mail.text,
    html: mail.html,
    attachments: mail.attachments.map((file) => ({
      fileName: file.fileName,
      contentType: file.contentType,
      content: file.content,
      contentId: file.contentId,
      inline: file.inline,
    })),
    externalId: mail.messageId,
    references: [...new Set(references)],
    ticketId,
    /* A subject number is only a hint, and only from a real sender. */
    ticketNumber: sender ? ticketNumberFrom(mail.subject, context.subjectTag) : null,
    autoGenerated: verdict.autoGenerated,
    sentAt: mail.date ? DateTime.fromJSDate(mail.date).toUTC() : null,
    /* Set once the record exists. */
    inboundMessageId: null,
    meta: {
      source: context.source,
      mailboxId: context.mailboxId,
      originalSubject: mail.subject,
      replyTo: mail.replyTo,
      senderUnknown: sender === null,
      autoReasons: verdict.reasons,
      bounce: verdict.bounce,
    },
    undeliverable: (verdict.bounce?.recipients ?? [])
      .filter((entry) => entry.finalRecipient && isPermanentFailure(entry))
      .map((entry) => ({ type: 'email', value: entry.finalRecipient!, status: entry.status })),
  }
}

/**
 * A DSN entry that reports a permanent failure: action `failed`,
 * unless its status says the failure is transient (4.x.x).
 */
function isPermanentFailure(entry: BounceRecipient) {
  return entry.action?.toLowerCase() === 'failed' && !entry.status?.startsWith('4')
}

/**
 * Sends the auto-reply of a mailbox for a newly opened ticket.
 */
export type AutoReplier = (ticket: Ticket, message: Message, mailbox: Mailbox) => Promise<unknown>

interface OutboundModule {
  sendAutoReply?: AutoReplier
}

/**
 * The outbound service, when installed. Loaded lazily so the intake
 * works (without auto-replies) in processes that lack it.
 */
async function loadOutbound(): Promise<OutboundModule | null> {
  const specifier = './outbound_service.js'
  try {
    const module = await import(specifier)
    const candidate = typeof module.sendAutoReply === 'function' ? module : module.default
    return (candidate ?? null) as OutboundModule | null
  } catch (error: any) {
    if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('outbound')) {
      return null
    }
    throw error
  }
}

export default new IntakeService()
