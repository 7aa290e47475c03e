import { BaseEvent } from '@adonisjs/core/events'
import type Ticket from '#models/ticket'

/**
 * A new ticket was opened, by a channel or an agent.
 */
export default class TicketCreated extends BaseEvent {
  constructor(public ticket: Ticket) {
    super()
  }
}
