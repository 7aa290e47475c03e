import { DateTime } from 'luxon'
import Tenant from '#models/tenant'
import { TenantContext } from '#services/tenant_context'
import Calendar, { type CalendarData } from '../models/calendar.js'
import calendars, { DEFAULT_ZONE } from './calendar_service.js'
import { HOLIDAY_KEYS, holidaysOfYear, type HolidayKey } from './holidays.js'
import { WeekSchedule, type Interval, type ScheduleDefinition } from './schedule.js'
import { InvalidScheduleException } from '../errors.js'

/** A calendar with what it has in force, for the admin pages. */
export interface CalendarView {
  calendar: Calendar
  base: Calendar | null
  definition: ScheduleDefinition
  schedule: WeekSchedule
  zone: string
}

/** One row of interval inputs as posted. */
export type IntervalRow = { from?: string | null; to?: string | null }

/**
 * Reading and changing calendar rows for the admin pages; every
 * change is checked by building the schedule before it is saved.
 */
export class CalendarEditor {
  /**
   * The calendar with its effective definition (base holidays and
   * deviations included when it inherits).
   */
  async view(calendar: Calendar): Promise<CalendarView> {
    const tenant = await Tenant.findOrFail(TenantContext.require())
    const base = calendar.isBase
      ? null
      : await Calendar.query().whereNull('answering_point_id').first()
    const definition = calendars.definitionOf(calendar, base, tenant.timeZone || DEFAULT_ZONE)
    return {
      calendar,
      base,
      definition,
      schedule: new WeekSchedule(definition),
      zone: definition.zone,
    }
  }

  /**
   * The holidays of this and next year with whether each closes.
   */
  holidayList(definition: ScheduleDefinition, today: DateTime) {
    const switches = definition.holidays ?? {}
    return [today.year, today.year + 1].map((year) => ({
      year,
      days: holidaysOfYear(year).map((h) => ({ ...h, closed: switches[h.key] !== false })),
    }))
  }

  /**
   * Interval rows as posted, without blank rows. A half-filled row is
   * refused with its position.
   */
  intervals(rows: IntervalRow[] | undefined, where: string): Interval[] {
    const list: Interval[] = []
    for (const [i, row] of (rows ?? []).entries()) {
      if (!row.from && !row.to) continue
      if (!row.from || !row.to) {
        throw new InvalidScheduleException(`${where}[${i}]`, 'both_times')
      }
      list.push([row.from, row.to])
    }
    return list
  }

  /**
   * Holiday switches from posted checkboxes: a ticked box closes.
   */
  holidays(posted: Record<string, boolean | undefined> | undefined) {
    const switches: Partial<Record<HolidayKey, boolean>> = {}
    for (const key of HOLIDAY_KEYS) switches[key] = Boolean(posted?.[key])
    return switches
  }

  /**
   * Saves new content after checking that it builds a schedule.
   */
  async save(
    calendar: Calendar,
    data: CalendarData,
    changes: { timeZone?: string | null; inherit?: boolean } = {}
  ) {
    calendar.merge({ ...changes, data })
    await this.view(calendar)
    await calendar.save()
    await calendars.changed(calendar.tenantId)
    return calendar
  }
}

export default new CalendarEditor()
