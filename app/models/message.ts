import { compose } from '@adonisjs/core/helpers'
import { belongsTo, hasMany } from '@adonisjs/lucid/orm'
import type { BelongsTo, HasMany } from '@adonisjs/lucid/types/relations'
import { MessageSchema } from '#database/schema'
import { withTenantScope } from '#models/mixins/tenant_scoped'
import Attachment from '#models/attachment'
import Ticket from '#models/ticket'
import User from '#models/user'

export type MessageType = 'inbound' | 'outbound' | 'note'
export type DeliveryStatus = 'queued' | 'sent' | 'failed'

/**
 * One inbound, outbound or internal entry of a ticket's thread.
 */
export default class Message extends compose(MessageSchema, withTenantScope()) {
  declare type: MessageType
  declare deliveryStatus: DeliveryStatus | null

  @belongsTo(() => Ticket)
  declare ticket: BelongsTo<typeof Ticket>

  @belongsTo(() => User, { foreignKey: 'authorId' })
  declare author: BelongsTo<typeof User>

  @hasMany(() => Attachment)
  declare attachments: HasMany<typeof Attachment>
}
