import { BaseEvent } from '@adonisjs/core/events'
import type Ticket from '#models/ticket'
import type Message from '#models/message'

/**
 * A message from outside arrived on a ticket.
 */
export default class MessageReceived extends BaseEvent {
  constructor(
    public ticket: Ticket,
    public message: Message
  ) {
    super()
  }
}
