import { compose } from '@adonisjs/core/helpers'
import { InboundMessageSchema } from '#database/schema'
import { withTenantScope } from '#models/mixins/tenant_scoped'

export type InboundStatus = 'received' | 'processed' | 'held' | 'failed' | 'ignored'

/**
 * A raw inbound payload (an email's bytes), stored before parsing and
 * kept visible with its reason when it cannot be turned into a ticket
 * message.
 */
export default class InboundMessage extends compose(InboundMessageSchema, withTenantScope()) {
  declare status: InboundStatus
}
