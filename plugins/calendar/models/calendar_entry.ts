import { compose } from '@adonisjs/core/helpers'
import { belongsTo } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import Ticket from '#models/ticket'
import Contact from '#models/contact'
import { CalendarEntrySchema } from '#database/schema'
import { withTenantScope } from '#models/mixins/tenant_scoped'

export const ENTRY_KINDS = ['appointment', 'callback', 'reminder'] as const
export type EntryKind = (typeof ENTRY_KINDS)[number]

/**
 * An agent's appointment, call-back or reminder, optionally linked to
 * a ticket and a contact.
 */
export default class CalendarEntry extends compose(CalendarEntrySchema, withTenantScope()) {
  static table = 'calendar_entries'

  declare kind: EntryKind

  @belongsTo(() => Ticket)
  declare ticket: BelongsTo<typeof Ticket>

  @belongsTo(() => Contact)
  declare contact: BelongsTo<typeof Contact>
}
