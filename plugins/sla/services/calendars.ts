import { DateTime } from 'luxon'
import { ALWAYS_OPEN, type BusinessSchedule } from './deadlines.js'
import { runtime } from './runtime.js'
import type { SlaCalendar } from '../models/sla_policy.js'

/**
 * The part of the calendar plugin's schedule the SLA uses (luxon
 * instants in and out).
 */
interface CalendarSchedule {
  businessMsBetween(a: DateTime, b: DateTime): number
  addBusinessMs(start: DateTime, ms: number): DateTime | null
}

/**
 * Adapts a calendar schedule to the clock's Date-based interface.
 */
export function fromCalendar(schedule: CalendarSchedule): BusinessSchedule {
  return {
    businessMsBetween: (a, b) =>
      Math.max(0, schedule.businessMsBetween(DateTime.fromJSDate(a), DateTime.fromJSDate(b))),
    addBusinessMs: (start, ms) =>
      schedule.addBusinessMs(DateTime.fromJSDate(start), ms)?.toJSDate() ?? null,
  }
}

/**
 * The calendar key a clock stores: `always`, `base` or `point:<id>`
 * (a point-calendar policy on a ticket without a point uses the base).
 */
export function calendarKey(choice: SlaCalendar, pointId: number | null) {
  if (choice === 'always') return 'always'
  if (choice === 'point' && pointId !== null) return `point:${pointId}`
  return 'base'
}

/**
 * Resolves calendar keys to schedules for one tenant, through the
 * calendar plugin's `calendar` service. Without the calendar module
 * (disabled for the tenant, or not installed) every key counts around
 * the clock: the SLA degrades rather than stops.
 */
export class ScheduleResolver {
  #cache = new Map<string, Promise<BusinessSchedule>>()
  #calendarOn: Promise<boolean> | null = null

  constructor(protected tenantId: number) {}

  /**
   * The schedule for a key.
   */
  async for(key: string): Promise<BusinessSchedule> {
    if (key === 'always') return ALWAYS_OPEN
    let found = this.#cache.get(key)
    if (!found) {
      found = this.load(key)
      this.#cache.set(key, found)
    }
    return found
  }

  protected async load(key: string): Promise<BusinessSchedule> {
    const ctx = runtime()
    this.#calendarOn ??= ctx.modules.isEnabled(this.tenantId, 'calendar')
    if (!(await this.#calendarOn) || !ctx.app.container.hasBinding('calendar' as any)) {
      return ALWAYS_OPEN
    }
    const calendars: any = await ctx.app.container.make('calendar' as any)
    const pointId = key.startsWith('point:') ? Number(key.slice(6)) : null
    const schedule = await calendars.forPoint(this.tenantId, pointId)
    return schedule ? fromCalendar(schedule) : ALWAYS_OPEN
  }
}
