import { DateTime } from 'luxon'
import { InvalidScheduleException } from '../errors.js'
import { HOLIDAY_KEYS, holidayOn, type HolidayKey } from './holidays.js'

/** A local clock interval `['08:00', '12:00']`, end exclusive; `24:00` ends the day. */
export type Interval = [string, string]

/** Open intervals per ISO weekday, 1 = Monday ... 7 = Sunday (keys may be strings, as in JSON). */
export type WeekPlan = Partial<Record<string | number, Interval[]>>

/** Per-language text, as the closed message of a deviation. */
export type LocalizedText = { sv?: string | null; en?: string | null }

/**
 * The conditions of a deviation; every condition present must match.
 * Dates are local `YYYY-MM-DD` and inclusive; the time window is local,
 * end exclusive, and may wrap midnight (`22:00`-`06:00`).
 */
export interface DeviationConditions {
  weekdays?: number[] | null
  date?: string | null
  dateFrom?: string | null
  dateTo?: string | null
  timeFrom?: string | null
  timeTo?: string | null
  weeks?: number[] | null
  months?: number[] | null
}

/**
 * An exception to the week. `open: true` or `false` decides for the
 * matching time; a list of intervals opens exactly those on matching days.
 */
export interface Deviation {
  id: string | number
  name: string
  open: boolean | Interval[]
  message?: LocalizedText | null
  conditions: DeviationConditions
}

/** The plain definition a schedule is built from. */
export interface ScheduleDefinition {
  zone: string
  week: WeekPlan
  /** Holiday key -> closed; a missing key is closed (the default). */
  holidays?: Partial<Record<HolidayKey, boolean>> | null
  deviations?: Deviation[] | null
}

/** The rule that decided whether the schedule is open. */
export interface DecidedBy {
  kind: 'week' | 'holiday' | 'deviation' | 'always'
  id?: string | number
  name: string
}

/** The answer to "is it open at T?". */
export interface Decision {
  open: boolean
  decidedBy: DecidedBy
  message?: LocalizedText
}

/** A stretch of open time. */
export interface Segment {
  start: DateTime
  end: DateTime
}

/** A part of a local day with one decision, clock times `HH:mm`. */
export interface DayPiece {
  from: string
  to: string
  open: boolean
  decidedBy: DecidedBy
}

/** What the schedule does on one local date. */
export interface DayPlan {
  date: string
  weekday: number
  holiday?: { key: HolidayKey; name: string; closed: boolean }
  pieces: DayPiece[]
}

/**
 * The open pieces of a day as `HH:mm` ranges, with touching and
 * overlapping pieces joined (`08:00–10:00` and `10:00–12:00` make
 * `08:00–12:00`), for display.
 */
export function openRanges(pieces: DayPiece[]): Array<{ from: string; to: string }> {
  const ranges: Array<{ from: string; to: string }> = []
  const open = pieces.filter((p) => p.open).sort((a, b) => a.from.localeCompare(b.from))
  for (const piece of open) {
    const last = ranges.at(-1)
    if (last && piece.from <= last.to) {
      if (piece.to > last.to) last.to = piece.to
    } else {
      ranges.push({ from: piece.from, to: piece.to })
    }
  }
  return ranges
}

/**
 * The interface every calendar answers; other plugins use nothing else.
 */
export interface Schedule {
  readonly zone: string
  readonly alwaysOpen: boolean
  isOpen(at: DateTime): Decision
  nextOpening(after: DateTime): DateTime | null
  nextClosing(after: DateTime): DateTime | null
  businessMsBetween(a: DateTime, b: DateTime): number
  addBusinessMs(start: DateTime, ms: number): DateTime | null
  openSegments(from: DateTime, to: DateTime): Segment[]
  dayPlan(date: string): DayPlan
}

/** Days scanned without any open time before a search gives up. */
export const SEARCH_HORIZON_DAYS = 400

const TIME = /^(?:([01]\d|2[0-3]):([0-5]\d)|24:00)$/
const DATE = /^\d{4}-\d{2}-\d{2}$/

interface CompiledDeviation {
  id: string | number
  name: string
  open: boolean | Array<[number, number]>
  message?: LocalizedText
  weekdays?: Set<number>
  dateFrom?: string
  dateTo?: string
  time?: [number, number]
  weeks?: Set<number>
  months?: Set<number>
}

interface LocalDay {
  date: string
  weekday: number
  weekNumber: number
  month: number
  start: DateTime
}

interface MinutePiece {
  from: number
  to: number
  decision: Decision
}

/**
 * Minutes since local midnight of `HH:mm`.
 */
export function parseClock(value: string, where: string): number {
  const match = TIME.exec(value)
  if (!match) {
    throw new InvalidScheduleException(where, 'not_time', { value })
  }
  if (value === '24:00') return 1440
  return Number(match[1]) * 60 + Number(match[2])
}

/**
 * `HH:mm` of minutes since local midnight.
 */
export function formatClock(minutes: number): string {
  const h = Math.floor(minutes / 60)
  const m = Math.round(minutes % 60)
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`
}

function compileIntervals(list: Interval[], where: string): Array<[number, number]> {
  return list.map(([from, to], i) => {
    const a = parseClock(from, `${where}[${i}]`)
    const b = parseClock(to, `${where}[${i}]`)
    if (a >= b) {
      throw new InvalidScheduleException(`${where}[${i}]`, 'ends_before_start', { from, to })
    }
    return [a, b]
  })
}

function optionalSet(list: number[] | null | undefined, min: number, max: number, where: string) {
  if (!list || list.length === 0) return undefined
  for (const n of list) {
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new InvalidScheduleException(where, 'outside', { value: n, min, max })
    }
  }
  return new Set(list)
}

function optionalDate(value: string | null | undefined, where: string) {
  if (!value) return undefined
  if (!DATE.test(value) || !DateTime.fromISO(value).isValid) {
    throw new InvalidScheduleException(where, 'not_date', { value })
  }
  return value
}

function compileDeviation(d: Deviation, index: number): CompiledDeviation {
  const where = `deviations[${index}]`
  const c = d.conditions ?? {}
  const compiled: CompiledDeviation = {
    id: d.id,
    name: d.name,
    open: Array.isArray(d.open) ? compileIntervals(d.open, `${where}.open`) : Boolean(d.open),
    weekdays: optionalSet(c.weekdays, 1, 7, `${where}.weekdays`),
    weeks: optionalSet(c.weeks, 1, 53, `${where}.weeks`),
    months: optionalSet(c.months, 1, 12, `${where}.months`),
  }
  if (d.message && (d.message.sv || d.message.en)) compiled.message = d.message
  const date = optionalDate(c.date, `${where}.date`)
  compiled.dateFrom = date ?? optionalDate(c.dateFrom, `${where}.dateFrom`)
  compiled.dateTo = date ?? optionalDate(c.dateTo, `${where}.dateTo`)
  if (c.timeFrom || c.timeTo) {
    const from = parseClock(c.timeFrom || '00:00', `${where}.timeFrom`)
    const to = parseClock(c.timeTo || '24:00', `${where}.timeTo`)
    if (from === to) {
      throw new InvalidScheduleException(`${where}.time`, 'empty_window')
    }
    compiled.time = [from, to]
  }
  return compiled
}

function inWindow(minute: number, [from, to]: [number, number]) {
  return from < to ? minute >= from && minute < to : minute >= from || minute < to
}

function inAny(minute: number, list: Array<[number, number]>) {
  return list.some(([a, b]) => minute >= a && minute < b)
}

function sameRule(a: DecidedBy, b: DecidedBy) {
  return a.kind === b.kind && a.id === b.id
}

/**
 * Opening hours built from a definition: deviations are tested top-down
 * and the first whose conditions all match decides; then an enabled
 * holiday closes the whole day; then the week decides. Rules read the
 * local clock of the schedule's zone, so DST changes are handled by
 * the zone, not by the rules.
 */
export class WeekSchedule implements Schedule {
  readonly zone: string
  readonly alwaysOpen = false
  #week = new Map<number, Array<[number, number]>>()
  #closedHolidays: Set<HolidayKey>
  #deviations: CompiledDeviation[]
  #plans = new Map<string, MinutePiece[]>()

  constructor(definition: ScheduleDefinition) {
    const zone = definition.zone || 'Europe/Stockholm'
    if (!DateTime.local().setZone(zone).isValid) {
      throw new InvalidScheduleException('zone', 'not_zone', { value: zone })
    }
    this.zone = zone
    for (let day = 1; day <= 7; day++) {
      const list = definition.week?.[day] ?? definition.week?.[String(day)] ?? []
      this.#week.set(day, compileIntervals(list, `week.${day}`))
    }
    const switches = definition.holidays ?? {}
    this.#closedHolidays = new Set(HOLIDAY_KEYS.filter((key) => switches[key] !== false))
    this.#deviations = (definition.deviations ?? []).map(compileDeviation)
  }

  /**
   * Whether the schedule is open at an instant, and which rule decided.
   */
  isOpen(at: DateTime): Decision {
    const local = at.setZone(this.zone)
    const day = this.#localDay(local.startOf('day'))
    const minute = local.hour * 60 + local.minute + local.second / 60 + local.millisecond / 60_000
    return this.#decide(day, this.#deviationsOn(day), minute)
  }

  /**
   * The earliest instant at or after `after` when the schedule is open:
   * `after` itself when open then. Null when closed for the horizon.
   */
  nextOpening(after: DateTime): DateTime | null {
    for (const segment of this.#segments(after)) return segment.start
    return null
  }

  /**
   * The end of the open period that holds `after`, or of the next one
   * when closed at `after`. Null when nothing closes within the horizon.
   */
  nextClosing(after: DateTime): DateTime | null {
    const limit = after.toMillis() + SEARCH_HORIZON_DAYS * 86_400_000
    let end: DateTime | null = null
    for (const segment of this.#segments(after)) {
      if (end && segment.start.toMillis() !== end.toMillis()) return end
      end = segment.end
      if (end.toMillis() > limit) return null
    }
    return end
  }

  /**
   * Open time between two instants in milliseconds; negative when
   * `b` is before `a`.
   */
  businessMsBetween(a: DateTime, b: DateTime): number {
    const from = a.toMillis()
    const to = b.toMillis()
    if (to < from) return -this.businessMsBetween(b, a)
    let total = 0
    for (const segment of this.#segments(a)) {
      const start = segment.start.toMillis()
      if (start >= to) break
      total += Math.min(segment.end.toMillis(), to) - start
    }
    return total
  }

  /**
   * The instant when `ms` of open time has elapsed from `start`: the
   * SLA deadline. `start` itself for zero; null when the schedule has
   * no open time within the horizon.
   */
  addBusinessMs(start: DateTime, ms: number): DateTime | null {
    if (ms <= 0) return start.setZone(this.zone)
    let remaining = ms
    for (const segment of this.#segments(start)) {
      const length = segment.end.toMillis() - segment.start.toMillis()
      if (remaining <= length) {
        return DateTime.fromMillis(segment.start.toMillis() + remaining, { zone: this.zone })
      }
      remaining -= length
    }
    return null
  }

  /**
   * The open stretches between two instants, clipped to them; stretches
   * that touch are merged.
   */
  openSegments(from: DateTime, to: DateTime): Segment[] {
    const list: Segment[] = []
    const end = to.toMillis()
    for (const segment of this.#segments(from)) {
      if (segment.start.toMillis() >= end) break
      const clipped =
        segment.end.toMillis() > end
          ? { start: segment.start, end: to.setZone(this.zone) }
          : segment
      const last = list.at(-1)
      if (last && last.end.toMillis() === clipped.start.toMillis()) last.end = clipped.end
      else list.push({ ...clipped })
    }
    return list
  }

  /**
   * The pieces of one local date (`YYYY-MM-DD`) with their deciding
   * rules, for the month view.
   */
  dayPlan(date: string): DayPlan {
    const start = DateTime.fromISO(date, { zone: this.zone }).startOf('day')
    const day = this.#localDay(start)
    const holiday = holidayOn(day.date)
    return {
      date: day.date,
      weekday: day.weekday,
      holiday: holiday && {
        key: holiday.key,
        name: holiday.name,
        closed: this.#closedHolidays.has(holiday.key),
      },
      pieces: this.#plan(day).map((p) => ({
        from: formatClock(p.from),
        to: formatClock(p.to),
        open: p.decision.open,
        decidedBy: p.decision.decidedBy,
      })),
    }
  }

  #localDay(start: DateTime): LocalDay {
    return {
      date: start.toISODate()!,
      weekday: start.weekday,
      weekNumber: start.weekNumber,
      month: start.month,
      start,
    }
  }

  #deviationsOn(day: LocalDay): CompiledDeviation[] {
    return this.#deviations.filter((d) => {
      if (d.weekdays && !d.weekdays.has(day.weekday)) return false
      if (d.months && !d.months.has(day.month)) return false
      if (d.weeks && !d.weeks.has(day.weekNumber)) return false
      if (d.dateFrom && day.date < d.dateFrom) return false
      if (d.dateTo && day.date > d.dateTo) return false
      return true
    })
  }

  #decide(day: LocalDay, deviations: CompiledDeviation[], minute: number): Decision {
    for (const d of deviations) {
      if (d.time && !inWindow(minute, d.time)) continue
      const open = d.open === true || (Array.isArray(d.open) && inAny(minute, d.open))
      const decision: Decision = {
        open,
        decidedBy: { kind: 'deviation', id: d.id, name: d.name },
      }
      if (!open && d.message) decision.message = d.message
      return decision
    }
    const holiday = holidayOn(day.date)
    if (holiday && this.#closedHolidays.has(holiday.key)) {
      return { open: false, decidedBy: { kind: 'holiday', id: holiday.key, name: holiday.name } }
    }
    return {
      open: inAny(minute, this.#week.get(day.weekday)!),
      decidedBy: { kind: 'week', name: 'week' },
    }
  }

  /**
   * The day cut at every boundary any rule has; the decision is the
   * same throughout each piece because every rule is end-exclusive.
   */
  #plan(day: LocalDay): MinutePiece[] {
    const cached = this.#plans.get(day.date)
    if (cached) return cached
    const deviations = this.#deviationsOn(day)
    const cuts = new Set<number>([0, 1440])
    for (const [a, b] of this.#week.get(day.weekday)!) cuts.add(a).add(b)
    for (const d of deviations) {
      if (d.time) cuts.add(d.time[0]).add(d.time[1])
      if (Array.isArray(d.open)) for (const [a, b] of d.open) cuts.add(a).add(b)
    }
    const sorted = [...cuts].sort((x, y) => x - y)
    const pieces: MinutePiece[] = []
    for (let i = 0; i < sorted.length - 1; i++) {
      const decision = this.#decide(day, deviations, sorted[i])
      const last = pieces.at(-1)
      if (
        last &&
        last.decision.open === decision.open &&
        sameRule(last.decision.decidedBy, decision.decidedBy)
      ) {
        last.to = sorted[i + 1]
      } else {
        pieces.push({ from: sorted[i], to: sorted[i + 1], decision })
      }
    }
    if (this.#plans.size > 4000) this.#plans.clear()
    this.#plans.set(day.date, pieces)
    return pieces
  }

  #instant(day: LocalDay, minute: number): DateTime {
    if (minute >= 1440) return day.start.plus({ days: 1 }).startOf('day')
    return day.start.set({ hour: Math.floor(minute / 60), minute: minute % 60 })
  }

  /**
   * Open stretches from `from` on, in order, the first clipped to start
   * at `from`; stretches that touch are not merged. Stops after the
   * horizon of days without open time.
   */
  *#segments(from: DateTime): Generator<Segment> {
    const origin = from.setZone(this.zone)
    const fromMs = origin.toMillis()
    let day = this.#localDay(origin.startOf('day'))
    let idle = 0
    while (idle <= SEARCH_HORIZON_DAYS) {
      let found = false
      for (const piece of this.#plan(day)) {
        if (!piece.decision.open) continue
        const start = Math.max(this.#instant(day, piece.from).toMillis(), fromMs)
        const end = this.#instant(day, piece.to).toMillis()
        if (end <= start) continue
        found = true
        yield this.#segment({ start, end })
      }
      idle = found ? 0 : idle + 1
      day = this.#localDay(day.start.plus({ days: 1 }).startOf('day'))
    }
  }

  #segment(range: { start: number; end: number }): Segment {
    return {
      start: DateTime.fromMillis(range.start, { zone: this.zone }),
      end: DateTime.fromMillis(range.end, { zone: this.zone }),
    }
  }
}

/**
 * A schedule open around the clock, with the same interface: the
 * fallback when a tenant has no calendar.
 */
export class AlwaysOpenSchedule implements Schedule {
  readonly alwaysOpen = true

  constructor(readonly zone = 'Europe/Stockholm') {}

  /** Always open. */
  isOpen(_at: DateTime): Decision {
    return { open: true, decidedBy: { kind: 'always', name: 'always' } }
  }

  /** `after` itself. */
  nextOpening(after: DateTime): DateTime | null {
    return after.setZone(this.zone)
  }

  /** Never closes. */
  nextClosing(_after: DateTime): DateTime | null {
    return null
  }

  /** Wall-clock milliseconds. */
  businessMsBetween(a: DateTime, b: DateTime): number {
    return b.toMillis() - a.toMillis()
  }

  /** `start` plus `ms` wall-clock milliseconds. */
  addBusinessMs(start: DateTime, ms: number): DateTime | null {
    return DateTime.fromMillis(start.toMillis() + Math.max(ms, 0), { zone: this.zone })
  }

  /** One segment from `from` to `to`. */
  openSegments(from: DateTime, to: DateTime): Segment[] {
    if (to <= from) return []
    return [{ start: from.setZone(this.zone), end: to.setZone(this.zone) }]
  }

  /** One open piece all day. */
  dayPlan(date: string): DayPlan {
    const start = DateTime.fromISO(date, { zone: this.zone })
    return {
      date,
      weekday: start.weekday,
      pieces: [
        { from: '00:00', to: '24:00', open: true, decidedBy: { kind: 'always', name: 'always' } },
      ],
    }
  }
}

/**
 * The definition an answering point's own calendar has in force:
 * with `inherit`, the base holiday switches apply and the base
 * deviations are tested after the point's own.
 */
export function inheritDefinition(
  own: ScheduleDefinition,
  base: ScheduleDefinition,
  inherit: boolean
): ScheduleDefinition {
  if (!inherit) return own
  return {
    zone: own.zone,
    week: own.week,
    holidays: base.holidays,
    deviations: [...(own.deviations ?? []), ...(base.deviations ?? [])],
  }
}

/**
 * A schedule from a definition, or the around-the-clock one.
 */
export function createSchedule(definition: ScheduleDefinition | 'always', zone?: string): Schedule {
  if (definition === 'always') return new AlwaysOpenSchedule(zone)
  return new WeekSchedule(definition)
}
