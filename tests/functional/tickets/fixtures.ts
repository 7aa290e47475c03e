import { DateTime } from 'luxon'
import Contact from '#models/contact'
import ContactIdentity from '#models/contact_identity'
import Message from '#models/message'
import type { TicketPriority, TicketStatus } from '#models/ticket'
import tickets from '#services/ticket_service'
import { asTenant, type TenantWorld } from '#tests/helpers/world'

/**
 * What a test ticket looks like; everything has a default.
 */
export interface TicketSeed {
  subject?: string
  status?: TicketStatus
  priority?: TicketPriority
  channel?: string
  answeringPointId?: number | null
  assigneeId?: number | null
  contactEmail?: string | null
  /** Minutes ago of the last activity, to order the list. */
  ageMinutes?: number
  inbound?: { text?: string | null; html?: string | null }
}

/**
 * Opens a ticket in the world's tenant as a channel would, with an
 * optional contact and first inbound message.
 */
export async function seedTicket(world: TenantWorld, seed: TicketSeed = {}) {
  return asTenant(world, async () => {
    let contact: Contact | null = null
    const email =
      seed.contactEmail === null
        ? null
        : (seed.contactEmail ?? `kund${Math.random().toString(36).slice(2, 8)}@example.se`)
    if (email) {
      contact = await Contact.create({ name: `Kund ${email.split('@')[0]}` })
      await ContactIdentity.create({ contactId: contact.id, type: 'email', value: email })
    }
    const ticket = await tickets.open({
      subject: seed.subject ?? 'Fakturan stämmer inte',
      channel: seed.channel ?? 'email',
      answeringPointId:
        seed.answeringPointId === undefined ? world.point.id : seed.answeringPointId,
      contactId: contact?.id ?? null,
      status: seed.status ?? 'new',
      priority: seed.priority ?? 'normal',
    })
    if (seed.assigneeId !== undefined) ticket.assigneeId = seed.assigneeId
    if (seed.ageMinutes !== undefined) {
      ticket.lastActivityAt = DateTime.utc().minus({ minutes: seed.ageMinutes })
    }
    await ticket.save()
    if (seed.inbound) {
      await Message.create({
        ticketId: ticket.id,
        type: 'inbound',
        channel: ticket.channel,
        contactId: contact?.id ?? null,
        fromName: contact?.name ?? null,
        fromAddress: email,
        subject: ticket.subject,
        bodyText: seed.inbound.text ?? null,
        bodyHtml: seed.inbound.html ?? null,
      })
    }
    return ticket
  })
}
