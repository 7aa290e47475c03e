import { BaseEvent } from '@adonisjs/core/events'
import type Ticket from '#models/ticket'
import type Message from '#models/message'

/**
 * A new ticket was opened, by a channel or an agent.
 */
export class TicketCreated extends BaseEvent {
  constructor(public ticket: Ticket) {
    super()
  }
}

/**
 * A ticket's status, assignee, priority or answering point changed.
 */
export class TicketUpdated extends BaseEvent {
  constructor(
    public ticket: Ticket,
    public changes: Record<string, { from: unknown; to: unknown }>
  ) {
    super()
  }
}

/**
 * A message from outside arrived on a ticket.
 */
export class MessageReceived extends BaseEvent {
  constructor(
    public ticket: Ticket,
    public message: Message
  ) {
    super()
  }
}

/**
 * An agent's reply was stored and queued for delivery.
 */
export class ReplyQueued extends BaseEvent {
  constructor(
    public ticket: Ticket,
    public message: Message
  ) {
    super()
  }
}
