import { test } from '@japa/runner'
import { calendarKey } from '#plugins/sla/services/calendars'
import { parseStatuses, unusableStatuses } from '#plugins/sla/services/clock_service'
import { splitDuration } from '#plugins/sla/services/sla_presenter'

test.group('SLA | helpers', () => {
  test('round time left up and time overdue down to the minute', ({ assert }) => {
    assert.deepEqual(splitDuration(59 * 60_000 + 1), { days: 0, hours: 1, minutes: 0 })
    assert.deepEqual(splitDuration(10 * 60_000 + 900, 'down'), { days: 0, hours: 0, minutes: 10 })
    assert.deepEqual(splitDuration(-(26 * 60 + 5) * 60_000, 'down', { days: true }), {
      days: 1,
      hours: 2,
      minutes: 5,
    })
    assert.deepEqual(splitDuration(0), { days: 0, hours: 0, minutes: 0 })
  })

  test('split business time left into hours and minutes, without 24-hour days', ({ assert }) => {
    assert.deepEqual(splitDuration((39 * 60 + 56) * 60_000), { days: 0, hours: 39, minutes: 56 })
    assert.deepEqual(splitDuration((39 * 60 + 55) * 60_000 + 1), {
      days: 0,
      hours: 39,
      minutes: 56,
    })
  })

  test('read pausing statuses and name the ones that cannot pause', ({ assert }) => {
    assert.deepEqual([...parseStatuses('pending, New ,closed,waiting')].sort(), ['new', 'pending'])
    assert.deepEqual(unusableStatuses('pending, New ,closed,waiting'), ['closed', 'waiting'])
    assert.deepEqual([...parseStatuses('')], [])
  })

  test('name the calendar a clock counts in', ({ assert }) => {
    assert.equal(calendarKey('always', 4), 'always')
    assert.equal(calendarKey('base', 4), 'base')
    assert.equal(calendarKey('point', 4), 'point:4')
    assert.equal(calendarKey('point', null), 'base')
  })
})
