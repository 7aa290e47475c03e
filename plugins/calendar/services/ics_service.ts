import ical from 'ical-generator'
import ICAL from 'ical.js'
import { DateTime } from 'luxon'
import type CalendarEntry from '../models/calendar_entry.js'

/** One event read from an `.ics` file. */
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
  skipped: Array<{ uid: string | null; reason: string }>
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
   * The events of an `.ics` text. Throws when the text is not
   * iCalendar at all; events without a start are skipped with a reason.
   */
  read(text: string): IcsReadResult {
    const root = new ICAL.Component(ICAL.parse(text))
    const result: IcsReadResult = { events: [], skipped: [] }
    for (const component of root.getAllSubcomponents('vevent')) {
      const event = new ICAL.Event(component)
      const uid = event.uid || null
      if (!event.startDate) {
        result.skipped.push({ uid, reason: 'no start time' })
        continue
      }
      const startsAt = DateTime.fromJSDate(event.startDate.toJSDate())
      if (!startsAt.isValid) {
        result.skipped.push({ uid, reason: 'invalid start time' })
        continue
      }
      const end = event.endDate ? DateTime.fromJSDate(event.endDate.toJSDate()) : null
      result.events.push({
        uid: uid ?? `import-${startsAt.toMillis()}-${result.events.length}`,
        title: (event.summary || '').trim().slice(0, 200) || '(untitled)',
        notes: event.description || null,
        startsAt,
        endsAt: end?.isValid ? end : null,
      })
    }
    return result
  }
}

export default new IcsService()
