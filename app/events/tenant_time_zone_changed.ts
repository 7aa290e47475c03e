import { BaseEvent } from '@adonisjs/core/events'

/**
 * An admin changed the tenant's time zone: plugins that planned in
 * local time (calendars, SLA clocks) plan again.
 */
export default class TenantTimeZoneChanged extends BaseEvent {
  constructor(public tenantId: number) {
    super()
  }
}
