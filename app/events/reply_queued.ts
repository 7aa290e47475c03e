import { BaseEvent } from '@adonisjs/core/events'
import type Ticket from '#models/ticket'
import type Message from '#models/message'

/**
 * An agent's reply was stored and queued for delivery by its channel.
 */
export default class ReplyQueued extends BaseEvent {
  constructor(
    public ticket: Ticket,
    public message: Message
  ) {
    super()
  }
}
