import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import {
  AlwaysOpenSchedule,
  WeekSchedule,
  inheritDefinition,
  openRanges,
  type Deviation,
  type Interval,
  type ScheduleDefinition,
} from '#plugins/calendar/services/schedule'
import { HOLIDAY_KEYS, holidaysOfYear } from '#plugins/calendar/services/holidays'

const HOUR = 3_600_000
const STHLM = 'Europe/Stockholm'

/** Monday to Friday with the given intervals, weekend closed. */
function weekdays(intervals: Interval[]) {
  return { 1: intervals, 2: intervals, 3: intervals, 4: intervals, 5: intervals }
}

function office(extra: Partial<ScheduleDefinition> = {}) {
  return new WeekSchedule({ zone: STHLM, week: weekdays([['08:00', '17:00']]), ...extra })
}

function allWeek(zone = STHLM) {
  const day: Interval[] = [['00:00', '24:00']]
  const holidays = Object.fromEntries(HOLIDAY_KEYS.map((key) => [key, false]))
  return new WeekSchedule({ zone, week: { ...weekdays(day), 6: day, 7: day }, holidays })
}

/** A local Stockholm instant. */
function at(iso: string, zone = STHLM) {
  return DateTime.fromISO(iso, { zone })
}

const lunch: Deviation = {
  id: 'lunch',
  name: 'Lunch',
  open: false,
  message: { sv: 'Vi har lunch', en: 'We are at lunch' },
  conditions: { weekdays: [1, 2, 3, 4, 5], timeFrom: '12:00', timeTo: '13:00' },
}

test.group('Calendar | holidays', () => {
  test('list the Swedish holidays and closed eves of 2026 and 2027', ({ assert }) => {
    const y2026 = Object.fromEntries(holidaysOfYear(2026).map((h) => [h.key, h.date]))
    assert.lengthOf(Object.keys(y2026), 18)
    assert.include(y2026, {
      good_friday: '2026-04-03',
      easter_eve: '2026-04-04',
      easter_day: '2026-04-05',
      easter_monday: '2026-04-06',
      ascension_day: '2026-05-14',
      whitsun_eve: '2026-05-23',
      whitsunday: '2026-05-24',
      midsummer_eve: '2026-06-19',
      midsummer_day: '2026-06-20',
      all_saints_day: '2026-10-31',
      christmas_eve: '2026-12-24',
      new_years_eve: '2026-12-31',
    })
    const y2027 = Object.fromEntries(holidaysOfYear(2027).map((h) => [h.key, h.date]))
    assert.include(y2027, {
      good_friday: '2027-03-26',
      easter_day: '2027-03-28',
      easter_monday: '2027-03-29',
      midsummer_eve: '2027-06-25',
      midsummer_day: '2027-06-26',
    })
  })
})

test.group('Calendar | schedule', () => {
  test('close over Easter and open again on the Tuesday', ({ assert }) => {
    const schedule = office()
    const friday = schedule.isOpen(at('2026-04-03T10:00'))
    assert.isFalse(friday.open)
    assert.deepEqual(friday.decidedBy, {
      kind: 'holiday',
      id: 'good_friday',
      name: 'långfredagen',
    })
    assert.equal(schedule.isOpen(at('2026-04-06T10:00')).decidedBy.id, 'easter_monday')
    assert.equal(
      schedule.nextOpening(at('2026-04-02T17:00'))!.toISO(),
      '2026-04-07T08:00:00.000+02:00'
    )
    assert.equal(
      schedule.businessMsBetween(at('2026-04-02T16:00'), at('2026-04-07T09:00')),
      2 * HOUR
    )
  })

  test('close on Midsummer Eve unless its switch is off', ({ assert }) => {
    const eve = at('2026-06-19T10:00')
    const closed = office().isOpen(eve)
    assert.isFalse(closed.open)
    assert.equal(closed.decidedBy.id, 'midsummer_eve')

    const open = office({ holidays: { midsummer_eve: false } }).isOpen(eve)
    assert.isTrue(open.open)
    assert.equal(open.decidedBy.kind, 'week')
    assert.equal(
      office().nextOpening(at('2026-06-18T18:00'))!.toISO(),
      '2026-06-22T08:00:00.000+02:00'
    )
  })

  test('count business time across the March change to summer time', ({ assert }) => {
    const schedule = office()
    assert.equal(
      schedule.nextOpening(at('2026-03-28T12:00'))!.toISO(),
      '2026-03-30T08:00:00.000+02:00'
    )
    assert.equal(
      schedule.businessMsBetween(at('2026-03-27T16:00'), at('2026-03-30T09:00')),
      2 * HOUR
    )
    assert.equal(
      schedule.addBusinessMs(at('2026-03-27T16:00'), 2 * HOUR)!.toISO(),
      '2026-03-30T09:00:00.000+02:00'
    )
    const sunday = allWeek()
    assert.equal(
      sunday.businessMsBetween(at('2026-03-29T00:00'), at('2026-03-30T00:00')),
      23 * HOUR
    )
    assert.isTrue(sunday.isOpen(DateTime.fromISO('2026-03-29T01:30:00Z')).open)
  })

  test('count business time across the October change to winter time', ({ assert }) => {
    const schedule = allWeek()
    assert.equal(
      schedule.businessMsBetween(at('2026-10-25T00:00'), at('2026-10-26T00:00')),
      25 * HOUR
    )
    assert.equal(
      schedule.addBusinessMs(at('2026-10-24T16:00'), 24 * HOUR)!.toISO(),
      '2026-10-25T15:00:00.000+01:00'
    )
    const weekly = office()
    assert.equal(
      weekly.nextOpening(at('2026-10-23T17:00'))!.toISO(),
      '2026-10-26T08:00:00.000+01:00'
    )
    assert.equal(weekly.businessMsBetween(at('2026-10-23T16:00'), at('2026-10-26T09:00')), 2 * HOUR)
  })

  test('close for lunch and name the lunch deviation', ({ assert }) => {
    const schedule = office({ deviations: [lunch] })
    const decision = schedule.isOpen(at('2026-03-02T12:30'))
    assert.deepEqual(decision, {
      open: false,
      decidedBy: { kind: 'deviation', id: 'lunch', name: 'Lunch' },
      message: { sv: 'Vi har lunch', en: 'We are at lunch' },
    })
    assert.isTrue(schedule.isOpen(at('2026-03-02T11:59')).open)
    assert.equal(
      schedule.nextOpening(at('2026-03-02T12:30'))!.toISO(),
      '2026-03-02T13:00:00.000+01:00'
    )
    assert.equal(
      schedule.nextClosing(at('2026-03-02T09:00'))!.toISO(),
      '2026-03-02T12:00:00.000+01:00'
    )
    assert.equal(
      schedule.nextClosing(at('2026-03-02T12:30'))!.toISO(),
      '2026-03-02T17:00:00.000+01:00'
    )
    assert.equal(
      schedule.businessMsBetween(at('2026-03-02T08:00'), at('2026-03-02T17:00')),
      8 * HOUR
    )
    assert.deepEqual(
      schedule.dayPlan('2026-03-02').pieces.map((p) => [p.from, p.to, p.open]),
      [
        ['00:00', '08:00', false],
        ['08:00', '12:00', true],
        ['12:00', '13:00', false],
        ['13:00', '17:00', true],
        ['17:00', '24:00', false],
      ]
    )
  })

  test('stay open around the clock, even across DST', ({ assert }) => {
    const schedule = new AlwaysOpenSchedule()
    const decision = schedule.isOpen(at('2026-12-24T03:00'))
    assert.isTrue(decision.open)
    assert.equal(decision.decidedBy.kind, 'always')
    assert.isNull(schedule.nextClosing(at('2026-12-24T03:00')))
    assert.equal(
      schedule.businessMsBetween(at('2026-03-29T00:00'), at('2026-03-30T00:00')),
      23 * HOUR
    )
    assert.equal(
      schedule.addBusinessMs(at('2026-10-24T16:00'), 24 * HOUR)!.toISO(),
      '2026-10-25T15:00:00.000+01:00'
    )
    assert.isNull(allWeek().nextClosing(at('2026-03-02T10:00')))
  })

  test('let the deviation listed first override a later one', ({ assert }) => {
    const party: Deviation = {
      id: 1,
      name: 'Christmas party',
      open: false,
      conditions: { date: '2026-12-16', timeFrom: '15:00' },
    }
    const evening: Deviation = {
      id: 2,
      name: 'Extra evening',
      open: true,
      conditions: { weekdays: [3], timeFrom: '17:00', timeTo: '20:00', months: [12] },
    }
    const first = office({ deviations: [party, evening] })
    assert.equal(first.isOpen(at('2026-12-16T18:00')).decidedBy.name, 'Christmas party')
    assert.isFalse(first.isOpen(at('2026-12-16T18:00')).open)
    assert.isTrue(first.isOpen(at('2026-12-09T18:00')).open)
    assert.equal(first.isOpen(at('2026-12-09T18:00')).decidedBy.name, 'Extra evening')
    assert.equal(
      first.nextClosing(at('2026-12-09T10:00'))!.toISO(),
      '2026-12-09T20:00:00.000+01:00'
    )

    const swapped = office({ deviations: [evening, party] })
    assert.isTrue(swapped.isOpen(at('2026-12-16T18:00')).open)
    assert.equal(swapped.isOpen(at('2026-12-16T18:00')).decidedBy.name, 'Extra evening')
    assert.equal(swapped.isOpen(at('2026-12-16T16:00')).decidedBy.name, 'Christmas party')
  })

  test('open short hours on a date and inherit base deviations', ({ assert }) => {
    const base: ScheduleDefinition = {
      zone: STHLM,
      week: weekdays([['08:00', '17:00']]),
      holidays: { christmas_eve: false },
      deviations: [
        {
          id: 's',
          name: 'Short day',
          open: [['10:00', '14:00']],
          conditions: { date: '2026-12-23' },
        },
      ],
    }
    const own: ScheduleDefinition = { zone: STHLM, week: weekdays([['07:00', '19:00']]) }
    const merged = new WeekSchedule(inheritDefinition(own, base, true))
    assert.isFalse(merged.isOpen(at('2026-12-23T09:00')).open)
    assert.equal(merged.isOpen(at('2026-12-23T13:00')).decidedBy.name, 'Short day')
    assert.isTrue(merged.isOpen(at('2026-12-24T07:30')).open)
    const alone = new WeekSchedule(inheritDefinition(own, base, false))
    assert.isTrue(alone.isOpen(at('2026-12-23T09:00')).open)
    assert.equal(alone.isOpen(at('2026-12-24T10:00')).decidedBy.id, 'christmas_eve')
  })

  test('answer in the time zone of an answering point abroad', ({ assert }) => {
    const ny = new WeekSchedule({
      zone: 'America/New_York',
      week: weekdays([['09:00', '17:00']]),
    })
    const instant = DateTime.fromISO('2026-03-09T12:30:00Z')
    assert.isFalse(ny.isOpen(instant).open)
    assert.isTrue(office().isOpen(instant).open)
    const opening = ny.nextOpening(instant)!
    assert.equal(opening.toISO(), '2026-03-09T09:00:00.000-04:00')
    assert.equal(opening.toUTC().toISO(), '2026-03-09T13:00:00.000Z')
    assert.equal(ny.businessMsBetween(instant, DateTime.fromISO('2026-03-10T14:00:00Z')), 9 * HOUR)
  })

  test('close for summer weeks and open a night window that wraps midnight', ({ assert }) => {
    const schedule = office({
      deviations: [
        { id: 'summer', name: 'Summer', open: false, conditions: { weeks: [28, 29, 30] } },
        {
          id: 'night',
          name: 'Night line',
          open: true,
          conditions: { timeFrom: '22:00', timeTo: '06:00' },
        },
      ],
    })
    assert.equal(schedule.isOpen(at('2026-07-08T10:00')).decidedBy.name, 'Summer')
    assert.isTrue(schedule.isOpen(at('2026-07-29T10:00')).open)
    const night = schedule.isOpen(at('2026-03-02T23:00'))
    assert.isTrue(night.open)
    assert.equal(night.decidedBy.name, 'Night line')
    assert.equal(
      schedule.nextClosing(at('2026-03-02T23:00'))!.toISO(),
      '2026-03-03T06:00:00.000+01:00'
    )
  })

  test('add business time over lunch and into the next day', ({ assert }) => {
    const schedule = office({ deviations: [lunch] })
    assert.equal(
      schedule.addBusinessMs(at('2026-03-02T11:00'), 8 * HOUR)!.toISO(),
      '2026-03-03T11:00:00.000+01:00'
    )
    assert.equal(
      schedule.addBusinessMs(at('2026-03-02T11:00'), 1 * HOUR)!.toISO(),
      '2026-03-02T12:00:00.000+01:00'
    )
    assert.equal(
      schedule.businessMsBetween(at('2026-03-02T11:00'), at('2026-03-03T11:00')),
      8 * HOUR
    )
    assert.equal(
      schedule.businessMsBetween(at('2026-03-03T11:00'), at('2026-03-02T11:00')),
      -8 * HOUR
    )
  })

  test('refuse a definition with a bad time', ({ assert }) => {
    assert.throws(
      () => new WeekSchedule({ zone: STHLM, week: { 1: [['08:00', '25:00']] } }),
      /week.1\[0\]/
    )
    assert.throws(() => new WeekSchedule({ zone: 'Mars/Base', week: {} }), /zone: not_zone/)
  })
})

test.group('Calendar | open ranges for display', () => {
  test('join touching and overlapping open pieces and leave gaps', ({ assert }) => {
    const schedule = new WeekSchedule({
      zone: STHLM,
      week: {
        4: [
          ['08:00', '10:00'],
          ['10:00', '12:00'],
          ['13:00', '17:00'],
        ],
      },
      deviations: [
        {
          id: 'evening',
          name: 'Kväll',
          open: [['16:00', '19:00']],
          conditions: { date: '2026-12-10', timeFrom: '16:00', timeTo: '19:00' },
        },
      ],
    })
    assert.deepEqual(openRanges(schedule.dayPlan('2026-12-10').pieces), [
      { from: '08:00', to: '12:00' },
      { from: '13:00', to: '19:00' },
    ])
    assert.deepEqual(openRanges(schedule.dayPlan('2026-12-13').pieces), [])
  })
})
