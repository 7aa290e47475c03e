import logger from '@adonisjs/core/services/logger'
import type Contact from '#models/contact'
import type Ticket from '#models/ticket'
import TicketEvent from '#models/ticket_event'
import { TenantContext } from '#services/tenant_context'
import audit from '#services/privacy/privacy_audit_service'

/**
 * Legal holds: a ticket or contact on hold is exempt from retention
 * (a contact's hold covers all of its tickets) until released.
 * Current tenant.
 */
export class LegalHoldService {
  /**
   * Places or releases a ticket's hold and records it in the
   * ticket's history and the privacy audit log (ids only).
   */
  async setTicket(ticket: Ticket, hold: boolean, userId: number) {
    TenantContext.require()
    if (ticket.legalHold === hold) return ticket
    ticket.legalHold = hold
    await ticket.save()
    await TicketEvent.create({
      ticketId: ticket.id,
      userId,
      action: hold ? 'legal_hold_placed' : 'legal_hold_released',
      data: null,
    })
    await audit.record({
      actor: { type: 'user', id: userId },
      action: hold ? 'legal_hold_placed' : 'legal_hold_released',
      tenantId: ticket.tenantId,
      contactId: ticket.contactId ?? null,
      counts: { tickets: 1 },
    })
    logger.info({ ticketId: ticket.id, userId, hold }, 'ticket legal hold changed')
    return ticket
  }

  /**
   * Places or releases a contact's hold, recorded in the privacy
   * audit log (ids only).
   */
  async setContact(contact: Contact, hold: boolean, userId: number) {
    TenantContext.require()
    if (contact.legalHold === hold) return contact
    contact.legalHold = hold
    await contact.save()
    await audit.record({
      actor: { type: 'user', id: userId },
      action: hold ? 'legal_hold_placed' : 'legal_hold_released',
      tenantId: contact.tenantId,
      contactId: contact.id,
    })
    logger.info({ contactId: contact.id, userId, hold }, 'contact legal hold changed')
    return contact
  }
}

export default new LegalHoldService()
