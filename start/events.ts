/**
 * Application event listeners.
 */
import emitter from '@adonisjs/core/services/emitter'
import TicketCreated from '#events/ticket_created'
import TicketUpdated from '#events/ticket_updated'
import MessageReceived from '#events/message_received'

const AnnounceTicketActivity = () => import('#listeners/announce_ticket_activity')

/* Live ticket lists (transmit). */
emitter.on(TicketCreated, [AnnounceTicketActivity, 'created'])
emitter.on(TicketUpdated, [AnnounceTicketActivity, 'updated'])
emitter.on(MessageReceived, [AnnounceTicketActivity, 'messageReceived'])
