import emitter from '@adonisjs/core/services/emitter'
import AnsweringPoint from '#models/answering_point'
import Tenant from '#models/tenant'
import modules from '#services/module_service'
import { TenantContext } from '#services/tenant_context'
import Calendar, { type CalendarData } from '../models/calendar.js'
import {
  AlwaysOpenSchedule,
  WeekSchedule,
  inheritDefinition,
  type Schedule,
  type ScheduleDefinition,
} from './schedule.js'

export const DEFAULT_ZONE = 'Europe/Stockholm'

/** How long a built schedule is reused before the rows are read again. */
const CACHE_MS = 30_000

/**
 * A new calendar's content: weekdays 08:00-17:00, every holiday closed,
 * no deviations.
 */
export function defaultData(): CalendarData {
  const day: Array<[string, string]> = [['08:00', '17:00']]
  return { week: { 1: day, 2: day, 3: day, 4: day, 5: day }, holidays: {}, deviations: [] }
}

/** A resolved calendar: where its rules come from and the schedule. */
export interface ResolvedCalendar {
  schedule: Schedule
  zone: string
  source: 'point' | 'base' | 'none'
  inherit: boolean
  definition: ScheduleDefinition | null
}

/**
 * The calendar as a service for every plugin: which schedule applies
 * to a tenant's answering point. Bound in the container as `calendar`.
 */
export class CalendarService {
  #cache = new Map<string, { at: number; value: ResolvedCalendar }>()

  /**
   * The schedule of an answering point: its own calendar, else the
   * tenant's base calendar (the default week until one is saved);
   * around the clock when the tenant has the module off. `null` asks
   * for the base calendar.
   */
  async forPoint(tenantId: number, pointId: number | null): Promise<Schedule> {
    return (await this.resolve(tenantId, pointId)).schedule
  }

  /**
   * Like `forPoint`, with where the rules came from.
   */
  async resolve(tenantId: number, pointId: number | null): Promise<ResolvedCalendar> {
    const key = `${tenantId}:${pointId ?? 'base'}`
    const hit = this.#cache.get(key)
    if (hit && Date.now() - hit.at < CACHE_MS) return hit.value
    const value = await TenantContext.run(tenantId, () => this.#load(tenantId, pointId))
    this.#cache.set(key, { at: Date.now(), value })
    return value
  }

  /**
   * Forgets cached schedules of a tenant, after its calendars changed.
   */
  forget(tenantId: number) {
    for (const key of this.#cache.keys()) {
      if (key.startsWith(`${tenantId}:`)) this.#cache.delete(key)
    }
  }

  /**
   * After an admin changed a tenant's calendars: forgets the cached
   * schedules and emits `calendar:changed`, so plugins that planned
   * with the old hours (the SLA clocks) plan again.
   */
  async changed(tenantId: number) {
    this.forget(tenantId)
    await emitter.emit('calendar:changed', { tenantId })
  }

  /**
   * The definition a calendar row has in force, with the base
   * calendar's holidays and deviations when it inherits.
   */
  definitionOf(calendar: Calendar, base: Calendar | null, tenantZone: string): ScheduleDefinition {
    const baseZone = base?.timeZone || tenantZone
    const own: ScheduleDefinition = {
      zone: calendar.timeZone || (calendar.isBase ? tenantZone : baseZone),
      week: calendar.data.week,
      holidays: calendar.data.holidays,
      deviations: calendar.data.deviations,
    }
    if (calendar.isBase || !base) return own
    return inheritDefinition(own, { ...own, ...base.data, zone: baseZone }, calendar.inherit)
  }

  async #load(tenantId: number, pointId: number | null): Promise<ResolvedCalendar> {
    const tenant = await Tenant.findOrFail(tenantId)
    const tenantZone = tenant.timeZone || DEFAULT_ZONE
    if (!(await modules.isEnabled(tenantId, 'calendar'))) {
      return {
        schedule: new AlwaysOpenSchedule(tenantZone),
        zone: tenantZone,
        source: 'none',
        inherit: false,
        definition: null,
      }
    }

    const base = await Calendar.query().whereNull('answering_point_id').first()
    const own = pointId ? await Calendar.query().where('answering_point_id', pointId).first() : null
    /* Until an admin saves one, the base calendar is the default
       week the admin pages show, not around the clock. */
    const calendar =
      own ?? base ?? new Calendar().merge({ answeringPointId: null, data: defaultData() })
    const definition = this.definitionOf(calendar, base, tenantZone)
    return {
      schedule: new WeekSchedule(definition),
      zone: definition.zone,
      source: own ? 'point' : 'base',
      inherit: own ? own.inherit : false,
      definition,
    }
  }

  /**
   * The tenant's base calendar, created with the defaults on first use.
   * Runs in the current tenant context.
   */
  async baseCalendar(): Promise<Calendar> {
    const found = await Calendar.query().whereNull('answering_point_id').first()
    if (found) return found
    return Calendar.create({ answeringPointId: null, inherit: false, data: defaultData() })
  }

  /**
   * A point's own calendar, created as a copy of the base week that
   * inherits the base holidays and deviations.
   */
  async createForPoint(point: AnsweringPoint): Promise<Calendar> {
    const existing = await Calendar.query().where('answering_point_id', point.id).first()
    if (existing) return existing
    const base = await this.baseCalendar()
    return Calendar.create({
      answeringPointId: point.id,
      inherit: true,
      data: { week: base.data.week, holidays: {}, deviations: [] },
    })
  }
}

const calendars = new CalendarService()
export default calendars

declare module '@adonisjs/core/types' {
  interface ContainerBindings {
    calendar: CalendarService
  }
  interface EventsList {
    'calendar:changed': { tenantId: number }
  }
}
