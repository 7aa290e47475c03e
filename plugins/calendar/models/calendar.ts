import { compose } from '@adonisjs/core/helpers'
import { belongsTo } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import AnsweringPoint from '#models/answering_point'
import { CalendarCalendarSchema } from '#database/schema'
import { withTenantScope } from '#models/mixins/tenant_scoped'
import type { Deviation, WeekPlan } from '../services/schedule.js'
import type { HolidayKey } from '../services/holidays.js'

/** What a calendar row stores in `data`. */
export interface CalendarData {
  week: WeekPlan
  holidays: Partial<Record<HolidayKey, boolean>>
  deviations: Deviation[]
}

/**
 * An opening-hours calendar: the tenant's base calendar when it has no
 * answering point, otherwise that point's own.
 */
export default class Calendar extends compose(CalendarCalendarSchema, withTenantScope()) {
  static table = 'calendar_calendars'

  declare data: CalendarData

  @belongsTo(() => AnsweringPoint)
  declare answeringPoint: BelongsTo<typeof AnsweringPoint>

  /** Whether this is the tenant's base calendar. */
  get isBase() {
    return this.answeringPointId === null
  }
}
