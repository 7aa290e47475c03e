import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import {
  AlwaysOpenSchedule,
  WeekSchedule,
  type Interval,
  type ScheduleDefinition,
} from '#plugins/calendar/services/schedule'
import { fromCalendar } from '#plugins/sla/services/calendars'
import {
  ALWAYS_OPEN,
  pauseClock,
  remainingMs,
  replanClock,
  resumeClock,
  retargetClock,
  startClock,
  type BusinessSchedule,
} from '#plugins/sla/services/deadlines'

const MIN = 60_000
const HOUR = 60 * MIN
const STHLM = 'Europe/Stockholm'

/** Monday to Friday with the given intervals, weekend closed. */
function weekdays(intervals: Interval[]) {
  return { 1: intervals, 2: intervals, 3: intervals, 4: intervals, 5: intervals }
}

/** A calendar through the SLA's adapter, as the clock service uses it. */
function calendar(definition: Partial<ScheduleDefinition> = {}): BusinessSchedule {
  return fromCalendar(
    new WeekSchedule({ zone: STHLM, week: weekdays([['08:00', '17:00']]), ...definition })
  )
}

/** Every day 08-17, weekends included. */
function everyDay(zone = STHLM) {
  const day: Interval[] = [['08:00', '17:00']]
  return calendar({ zone, week: { ...weekdays(day), 6: day, 7: day } })
}

/** A local instant as a Date. */
function local(iso: string, zone = STHLM) {
  return DateTime.fromISO(iso, { zone }).toJSDate()
}

/** The deadline of a fresh clock, as an ISO UTC string. */
function deadline(schedule: BusinessSchedule, start: Date, minutes: number) {
  return startClock(schedule, start, minutes * MIN, 0).dueAt?.toISOString()
}

test.group('SLA deadlines', () => {
  test('carry a target over the weekend to Monday morning', ({ assert }) => {
    /* Fri 15:00 + 4 h: 2 h on Friday, 2 h on Monday from 08:00. */
    const due = deadline(calendar(), local('2026-03-06T15:00'), 240)
    assert.equal(due, '2026-03-09T09:00:00.000Z')
  })

  test('skip Good Friday to Easter Monday', ({ assert }) => {
    /* Thu 2 April 16:00 + 2 h: 1 h on Thursday, then closed Friday
       (Good Friday) to Monday (Easter Monday), 1 h on Tuesday. */
    const due = deadline(calendar(), local('2026-04-02T16:00'), 120)
    assert.equal(due, '2026-04-07T07:00:00.000Z')
  })

  test('skip Midsummer Eve and the weekend', ({ assert }) => {
    /* Midsummer Eve 2026 is Friday 19 June. Thu 16:30 + 1 h: 30 min
       on Thursday, the rest on Monday 22 June from 08:00 (CEST). */
    const due = deadline(calendar(), local('2026-06-18T16:30'), 60)
    assert.equal(due, '2026-06-22T06:30:00.000Z')
  })

  test('keep local opening hours across the spring DST change', ({ assert }) => {
    /* Sat 28 March 16:00 CET + 3 h: 1 h on Saturday, then Sunday
       29 March (now CEST, UTC+2) from 08:00, 2 h: 10:00 CEST. */
    const due = deadline(everyDay(), local('2026-03-28T16:00'), 180)
    assert.equal(due, '2026-03-29T08:00:00.000Z')
  })

  test('count the 23-hour day of the spring DST change exactly', ({ assert }) => {
    const allDay = calendar({
      week: Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((d) => [d, [['00:00', '24:00']]])),
      holidays: {},
    })
    /* From Sun 29 March 00:00 CET, 24 business hours end one hour into
       Monday, local time: 23 h on Sunday plus 1 h. */
    const due = deadline(allDay, local('2026-03-29T00:00'), 24 * 60)
    assert.equal(due, '2026-03-29T23:00:00.000Z')
  })

  test('keep local opening hours across the autumn DST change', ({ assert }) => {
    /* Sat 24 October 16:00 CEST + 2 h: 1 h on Saturday, then Sunday
       25 October (now CET, UTC+1) from 08:00 local: 09:00 CET. */
    const due = deadline(everyDay(), local('2026-10-24T16:00'), 120)
    assert.equal(due, '2026-10-25T08:00:00.000Z')
  })

  test('skip a lunch closure', ({ assert }) => {
    const lunch = {
      id: 'lunch',
      name: 'Lunch',
      open: false,
      conditions: { timeFrom: '12:00', timeTo: '13:00' },
    }
    /* Mon 11:00 + 2 h: 1 h before lunch, 1 h after: 14:00 CET. */
    const due = deadline(calendar({ deviations: [lunch] }), local('2026-03-02T11:00'), 120)
    assert.equal(due, '2026-03-02T13:00:00.000Z')
  })

  test('resume after a pause of several days with the time left', ({ assert }) => {
    const schedule = calendar()
    /* Mon 08:00, 8 h target; paused Mon 10:00 with 2 h consumed. */
    let state = startClock(schedule, local('2026-03-02T08:00'), 8 * HOUR, 0)
    state = pauseClock(schedule, state, local('2026-03-02T10:00'))
    assert.equal(state.consumedMs, 2 * HOUR)
    assert.isNull(state.dueAt)
    assert.equal(remainingMs(schedule, state, local('2026-03-04T12:00')), 6 * HOUR)

    /* Resumed Thu 14:00: 3 h on Thursday, 3 h on Friday: 11:00 CET. */
    state = resumeClock(schedule, state, local('2026-03-05T14:00'))
    assert.equal(state.dueAt?.toISOString(), '2026-03-06T10:00:00.000Z')
  })

  test('keep elapsed business time when the policy changes mid-ticket', ({ assert }) => {
    const base = calendar()
    /* Mon 08:00, 8 h target; at 12:00 (4 h consumed) the ticket moves
       to a policy with a 16 h target in the same calendar: 12 h left,
       5 h on Monday and 7 h on Tuesday: Tue 15:00 CET. */
    let state = startClock(base, local('2026-03-02T08:00'), 8 * HOUR, 0)
    state = retargetClock(base, base, state, local('2026-03-02T12:00'), 16 * HOUR, 0)
    assert.equal(state.consumedMs, 4 * HOUR)
    assert.equal(state.dueAt?.toISOString(), '2026-03-03T14:00:00.000Z')

    /* And then to a 6 h target around the clock at Tue 09:00 (5 + 1 h
       consumed): 4 h over, so it ran out 4 business hours earlier in
       the hours the time was spent in: Mon 14:00 CET. */
    state = retargetClock(base, ALWAYS_OPEN, state, local('2026-03-03T09:00'), 6 * HOUR, 0)
    assert.equal(state.consumedMs, 10 * HOUR)
    assert.equal(state.dueAt?.toISOString(), '2026-03-02T13:00:00.000Z')
  })

  test('keep a missed deadline where it ran out when the clock is planned again', ({ assert }) => {
    const base = calendar()
    /* Fri 16:00 + 2 h: due Mon 09:00 CET. At Mon 10:00, an hour
       late, the policy is saved again with the same target. */
    const start = startClock(base, local('2026-03-06T16:00'), 2 * HOUR, 30 * MIN)
    const due = '2026-03-09T08:00:00.000Z'
    assert.equal(start.dueAt?.toISOString(), due)
    const monday = local('2026-03-09T10:00')
    const same = retargetClock(base, base, start, monday, 2 * HOUR, 30 * MIN)
    assert.equal(same.dueAt?.toISOString(), due)
    /* The warning stays where it was, half an hour before: 08:30. */
    assert.equal(same.warnAt?.toISOString(), '2026-03-09T07:30:00.000Z')
    /* A 2.5 h target would have run out at Mon 09:30. */
    const longer = retargetClock(base, base, start, monday, 150 * MIN, 0)
    assert.equal(longer.dueAt?.toISOString(), '2026-03-09T08:30:00.000Z')
    /* The same over a calendar change (re-planned from the start). */
    assert.equal(replanClock(base, start).dueAt?.toISOString(), due)
    /* Paused after the breach, it keeps its deadline, and resumed
       three hours later it is still due where it ran out. */
    const paused = pauseClock(base, start, monday)
    assert.equal(paused.dueAt?.toISOString(), due)
    const resumed = resumeClock(base, paused, local('2026-03-09T13:00'))
    assert.equal(resumed.dueAt?.toISOString(), due)
    assert.isBelow(remainingMs(base, resumed, local('2026-03-09T13:00')), 0)
    /* Moved after that pause to a 2.5 h target: Mon 09:30 still. */
    const later = local('2026-03-09T14:00')
    const moved = retargetClock(base, base, resumed, later, 150 * MIN, 0)
    assert.equal(moved.dueAt?.toISOString(), '2026-03-09T08:30:00.000Z')
    /* A 30 h target is not used up (1 h Friday, 2 h Monday before
       the pause, 1 h after): 26 h left from Mon 14:00, Thu 13:00. */
    const relaxed = retargetClock(base, base, resumed, later, 30 * HOUR, 0)
    assert.equal(relaxed.dueAt?.toISOString(), '2026-03-12T12:00:00.000Z')
  })

  test('count around the clock with the always-open calendar', ({ assert }) => {
    const viaCalendar = fromCalendar(new AlwaysOpenSchedule(STHLM))
    const start = local('2026-03-28T22:00')
    /* 4 h over the spring DST night are 4 real hours. */
    assert.equal(deadline(viaCalendar, start, 240), '2026-03-29T01:00:00.000Z')
    assert.equal(deadline(ALWAYS_OPEN, start, 240), '2026-03-29T01:00:00.000Z')
    /* Friday evening + 24 h: Saturday evening. */
    assert.equal(
      deadline(ALWAYS_OPEN, local('2026-03-06T18:00'), 24 * 60),
      '2026-03-07T17:00:00.000Z'
    )
  })

  test('apply the deviation listed first when two match', ({ assert }) => {
    const saturdayOpen = {
      id: 'open-sat',
      name: 'Extra Saturday',
      open: [['10:00', '14:00']] as Interval[],
      conditions: { date: '2026-03-07' },
    }
    const weekendsClosed = {
      id: 'closed',
      name: 'Weekends closed',
      open: false,
      conditions: { weekdays: [6, 7] },
    }
    const start = local('2026-03-06T16:00')
    /* Fri 16:00 + 3 h: 1 h on Friday, 2 h on the extra Saturday. */
    const first = calendar({ deviations: [saturdayOpen, weekendsClosed] })
    assert.equal(deadline(first, start, 180), '2026-03-07T11:00:00.000Z')
    /* The other order: the weekend closure wins, Monday 10:00 CET. */
    const second = calendar({ deviations: [weekendsClosed, saturdayOpen] })
    assert.equal(deadline(second, start, 180), '2026-03-09T09:00:00.000Z')
  })

  test('count an answering point in another time zone in its own hours', ({ assert }) => {
    const helsinki = calendar({ zone: 'Europe/Helsinki' })
    const start = local('2026-03-02T16:00', 'Europe/Helsinki')
    /* Mon 16:00 Helsinki (UTC+2) + 2 h: 1 h on Monday, Tue 09:00 local. */
    assert.equal(deadline(helsinki, start, 120), '2026-03-03T07:00:00.000Z')
    /* The same instant in Stockholm (15:00 there): due Mon 17:00 CET. */
    assert.equal(deadline(calendar(), start, 120), '2026-03-02T16:00:00.000Z')
  })

  test('warn the configured business time before the deadline', ({ assert }) => {
    /* Fri 15:00 + 4 h with a 3 h warning: warn at Fri 16:00 CET. */
    const state = startClock(calendar(), local('2026-03-06T15:00'), 4 * HOUR, 3 * HOUR)
    assert.equal(state.warnAt?.toISOString(), '2026-03-06T15:00:00.000Z')
    assert.equal(state.dueAt?.toISOString(), '2026-03-09T09:00:00.000Z')
  })
})
