import { compose } from '@adonisjs/core/helpers'
import { belongsTo } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import { TicketEventSchema } from '#database/schema'
import { withTenantScope } from '#models/mixins/tenant_scoped'
import User from '#models/user'

/**
 * One entry of a ticket's history: who changed what, and when.
 */
export default class TicketEvent extends compose(TicketEventSchema, withTenantScope()) {
  @belongsTo(() => User)
  declare user: BelongsTo<typeof User>
}
