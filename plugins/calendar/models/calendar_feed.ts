import { compose } from '@adonisjs/core/helpers'
import { CalendarFeedSchema } from '#database/schema'
import { withTenantScope } from '#models/mixins/tenant_scoped'

/**
 * A secret token that serves one agent's entries as an iCal feed until
 * it is revoked.
 */
export default class CalendarFeed extends compose(CalendarFeedSchema, withTenantScope()) {
  static table = 'calendar_feeds'
}
