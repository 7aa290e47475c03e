import ical from 'ical-generator'
import ICAL from 'ical.js'
import { DateTime, IANAZone } from 'luxon'
import { IcsImportException } from '../errors.js'
import type CalendarEntry from '../models/calendar_entry.js'

/** One event read from an `.ics` file; `title` is empty when it had none. */
export interface ImportedEvent {
  uid: string
  title: string
  notes: string | null
  startsAt: DateTime
  endsAt: DateTime | null
}

/** What an `.ics` file held: events, and what was skipped and why. */
export interface IcsReadResult {
  events: ImportedEvent[]
  skipped: Array<{ uid: string | null; reason: 'no_start' | 'invalid_start' }>
}

/**
 * iCalendar in and out: the feed is written by ical-generator, imports
 * are read by ical.js.
 */
export class IcsService {
  /**
   * An agent's entries as an iCalendar document.
   */
  feed(name: string, entries: CalendarEntry[], kindLabel: (kind: string) => string) {
    const calendar = ical({ name, prodId: { company: 'eHelpdesk', product: 'calendar' } })
    for (const entry of entries) {
      calendar.createEvent({
        id: entry.uid,
        start: entry.startsAt.toJSDate(),
        end: (entry.endsAt ?? entry.startsAt.plus({ minutes: 30 })).toJSDate(),
        summary: `${kindLabel(entry.kind)}: ${entry.title}`,
        description: entry.notes ?? undefined,
        stamp: (entry.updatedAt ?? entry.createdAt).toJSDate(),
      })
    }
    return calendar.toString()
  }

  /**
   * The events of an `.ics` text. A time with a TZID is read in that zone
   * (an unknown TZID, and a floating time, in `zone`), a `Z` time as UTC,
   * an all-day event from 00:00 of its date to 00:00 of its end date (or
   * of the next day); a timed event without a later end has none. Throws
   * an `IcsImportException` when the text is not iCalendar at all; events
   * without a usable start are skipped with a reason code.
   */
  read(text: string, zone: string): IcsReadResult {
    let root: ICAL.Component
    try {
      root = new ICAL.Component(ICAL.parse(text))
    } catch {
      throw new IcsImportException('The file is not iCalendar', { code: 'E_CALENDAR_ICS_SYNTAX' })
    }
    const fallback = IANAZone.isValidZone(zone) ? zone : 'Europe/Stockholm'
    const result: IcsReadResult = { events: [], skipped: [] }
    for (const component of root.getAllSubcomponents('vevent')) {
      const event = new ICAL.Event(component)
      const uid = event.uid || null
      if (!event.startDate) {
        result.skipped.push({ uid, reason: 'no_start' })
        continue
      }
      const startTzid = this.#tzid(component, 'dtstart')
      const startsAt = this.#instant(event.startDate, startTzid, fallback)
      if (!startsAt.isValid) {
        result.skipped.push({ uid, reason: 'invalid_start' })
        continue
      }
      const endTzid = component.hasProperty('dtend') ? this.#tzid(component, 'dtend') : startTzid
      const end = event.endDate ? this.#instant(event.endDate, endTzid, fallback) : null
      result.events.push({
        uid: uid ?? `import-${startsAt.toMillis()}-${result.events.length}`,
        title: (event.summary || '').trim().slice(0, 200),
        notes: event.description || null,
        startsAt,
        endsAt: end?.isValid && end > startsAt ? end : null,
      })
    }
    return result
  }

  /** The TZID parameter of a date property, if any. */
  #tzid(component: ICAL.Component, name: string) {
    const value = component.getFirstProperty(name)?.getParameter('tzid')
    return typeof value === 'string' && value ? value : null
  }

  /**
   * An iCalendar time as an instant: UTC for `Z` times, the TZID zone
   * when luxon knows it, else the fallback zone (floating times, unknown
   * TZIDs, dates of all-day events at 00:00).
   */
  #instant(time: ICAL.Time, tzid: string | null, fallback: string) {
    const parts = { year: time.year, month: time.month, day: time.day }
    if (time.isDate) return DateTime.fromObject(parts, { zone: fallback })
    const clock = { ...parts, hour: time.hour, minute: time.minute, second: time.second }
    if (time.zone?.tzid === 'UTC') return DateTime.fromObject(clock, { zone: 'utc' })
    const zone = tzid && IANAZone.isValidZone(tzid) ? tzid : fallback
    return DateTime.fromObject(clock, { zone })
  }
}

export default new IcsService()
