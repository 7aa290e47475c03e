import { test } from '@japa/runner'
import ics from '#plugins/calendar/services/ics_service'
import { IcsImportException } from '#plugins/calendar/errors'

/** A calendar document with the given event lines, one VEVENT each. */
function calendar(...events: string[][]) {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Example//Test//EN']
  events.forEach((event, index) => {
    lines.push('BEGIN:VEVENT', `UID:event-${index}@example.org`, 'SUMMARY:Möte', ...event)
    lines.push('END:VEVENT')
  })
  return [...lines, 'END:VCALENDAR', ''].join('\r\n')
}

/** Start and end of the only event, as UTC ISO strings. */
function times(text: string, zone = 'Europe/Stockholm') {
  const { events } = ics.read(text, zone)
  return [events[0].startsAt.toUTC().toISO(), events[0].endsAt?.toUTC().toISO() ?? null]
}

test.group('Calendar | .ics import times', () => {
  test('read a TZID time in that zone', ({ assert }) => {
    const text = calendar([
      'DTSTART;TZID=Europe/Stockholm:20261210T140000',
      'DTEND;TZID=Europe/Stockholm:20261210T150000',
    ])
    assert.deepEqual(times(text, 'America/New_York'), [
      '2026-12-10T13:00:00.000Z',
      '2026-12-10T14:00:00.000Z',
    ])
  })

  test('read a summer TZID time with the summer offset', ({ assert }) => {
    const text = calendar(['DTSTART;TZID=Europe/Stockholm:20260610T140000'])
    assert.deepEqual(times(text), ['2026-06-10T12:00:00.000Z', null])
  })

  test('read an unknown TZID in the tenant zone', ({ assert }) => {
    const text = calendar(['DTSTART;TZID=Mars/Olympus:20261210T140000'])
    assert.deepEqual(times(text), ['2026-12-10T13:00:00.000Z', null])
  })

  test('read a floating time in the tenant zone', ({ assert }) => {
    const text = calendar(['DTSTART:20261210T120000', 'DTEND:20261210T130000'])
    assert.deepEqual(times(text), ['2026-12-10T11:00:00.000Z', '2026-12-10T12:00:00.000Z'])
    assert.deepEqual(times(text, 'America/New_York'), [
      '2026-12-10T17:00:00.000Z',
      '2026-12-10T18:00:00.000Z',
    ])
  })

  test('read a Z time as UTC', ({ assert }) => {
    const text = calendar(['DTSTART:20261210T120000Z', 'DTEND:20261210T123000Z'])
    assert.deepEqual(times(text), ['2026-12-10T12:00:00.000Z', '2026-12-10T12:30:00.000Z'])
  })

  test('start an all-day event at local midnight and end it at the end date', ({ assert }) => {
    const text = calendar(['DTSTART;VALUE=DATE:20261210', 'DTEND;VALUE=DATE:20261212'])
    const { events } = ics.read(text, 'Europe/Stockholm')
    assert.equal(events[0].startsAt.toISO(), '2026-12-10T00:00:00.000+01:00')
    assert.equal(events[0].endsAt!.toISO(), '2026-12-12T00:00:00.000+01:00')
  })

  test('end an all-day event without an end at the next midnight', ({ assert }) => {
    const text = calendar(['DTSTART;VALUE=DATE:20260610'])
    const { events } = ics.read(text, 'Europe/Stockholm')
    assert.equal(events[0].startsAt.toISO(), '2026-06-10T00:00:00.000+02:00')
    assert.equal(events[0].endsAt!.toISO(), '2026-06-11T00:00:00.000+02:00')
  })

  test('leave the title of an event without a summary empty', ({ assert }) => {
    const text = calendar(['DTSTART:20261210T120000Z']).replace('SUMMARY:Möte\r\n', '')
    assert.equal(ics.read(text, 'Europe/Stockholm').events[0].title, '')
  })

  test('skip an event without a start with a reason code', ({ assert }) => {
    const { events, skipped } = ics.read(calendar([]), 'Europe/Stockholm')
    assert.lengthOf(events, 0)
    assert.deepEqual(skipped, [{ uid: 'event-0@example.org', reason: 'no_start' }])
  })

  test('throw a coded exception for text that is not iCalendar', ({ assert }) => {
    assert.throws(() => ics.read('hello world', 'Europe/Stockholm'), IcsImportException as any)
  })
})
