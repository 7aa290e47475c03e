import { BaseEvent } from '@adonisjs/core/events'
import type Ticket from '#models/ticket'

/**
 * A ticket's status, assignee, priority or answering point changed.
 */
export default class TicketUpdated extends BaseEvent {
  constructor(
    public ticket: Ticket,
    public changes: Record<string, { from: unknown; to: unknown }>
  ) {
    super()
  }
}
