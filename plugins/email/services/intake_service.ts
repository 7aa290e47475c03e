import { createHash } from 'node:crypto'
import { DateTime } from 'luxon'
import { simpleParser } from 'mailparser'
import logger from '@adonisjs/core/services/logger'
import InboundMessage from '#models/inbound_message'
import ContactIdentity from '#models/contact_identity'
import Ticket from '#models/ticket'
import type Message from '#models/message'
import attachmentStore from '#services/attachment_store'
import inbox, { type NormalisedInbound } from '#services/inbox_service'
import { TenantContext } from '#services/tenant_context'
import Mailbox from '../models/mailbox.js'
import { InboundStateException, RawMissingException } from '../errors.js'
import { emailSettings, type EmailSettings } from './email_settings.js'
import { headerBlock, prepareForParsing } from './header_repair.js'
import { detectLoop, type LoopVerdict } from './loop_detector.js'
import { parseEmail, type MailAddress, type ParsedEmail } from './mime_parser.js'
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
 * of a message too large to fetch), and `messageId`/`createdTicket`
 * in the result.
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
    return TenantContext.run(input.tenantId, () => this.#receive(input))
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

  async #receive(input: ReceiveInput): Promise<ReceiveResult> {
    const tenantId = TenantContext.require()
    const contentHash = sha256(input.raw)

    /* The same bytes, or the same source position, arrive only once. */
    const existing = await this.#findDuplicate(input, contentHash)
    if (existing) return duplicateOf(existing)

    const mailbox = input.mailboxId ? await Mailbox.find(input.mailboxId) : null
    const settings = await emailSettings()
    const size = Math.max(input.size ?? 0, input.raw.length)

    /* Raw first, content-addressed: the same bytes are stored once. */
    const truncated = input.raw.length > RAW_HARD_CAP
    const kept = truncated ? headerBlock(input.raw) : input.raw
    const rawKey = await attachmentStore.putOnce(`t${tenantId}/raw/${sha256(kept)}`, kept)

    const record = await this.#createRecord(input, {
      contentHash,
      rawKey,
      size,
      answeringPointId: mailbox?.answeringPointId ?? input.answeringPointId ?? null,
      summary: {
        ...(await summarise(kept)),
        size,
        mailboxId: mailbox?.id ?? null,
        truncated: truncated || (input.size ?? 0) > input.raw.length,
      },
    })
    if ('duplicate' in record) return duplicateOf(record.duplicate)

    if (size > settings.maxBytes) {
      return this.#finish(record, 'failed', { reason: tooLarge(size, settings.maxBytes) })
    }
    return this.#process(record, input.raw, { mailbox, settings, accept: false })
  }

  /**
   * Runs a stored message through parsing and the inbox again.
   */
  async #reprocess(record: InboundMessage, accept: boolean) {
    const raw = await this.#readRaw(record)
    const mailboxId = record.summary?.mailboxId ?? null
    const mailbox = mailboxId ? await Mailbox.find(mailboxId) : null
    const settings = await emailSettings()

    if (record.summary?.truncated) {
      return this.#finish(record, 'failed', { reason: tooLarge(record.size, settings.maxBytes) })
    }
    if (raw.length > settings.maxBytes) {
      return this.#finish(record, 'failed', { reason: tooLarge(raw.length, settings.maxBytes) })
    }
    return this.#process(record, raw, { mailbox, settings, accept })
  }

  /**
   * Parses, classifies and delivers one stored message to the inbox.
   */
  async #process(
    record: InboundMessage,
    raw: Buffer,
    context: { mailbox: Mailbox | null; settings: EmailSettings; accept: boolean }
  ): Promise<ReceiveResult> {
    const { mailbox, settings } = context

    /* Parse; unusable input is kept as failed with the reason. */
    let mail: ParsedEmail
    try {
      mail = await parseEmail(raw)
    } catch (error) {
      const why = reason('unparseable', { detail: describe(error) })
      return this.#finish(record, 'failed', { reason: why })
    }
    const problem = unusable(mail, raw)
    if (problem) return this.#finish(record, 'failed', { reason: problem })

    /* Mail from the tenant's own addresses would start a loop. */
    const verdict = detectLoop(mail)
    const sender = senderOf(mail)
    if (sender && (await this.#ownAddresses()).has(sender.address.toLowerCase())) {
      const why = reason('own_address', { address: sender.address })
      return this.#finish(record, 'ignored', { reason: why })
    }

    const answeringPointId = record.answeringPointId ?? mailbox?.answeringPointId ?? null
    if (!answeringPointId) {
      return this.#finish(record, 'failed', { reason: reason('no_answering_point') })
    }
    const inbound = normalise(mail, verdict, {
      sender,
      answeringPointId,
      inboundMessageId: record.id,
      subjectTag: settings.subjectTag,
      mailboxId: mailbox?.id ?? null,
      source: record.source,
    })

    /* A mailbox under review holds new conversations; replies pass. */
    if (!context.accept && mailbox && !mailbox.autoCreate && !(await this.#threads(inbound))) {
      return this.#finish(record, 'held', { reason: reason('held_for_review') })
    }

    let accepted
    try {
      accepted = await inbox.accept(inbound)
    } catch (error) {
      this.#log.error({ err: error, inboundMessageId: record.id }, 'inbox refused email')
      const why = reason('store_failed', { detail: describe(error) })
      return this.#finish(record, 'failed', { reason: why })
    }

    const result = await this.#finish(record, 'processed', {
      ticketId: accepted.ticket.id,
      messageId: accepted.message.id,
      createdTicket: accepted.createdTicket,
    })
    const answerable = !verdict.autoGenerated && sender !== null
    if (accepted.createdTicket && answerable && mailbox?.autoReply) {
      await this.#autoReply(accepted.ticket, accepted.message, mailbox)
    }
    return result
  }

  /**
   * Whether the message continues an existing ticket, checked without
   * creating anything (the review rule needs it before the inbox).
   */
  async #threads(inbound: NormalisedInbound) {
    const identity = await ContactIdentity.query()
      .where('type', 'email')
      .where('value', inbound.sender.address.trim().toLowerCase())
      .first()
    return (await inbox.findThread(inbound, identity?.contactId ?? 0)) !== null
  }

  /**
   * Addresses of the tenant's own mailboxes, lowercased: each
   * mailbox's address and its platform forward address.
   */
  async #ownAddresses() {
    const rows = await Mailbox.query().select('address', 'forward_token')
    const domain = mailDomain()
    return new Set(
      rows.flatMap((row) => [
        row.address.toLowerCase(),
        `${row.forwardToken}@${domain}`.toLowerCase(),
      ])
    )
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

  async #findDuplicate(input: ReceiveInput, contentHash: string) {
    const bySource = await InboundMessage.query()
      .where('channel', 'email')
      .where('source_key', input.sourceKey)
      .first()
    if (bySource) return bySource

    /* After a UIDVALIDITY change the fetcher rescans the folder; the
       same bytes seen under an earlier UIDVALIDITY of this mailbox are
       the same message. Within one UIDVALIDITY each UID is its own
       delivery, even when the bytes repeat. */
    if (input.source === 'imap' && input.mailboxId) {
      const uidValidity = input.sourceKey.split(':')[2]
      return InboundMessage.query()
        .where('channel', 'email')
        .where('content_hash', contentHash)
        .where('source_key', 'like', `imap:${input.mailboxId}:%`)
        .whereNot('source_key', 'like', `imap:${input.mailboxId}:${uidValidity}:%`)
        .first()
    }
    return null
  }

  /**
   * Creates the record in state `received`. A concurrent delivery of
   * the same source key loses the unique index race and is reported
   * as a duplicate of the winner.
   */
  async #createRecord(
    input: ReceiveInput,
    values: Pick<InboundMessage, 'contentHash' | 'rawKey' | 'size' | 'answeringPointId'> & {
      summary: Record<string, unknown>
    }
  ): Promise<InboundMessage | { duplicate: InboundMessage }> {
    try {
      return await InboundMessage.create({
        channel: 'email',
        source: input.source,
        sourceKey: input.sourceKey,
        status: 'received',
        receivedAt: DateTime.utc(),
        ...values,
      })
    } catch (error) {
      const winner = await InboundMessage.query()
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
    record.summary = outcome.reason
      ? { ...summary, reason: { code: outcome.reason.code, params: outcome.reason.params } }
      : summary
    record.ticketId = outcome.ticketId ?? record.ticketId ?? null
    record.messageId = outcome.messageId ?? record.messageId ?? null
    record.processedAt = DateTime.utc()
    await record.save()

    if (status === 'failed') {
      const why = outcome.reason?.text
      this.#log.warn({ inboundMessageId: record.id, reason: why }, 'email failed')
    }
    return {
      status,
      inboundMessageId: record.id,
      ticketId: record.ticketId,
      messageId: record.messageId,
      createdTicket: outcome.createdTicket ?? false,
      reason: record.error,
    }
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

function sha256(bytes: Buffer) {
  return createHash('sha256').update(bytes).digest('hex')
}

function describe(error: unknown) {
  return error instanceof Error ? error.message : String(error)
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
 * Subject, sender, date and Message-ID read from the header block
 * alone, so even a message that is never parsed in full is listed
 * with them.
 */
async function summarise(raw: Buffer) {
  try {
    const head = prepareForParsing(headerBlock(raw))
    const parsed = await simpleParser(head, { skipHtmlToText: true, checksumAlgo: false })
    const date = parsed.date && parsed.headers.has('date') ? parsed.date : null
    return {
      subject: parsed.subject?.trim() || null,
      from: parsed.from?.text || null,
      fromAddress: parsed.from?.value[0]?.address || null,
      date: date && !Number.isNaN(date.getTime()) ? date.toISOString() : null,
      messageId: parsed.messageId || null,
    }
  } catch {
    return { subject: null, from: null, fromAddress: null, date: null, messageId: null }
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
    inboundMessageId: number
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
    inboundMessageId: context.inboundMessageId,
    meta: {
      source: context.source,
      mailboxId: context.mailboxId,
      originalSubject: mail.subject,
      replyTo: mail.replyTo,
      senderUnknown: sender === null,
      autoReasons: verdict.reasons,
      bounce: verdict.bounce,
    },
  }
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
