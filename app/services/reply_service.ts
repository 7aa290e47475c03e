import { readFile } from 'node:fs/promises'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import type { MultipartFile } from '@adonisjs/core/bodyparser'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Attachment from '#models/attachment'
import ContactIdentity from '#models/contact_identity'
import Message from '#models/message'
import type Ticket from '#models/ticket'
import type { TicketStatus } from '#models/ticket'
import type User from '#models/user'
import attachmentStore from '#services/attachment_store'
import modules from '#services/module_service'
import tickets from '#services/ticket_service'
import ReplyQueued from '#events/reply_queued'
import { ReplyChannelUnavailableException } from '#exceptions/tickets_errors'

/**
 * What an agent writes: a text body and optional uploaded files.
 */
export interface ComposeInput {
  body: string
  files?: MultipartFile[]
}

/**
 * A reply, and the status the ticket takes once it is queued
 * ("send and set pending").
 */
export interface ReplyInput extends ComposeInput {
  status?: TicketStatus
}

interface Recipient {
  name: string | null
  address: string
}

/**
 * Writes agents' replies and internal notes into a ticket's thread.
 * A reply is stored as queued on the ticket's channel and announced
 * with ReplyQueued; the channel's plugin delivers it and marks it sent
 * or failed. Notes are never sent.
 */
export class ReplyService {
  /**
   * Queues a reply to the ticket's contact and applies the chosen
   * status.
   */
  async reply(ticket: Ticket, author: User, input: ReplyInput) {
    const channel = await this.replyChannel(ticket)
    const recipients = await this.recipientsOf(ticket, channel)

    const message = await this.write(ticket, input, async (trx) => {
      const created = await Message.create(
        {
          ticketId: ticket.id,
          type: 'outbound',
          channel,
          authorId: author.id,
          contactId: ticket.contactId,
          fromName: author.fullName,
          subject: ticket.subject,
          bodyText: input.body,
          recipients: recipients.length ? { to: recipients, cc: [] } : null,
          deliveryStatus: 'queued',
        },
        { client: trx }
      )
      await tickets.record(ticket, 'replied', { messageId: created.id, channel }, author.id, trx)
      return created
    })

    if (input.status) await tickets.change(ticket, { status: input.status }, author.id)
    await ReplyQueued.dispatch(ticket, message)
    return message
  }

  /**
   * Adds an internal note, seen only by users of the tenant.
   */
  async note(ticket: Ticket, author: User, input: ComposeInput) {
    return this.write(ticket, input, async (trx) => {
      const created = await Message.create(
        {
          ticketId: ticket.id,
          type: 'note',
          channel: ticket.channel,
          authorId: author.id,
          fromName: author.fullName,
          bodyText: input.body,
        },
        { client: trx }
      )
      await tickets.record(ticket, 'note_added', { messageId: created.id }, author.id, trx)
      return created
    })
  }

  /**
   * The channel a reply goes out on; fails with a field error when
   * the ticket has none.
   */
  async replyChannel(ticket: Ticket) {
    const channel = await this.availableChannel(ticket)
    if (channel.name === null) {
      throw new ReplyChannelUnavailableException('body', channel.reason, {
        channel: channel.wanted ?? '',
      })
    }
    return channel.name
  }

  /**
   * The ticket's own channel, or for a ticket an agent opened by hand,
   * email when the contact has an address. The channel's module must
   * be enabled for the tenant; otherwise `name` is null and `reason`
   * says why.
   */
  async availableChannel(ticket: Ticket) {
    let wanted = ticket.channel
    if (wanted === 'manual') {
      const email = ticket.contactId
        ? await ContactIdentity.query()
            .where('contact_id', ticket.contactId)
            .where('type', 'email')
            .first()
        : null
      if (!email) return { name: null, wanted: null, reason: 'tickets.errors.no_reply_channel' }
      wanted = 'email'
    }

    const host = await app.container.make('plugins')
    if (!host.find(wanted) || !(await modules.isEnabled(ticket.tenantId, wanted))) {
      return { name: null, wanted, reason: 'tickets.errors.channel_disabled' }
    }
    return { name: wanted, wanted, reason: null }
  }

  /**
   * Who the reply is addressed to: the sender of the latest inbound
   * message on this channel, else the contact's first address of the
   * matching kind.
   */
  protected async recipientsOf(ticket: Ticket, channel: string): Promise<Recipient[]> {
    const latest = await Message.query()
      .where('ticket_id', ticket.id)
      .where('type', 'inbound')
      .where('channel', channel)
      .whereNotNull('from_address')
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .first()
    if (latest?.fromAddress) return [{ name: latest.fromName, address: latest.fromAddress }]

    if (!ticket.contactId) return []
    const identity = await ContactIdentity.query()
      .where('contact_id', ticket.contactId)
      .where('type', channel === 'email' ? 'email' : 'phone')
      .orderBy('id', 'asc')
      .first()
    return identity ? [{ name: null, address: identity.value }] : []
  }

  /**
   * Stores the files, then the message, its attachment rows and the
   * history entry in one transaction, and marks activity.
   */
  protected async write(
    ticket: Ticket,
    input: ComposeInput,
    create: (trx: TransactionClientContract) => Promise<Message>
  ) {
    /* Files first: a failed transaction leaves at most an orphan file,
       never a message that points at a missing one. */
    const stored = await Promise.all(
      (input.files ?? []).map(async (file) => ({
        file,
        key: await attachmentStore.put('attachments', await readFile(file.tmpPath!)),
      }))
    )

    return db.transaction(async (trx) => {
      const message = await create(trx)
      for (const { file, key } of stored) {
        await Attachment.create(
          {
            messageId: message.id,
            fileName: file.clientName.slice(0, 255),
            contentType: contentTypeOf(file),
            size: file.size,
            diskKey: key,
          },
          { client: trx }
        )
      }
      await tickets.touch(ticket, trx)
      return message
    })
  }
}

/**
 * The upload's declared type, or a neutral binary type.
 */
function contentTypeOf(file: MultipartFile) {
  if (file.type && file.subtype) return `${file.type}/${file.subtype}`.slice(0, 255)
  return 'application/octet-stream'
}

export default new ReplyService()
