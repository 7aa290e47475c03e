import logger from '@adonisjs/core/services/logger'
import liveUpdates, { type TicketActivity } from '#services/live_update_service'
import type Ticket from '#models/ticket'
import type TicketCreated from '#events/ticket_created'
import type TicketUpdated from '#events/ticket_updated'
import type MessageReceived from '#events/message_received'

/**
 * Tells open ticket lists that a ticket arrived or changed. A failed
 * announcement is logged and never fails the change that caused it.
 */
export default class AnnounceTicketActivity {
  /**
   * A ticket was opened.
   */
  created(event: TicketCreated) {
    this.announce(event.ticket, 'created')
  }

  /**
   * A ticket's status, priority, assignee or answering point changed.
   */
  updated(event: TicketUpdated) {
    this.announce(event.ticket, 'updated')
  }

  /**
   * A message from outside arrived on a ticket.
   */
  messageReceived(event: MessageReceived) {
    this.announce(event.ticket, 'message')
  }

  protected announce(ticket: Ticket, activity: TicketActivity) {
    try {
      liveUpdates.announce(ticket, activity)
    } catch (error) {
      logger.warn({ err: error, ticketId: ticket.id, activity }, 'live announcement failed')
    }
  }
}
