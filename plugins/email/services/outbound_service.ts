import { DateTime } from 'luxon'
import logger from '@adonisjs/core/services/logger'
import emitter from '@adonisjs/core/services/emitter'
import mail from '@adonisjs/mail/services/main'
import i18nManager from '@adonisjs/i18n/services/main'
import { Mailer } from '@adonisjs/mail'
import { SMTPTransport } from '@adonisjs/mail/transports/smtp'
import type { MailerContract, MailTransportContract } from '@adonisjs/mail/types'
import AnsweringPoint from '#models/answering_point'
import ContactIdentity from '#models/contact_identity'
import Message from '#models/message'
import Tenant from '#models/tenant'
import TenantPlugin from '#models/tenant_plugin'
import Ticket from '#models/ticket'
import attachmentStore from '#services/attachment_store'
import { externalIdHash } from '#services/inbox_service'
import modules from '#services/module_service'
import { TenantContext } from '#services/tenant_context'
import Mailbox from '#plugins/email/models/mailbox'
import { generate, LOOP_HEADER, loopMarker, mailDomain } from '#plugins/email/services/message_id'
import { displaySubject, subjectTag } from '#plugins/email/services/subject_rules'
import TicketReplyMail, {
  type ComposedMail,
  type MailAddress,
} from '#plugins/email/mails/ticket_reply_mail'
import AutoReplyMail from '#plugins/email/mails/auto_reply_mail'

/**
 * A delivery that retrying cannot fix (no address to send from or
 * to, a 5xx answer): the message is marked failed at once.
 */
export class PermanentDeliveryError extends Error {
  code = 'E_EMAIL_DELIVERY_PERMANENT'
}

/**
 * The attribution line above a quoted message, used when the
 * translation is missing.
 */
const QUOTE_FALLBACK: Record<string, string> = {
  sv: '{date} skrev {name}:',
  en: 'On {date}, {name} wrote:',
}

/** How many Message-IDs a References header carries at most. */
const MAX_REFERENCES = 20

function errorText(error: unknown) {
  const text = error instanceof Error ? error.message : String(error)
  return text.slice(0, 1000)
}

function quote(text: string) {
  return text
    .replace(/\r\n/g, '\n')
    .trimEnd()
    .split('\n')
    .map((line) => (line.startsWith('>') ? `>${line}` : `> ${line}`))
    .join('\n')
}

function escapeHtml(text: string) {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
}

function stripHtml(html: string) {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|tr|h\d)>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}

function domainOf(address: string) {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase()
}

/**
 * Sends ticket replies and automatic acknowledgements by email.
 * Replies are queued (DeliverReplyJob) when the core announces them
 * with ReplyQueued; the job composes the mail (signed Message-ID,
 * threading headers, quoted thread, attachments), sends it through
 * the mailbox's own SMTP server or the platform relay, and marks the
 * message sent or failed with the server's answer.
 */
export class OutboundService {
  #relay: MailerContract<MailTransportContract> | null = null

  /**
   * Replaces the platform relay (tests point it at an SMTP sink);
   * null restores the configured `smtp` mailer.
   */
  useRelay(mailer: MailerContract<MailTransportContract> | null) {
    this.#relay = mailer
  }

  /**
   * Queues delivery of an outbound email message. Only ids travel
   * through the queue.
   */
  async queue(tenantId: number, messageId: number) {
    const { default: DeliverReplyJob } = await import('#plugins/email/jobs/deliver_reply_job')
    await DeliverReplyJob.dispatch({ tenantId, messageId })
  }

  /**
   * Delivers one queued message. Throws on a failure worth retrying;
   * marks the message failed at once when retrying cannot help.
   */
  deliver(tenantId: number, messageId: number) {
    return TenantContext.run(tenantId, async () => {
      const message = await Message.query().where('id', messageId).preload('attachments').first()
      if (!message || message.type !== 'outbound') return
      if (message.deliveryStatus === 'sent') return

      try {
        await this.#send(tenantId, message)
      } catch (error) {
        if (!(error instanceof PermanentDeliveryError)) throw error
        await this.#fail(message, error.message)
      }
    })
  }

  /**
   * Marks a message failed with the reason, after the last retry.
   */
  markFailed(tenantId: number, messageId: number, reason: unknown) {
    return TenantContext.run(tenantId, async () => {
      const message = await Message.find(messageId)
      if (!message || message.deliveryStatus === 'sent') return
      await this.#fail(message, errorText(reason))
    })
  }

  /**
   * Acknowledges a new ticket automatically: stores the reply on the
   * ticket and queues it. Never answers auto-generated mail or the
   * tenant's own addresses. Returns the stored message, or null when
   * nothing is sent. Never throws: an acknowledgement is not worth
   * failing an intake for.
   */
  async sendAutoReply(ticket: Ticket, inbound: Message, mailbox: Mailbox) {
    try {
      return await TenantContext.run(ticket.tenantId, async () => {
        if (inbound.autoGenerated || !inbound.fromAddress || !mailbox.autoReply) return null
        if (await this.#isOwnAddress(inbound.fromAddress)) return null

        const pattern = await this.#subjectPattern()
        const values: Record<string, string> = {
          number: String(ticket.number),
          subject: displaySubject(ticket.subject, pattern),
          name: inbound.fromName ?? inbound.fromAddress,
        }
        const fill = (template: string) =>
          template.replace(/\{(number|subject|name)\}/g, (_, key) => values[key])

        const subject = mailbox.autoReplySubject
          ? fill(mailbox.autoReplySubject)
          : `Re: ${values.subject}`
        const message = await Message.create({
          ticketId: ticket.id,
          type: 'outbound',
          channel: 'email',
          contactId: inbound.contactId,
          fromName: mailbox.name,
          fromAddress: mailbox.address,
          recipients: { to: [{ name: inbound.fromName, address: inbound.fromAddress }], cc: [] },
          subject,
          bodyText: fill(mailbox.autoReplyBody ?? ''),
          autoGenerated: true,
          deliveryStatus: 'queued',
          meta: { autoReply: true, mailboxId: mailbox.id },
        })
        await this.queue(ticket.tenantId, message.id)
        return message
      })
    } catch (error) {
      logger.error({ plugin: 'email', err: error, ticketId: ticket.id }, 'auto-reply failed')
      return null
    }
  }

  /**
   * The mailbox a ticket's replies go out from: one of its answering
   * point's active mailboxes (the one the customer last wrote to, when
   * several), else the tenant's first active mailbox.
   */
  async mailboxFor(ticket: Ticket, lastInbound: Message | null) {
    const candidates = await Mailbox.query()
      .where('active', true)
      .if(ticket.answeringPointId, (q) => q.where('answering_point_id', ticket.answeringPointId!))
      .orderBy('id', 'asc')
    const written = new Set(
      ['to', 'cc']
        .flatMap((kind) => (lastInbound?.recipients?.[kind] as MailAddress[] | undefined) ?? [])
        .map((entry) => entry.address?.toLowerCase())
    )
    const chosen = candidates.find((box) => written.has(box.address.toLowerCase()))
    if (chosen ?? candidates[0]) return chosen ?? candidates[0]
    return Mailbox.query().where('active', true).orderBy('id', 'asc').first()
  }

  /**
   * Composes the outgoing mail of a stored outbound message.
   */
  async compose(message: Message, ticket: Ticket, mailbox: Mailbox): Promise<ComposedMail> {
    const history = await Message.query()
      .where('ticket_id', ticket.id)
      .whereIn('type', ['inbound', 'outbound'])
      .where('id', '<', message.id)
      .orderBy('id', 'asc')
    const lastInbound = history.filter((entry) => entry.type === 'inbound').at(-1) ?? null
    const previous = history.at(-1) ?? null

    const point = await AnsweringPoint.find(mailbox.answeringPointId)
    const tenant = await Tenant.findOrFail(ticket.tenantId)
    const locale = point?.locale ?? tenant.defaultLocale ?? 'sv'
    const senderName = point?.name ?? mailbox.name

    /* Own SMTP server: send as the mailbox. Platform relay: send as
       the platform under the answering point's name, with replies
       directed to the mailbox so they thread back. */
    const ownSmtp = Boolean(mailbox.smtpHost)
    const from: MailAddress = ownSmtp
      ? { address: mailbox.address, name: senderName }
      : { address: this.#platformAddress() ?? mailbox.address, name: senderName }
    const replyTo = ownSmtp ? null : { address: mailbox.address, name: senderName }

    const to = await this.#recipients(message, lastInbound, ticket)
    if (to.length === 0)
      throw new PermanentDeliveryError('The ticket has no email address to reply to')

    const pattern = await this.#subjectPattern()
    const base = displaySubject(message.subject || ticket.subject, pattern) || ticket.subject
    const subject =
      message.autoGenerated && message.subject
        ? message.subject
        : `Re: ${base} ${subjectTag(ticket.number, pattern)}`

    const messageId = generate(ticket.id, message.id, domainOf(from.address))
    const inReplyTo = lastInbound?.externalId ?? null
    const references = this.#references(history, lastInbound)

    const body = message.bodyText ?? (message.bodyHtml ? stripHtml(message.bodyHtml) : '')
    const quoted = !message.autoGenerated && previous ? this.#quote(previous, locale, tenant) : null
    const text = quoted ? `${body.trimEnd()}\n\n${quoted.header}\n${quote(quoted.text)}\n` : body
    const html =
      message.bodyHtml && quoted
        ? `${message.bodyHtml}<p>${escapeHtml(quoted.header)}</p>` +
          `<blockquote type="cite">${escapeHtml(quoted.text).replace(/\n/g, '<br>')}</blockquote>`
        : message.bodyHtml

    const attachments = await Promise.all(
      (message.attachments ?? []).map(async (file) => ({
        fileName: file.fileName,
        contentType: file.contentType,
        content: await attachmentStore.get(file.diskKey),
      }))
    )

    return {
      from,
      replyTo,
      to,
      cc: [],
      subject,
      text,
      html,
      messageId,
      inReplyTo,
      references,
      headers: { [LOOP_HEADER]: loopMarker() },
      attachments,
    }
  }

  async #send(tenantId: number, message: Message) {
    if (!(await modules.isEnabled(tenantId, 'email'))) {
      throw new PermanentDeliveryError('The email module is disabled for this tenant')
    }
    const ticket = await Ticket.findOrFail(message.ticketId)
    const lastInbound = await Message.query()
      .where('ticket_id', ticket.id)
      .where('type', 'inbound')
      .where('id', '<', message.id)
      .orderBy('id', 'desc')
      .first()
    const mailbox = await this.mailboxFor(ticket, lastInbound)
    if (!mailbox) {
      throw new PermanentDeliveryError('No active mailbox to send from for this answering point')
    }

    const composed = await this.compose(message, ticket, mailbox)

    /* The Message-ID is stored before sending, so an answer that
       arrives faster than this job finishes still threads. */
    message.externalId = composed.messageId
    message.externalIdHash = externalIdHash(composed.messageId)
    message.deliveryAttempts = (message.deliveryAttempts ?? 0) + 1
    if (!message.fromAddress) message.fromAddress = composed.from.address
    await message.save()

    const mailable = message.autoGenerated
      ? new AutoReplyMail(composed)
      : new TicketReplyMail(composed)
    const own = mailbox.smtpHost ? this.#mailboxMailer(mailbox) : null
    try {
      const response = await (own ?? this.#relayMailer()).send(mailable)
      message.deliveryStatus = 'sent'
      message.deliveryError = null
      message.sentAt = DateTime.utc()
      const answer = (response?.original as { response?: string } | undefined)?.response
      message.meta = { ...(message.meta ?? {}), smtpResponse: answer ?? null }
      await message.save()
      logger.info(
        { plugin: 'email', tenantId, messageId: message.id, ticketId: ticket.id },
        'reply delivered'
      )
    } catch (error) {
      message.deliveryError = errorText(error)
      await message.save()
      logger.warn(
        { plugin: 'email', tenantId, messageId: message.id, err: error },
        'reply delivery failed'
      )
      const code = Number((error as any)?.responseCode ?? 0)
      if (code >= 500 && code < 600) throw new PermanentDeliveryError(errorText(error))
      throw error
    } finally {
      await own?.close()
    }
  }

  async #fail(message: Message, reason: string) {
    message.deliveryStatus = 'failed'
    message.deliveryError = reason
    await message.save()
    logger.error(
      { plugin: 'email', tenantId: message.tenantId, messageId: message.id, reason },
      'reply not delivered'
    )
  }

  /**
   * Recipients: those stored with the message, else the sender of
   * the last inbound message, else the contact's first address.
   */
  async #recipients(message: Message, lastInbound: Message | null, ticket: Ticket) {
    const stored = (message.recipients?.to as MailAddress[] | undefined) ?? []
    const valid = stored.filter((entry) => entry?.address?.includes('@'))
    if (valid.length > 0)
      return valid.map((entry) => ({ address: entry.address, name: entry.name }))
    if (lastInbound?.fromAddress) {
      return [{ address: lastInbound.fromAddress, name: lastInbound.fromName }]
    }
    if (!ticket.contactId) return []
    const identity = await ContactIdentity.query()
      .where('contact_id', ticket.contactId)
      .where('type', 'email')
      .orderBy('id', 'asc')
      .first()
    return identity ? [{ address: identity.value, name: null }] : []
  }

  /**
   * The References chain: what the last inbound message referenced,
   * then every Message-ID of the thread, oldest first, ending with the
   * message answered. Long chains keep the first and the latest ids.
   */
  #references(history: Message[], lastInbound: Message | null) {
    const earlier = (lastInbound?.meta?.references as string[] | undefined) ?? []
    const ids = [...earlier, ...history.map((entry) => entry.externalId)]
      .filter((id): id is string => typeof id === 'string' && id.length > 0)
      .map((id) => (id.startsWith('<') ? id : `<${id}>`))
    const unique = [...new Set(ids)]
    if (lastInbound?.externalId) {
      const last = lastInbound.externalId.startsWith('<')
        ? lastInbound.externalId
        : `<${lastInbound.externalId}>`
      unique.splice(unique.indexOf(last), 1)
      unique.push(last)
    }
    if (unique.length <= MAX_REFERENCES) return unique
    return [unique[0], ...unique.slice(-(MAX_REFERENCES - 1))]
  }

  /**
   * The attribution line and text of the message being answered, in
   * the answering point's (or tenant's) language and time zone.
   */
  #quote(previous: Message, locale: string, tenant: Tenant) {
    const text = previous.bodyText ?? (previous.bodyHtml ? stripHtml(previous.bodyHtml) : '')
    if (!text.trim()) return null
    const when = (previous.sentAt ?? previous.createdAt)
      .setZone(tenant.timeZone || 'UTC')
      .setLocale(locale)
      .toLocaleString(DateTime.DATETIME_MED)
    const name = previous.fromName || previous.fromAddress || ''
    const i18n = i18nManager.locale(i18nManager.supportedLocales().includes(locale) ? locale : 'sv')
    const key = 'email.outbound.quote_header'
    const header = i18n.hasMessage(key)
      ? i18n.t(key, { date: when, name })
      : (QUOTE_FALLBACK[i18n.locale] ?? QUOTE_FALLBACK.en)
          .replace('{date}', when)
          .replace('{name}', name)
    return { header, text }
  }

  async #subjectPattern() {
    const row = await TenantPlugin.query().where('plugin_id', 'email').first()
    const value = row?.settings?.subject_tag
    return typeof value === 'string' && value.trim() ? value : null
  }

  async #isOwnAddress(address: string) {
    const lower = address.toLowerCase()
    const own = await Mailbox.query().whereRaw('lower(address) = ?', [lower]).first()
    return own !== null || domainOf(lower) === mailDomain()
  }

  /**
   * The platform's sender address (MAIL_FROM_ADDRESS).
   */
  #platformAddress() {
    const from = mail.config.from
    if (!from) return null
    return typeof from === 'string' ? from : from.address
  }

  #relayMailer(): MailerContract<MailTransportContract> {
    return this.#relay ?? (mail.use('smtp') as unknown as MailerContract<MailTransportContract>)
  }

  /**
   * A mailer for the mailbox's own SMTP server, built at send time.
   */
  #mailboxMailer(mailbox: Mailbox) {
    const port = mailbox.smtpPort ?? (mailbox.smtpTls ? 465 : 587)
    const transport = new SMTPTransport({
      host: mailbox.smtpHost!,
      port,
      secure: mailbox.smtpTls && port === 465,
      requireTLS: mailbox.smtpTls && port !== 465,
      auth: mailbox.smtpUser
        ? { type: 'login', user: mailbox.smtpUser, pass: mailbox.smtpSecret ?? '' }
        : undefined,
      connectionTimeout: 20_000,
      greetingTimeout: 20_000,
      socketTimeout: 60_000,
    })
    return new Mailer(`mailbox-${mailbox.id}`, transport, emitter as any, mail.config)
  }
}

export default new OutboundService()
