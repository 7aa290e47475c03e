import { compose } from '@adonisjs/core/helpers'
import { belongsTo, hasMany, manyToMany } from '@adonisjs/lucid/orm'
import type { BelongsTo, HasMany, ManyToMany } from '@adonisjs/lucid/types/relations'
import { TicketSchema } from '#database/schema'
import { withTenantScope } from '#models/mixins/tenant_scoped'
import AnsweringPoint from '#models/answering_point'
import Contact from '#models/contact'
import Message from '#models/message'
import Tag from '#models/tag'
import TicketEvent from '#models/ticket_event'
import User from '#models/user'

export const TICKET_STATUSES = ['new', 'open', 'pending', 'solved', 'closed'] as const
export type TicketStatus = (typeof TICKET_STATUSES)[number]

export const TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const
export type TicketPriority = (typeof TICKET_PRIORITIES)[number]

/**
 * A case with its message thread, numbered per tenant.
 */
export default class Ticket extends compose(TicketSchema, withTenantScope()) {
  declare status: TicketStatus
  declare priority: TicketPriority

  @belongsTo(() => AnsweringPoint)
  declare answeringPoint: BelongsTo<typeof AnsweringPoint>

  @belongsTo(() => User, { foreignKey: 'assigneeId' })
  declare assignee: BelongsTo<typeof User>

  @belongsTo(() => Contact)
  declare contact: BelongsTo<typeof Contact>

  @hasMany(() => Message)
  declare messages: HasMany<typeof Message>

  @hasMany(() => TicketEvent)
  declare events: HasMany<typeof TicketEvent>

  @manyToMany(() => Tag, { pivotTable: 'ticket_tags', pivotColumns: ['tenant_id'] })
  declare tags: ManyToMany<typeof Tag>
}
