import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import AnsweringPoint from '#models/answering_point'
import Contact from '#models/contact'
import Message from '#models/message'
import Tag from '#models/tag'
import Tenant from '#models/tenant'
import type Ticket from '#models/ticket'
import type { TicketPriority } from '#models/ticket'
import User from '#models/user'
import ContactIdentity from '#models/contact_identity'
import contacts, { normaliseIdentity } from '#services/contact_service'
import tickets from '#services/ticket_service'
import visibility from '#services/ticket_visibility_service'
import TicketCreated from '#events/ticket_created'
import {
  InvalidAnsweringPointException,
  InvalidAssigneeException,
} from '#exceptions/tickets_errors'

/**
 * Who a ticket goes to: the acting user, nobody, or a user by id.
 */
export type AssigneeChoice = 'me' | 'none' | number

/**
 * A ticket an agent opens by hand, for a phone call or a visit.
 */
export interface ManualTicketInput {
  subject: string
  body: string | null
  answeringPointId: number | null
  priority: TicketPriority
  assignToMe: boolean
  contactId: number | null
  contactName: string | null
  contactEmail: string | null
  contactPhone: string | null
}

/**
 * The agent's actions on a ticket beyond the thread: opening one by
 * hand, assigning, and tagging. Each writes history through the
 * ticket service.
 */
export class TicketWorkService {
  /**
   * Active users who may work the ticket: admins, members of its
   * answering point (everyone when the tenant lets agents see all
   * points or the ticket has none), and its current assignee.
   */
  async assignableUsers(ticket: Ticket) {
    const tenant = await Tenant.findOrFail(ticket.tenantId)
    const query = User.query().where('active', true).orderBy('full_name', 'asc')
    if (ticket.answeringPointId !== null && !tenant.agentsSeeAllPoints) {
      const pointId = ticket.answeringPointId
      query.where((who) => {
        who.where('role', 'admin').orWhereIn('id', (members) => {
          members
            .from('answering_point_users')
            .select('user_id')
            .where('tenant_id', ticket.tenantId)
            .where('answering_point_id', pointId)
        })
        if (ticket.assigneeId !== null) who.orWhere('id', ticket.assigneeId)
      })
    }
    return query
  }

  /**
   * Assigns the ticket to the actor, to nobody or to a user who may
   * work it.
   */
  async assign(ticket: Ticket, actor: User, choice: AssigneeChoice) {
    let assigneeId: number | null = null
    if (choice === 'me') {
      assigneeId = actor.id
    } else if (typeof choice === 'number') {
      const candidates = await this.assignableUsers(ticket)
      const allowed = candidates.some((candidate) => candidate.id === choice)
      if (!allowed) {
        throw new InvalidAssigneeException('assignee', 'tickets.errors.invalid_assignee')
      }
      assigneeId = choice
    }
    return tickets.change(ticket, { assigneeId }, actor.id)
  }

  /**
   * Adds a tag by name, creating it for the tenant on first use.
   */
  async addTag(ticket: Ticket, rawName: string, actor: User) {
    const name = normaliseTag(rawName)
    if (!name) return
    await db.transaction(async (trx) => {
      const tag =
        (await Tag.query({ client: trx }).where('name', name).first()) ??
        (await Tag.create({ name }, { client: trx }))
      const linked = await trx
        .from('ticket_tags')
        .where('ticket_id', ticket.id)
        .where('tag_id', tag.id)
        .first()
      if (linked) return
      await trx.table('ticket_tags').insert({
        tenant_id: ticket.tenantId,
        ticket_id: ticket.id,
        tag_id: tag.id,
      })
      await tickets.record(ticket, 'tag_added', { tag: name }, actor.id, trx)
    })
  }

  /**
   * Removes a tag from the ticket; the tag itself stays for others.
   */
  async removeTag(ticket: Ticket, tag: Tag, actor: User) {
    await db.transaction(async (trx) => {
      const removed = await trx
        .from('ticket_tags')
        .where('tenant_id', ticket.tenantId)
        .where('ticket_id', ticket.id)
        .where('tag_id', tag.id)
        .delete()
      const count = Array.isArray(removed) ? removed.length : Number(removed)
      if (count > 0) {
        await tickets.record(ticket, 'tag_removed', { tag: tag.name }, actor.id, trx)
      }
    })
  }

  /**
   * Opens a ticket for a contact on the 'manual' channel, with the
   * caller's words as its first message.
   */
  async open(input: ManualTicketInput, actor: User) {
    await this.assertPoint(actor, input.answeringPointId)

    const ticket = await db.transaction(async (trx) => {
      const contact = await this.contactFor(input, trx)
      const opened = await tickets.open(
        {
          subject: input.subject,
          channel: 'manual',
          answeringPointId: input.answeringPointId,
          contactId: contact?.id ?? null,
          priority: input.priority,
          userId: actor.id,
        },
        trx
      )
      if (input.assignToMe) {
        opened.assigneeId = actor.id
        opened.useTransaction(trx)
        await opened.save()
      }
      if (input.body) {
        await Message.create(
          {
            ticketId: opened.id,
            type: 'inbound',
            channel: 'manual',
            authorId: actor.id,
            contactId: contact?.id ?? null,
            fromName: contact?.name ?? null,
            subject: input.subject,
            bodyText: input.body,
          },
          { client: trx }
        )
      }
      return opened
    })

    await TicketCreated.dispatch(ticket)
    return ticket
  }

  /**
   * The answering points the user may file tickets in.
   */
  async pointsFor(user: User) {
    const ids = await visibility.pointIdsFor(user)
    const query = AnsweringPoint.query().orderBy('name', 'asc')
    if (ids !== null) query.whereIn('id', ids)
    return query
  }

  protected async assertPoint(user: User, pointId: number | null) {
    if (pointId === null) return
    const points = await this.pointsFor(user)
    if (!points.some((point) => point.id === pointId)) {
      throw new InvalidAnsweringPointException(
        'answeringPointId',
        'tickets.errors.invalid_answering_point'
      )
    }
  }

  /**
   * The chosen contact, or one found or created from the typed email
   * address, phone number or name.
   */
  protected async contactFor(input: ManualTicketInput, trx: TransactionClientContract) {
    if (input.contactId) {
      return Contact.query({ client: trx }).where('id', input.contactId).firstOrFail()
    }
    let contact: Contact | null = null
    if (input.contactEmail) {
      contact = await contacts.resolve('email', input.contactEmail, input.contactName, trx)
    }
    if (input.contactPhone) {
      contact = contact
        ? await this.addPhone(contact, input.contactPhone, trx)
        : await contacts.resolve('phone', input.contactPhone, input.contactName, trx)
    }
    if (!contact && input.contactName) {
      contact = await Contact.create({ name: input.contactName }, { client: trx })
    }
    return contact
  }

  /**
   * Adds a phone number to a contact found by email, unless the number
   * is already someone's.
   */
  protected async addPhone(contact: Contact, phone: string, trx: TransactionClientContract) {
    const value = normaliseIdentity('phone', phone)
    const taken = await ContactIdentity.query({ client: trx })
      .where('type', 'phone')
      .where('value', value)
      .first()
    if (!taken && value) {
      await ContactIdentity.create({ contactId: contact.id, type: 'phone', value }, { client: trx })
    }
    return contact
  }
}

/**
 * Tags are lowercase, single-spaced and at most 64 characters, so the
 * same word never exists twice with different case.
 */
export function normaliseTag(name: string) {
  return name.trim().replace(/\s+/g, ' ').toLowerCase().slice(0, 64)
}

export default new TicketWorkService()
