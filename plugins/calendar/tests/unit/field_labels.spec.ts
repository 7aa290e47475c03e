import { test } from '@japa/runner'
import { fieldLabel } from '#plugins/calendar/services/field_labels'

/** A translator that shows the key and its values. */
const t = (key: string, params?: Record<string, string | number>) =>
  key === 'calendar.weekdays.1' ? 'måndag' : params ? `${key} ${JSON.stringify(params)}` : key

test.group('Calendar | field labels', () => {
  test('name week rows by weekday and row from posted and engine paths', ({ assert }) => {
    const row = 'calendar.errors.fields.week_row {"day":"Måndag","n":1}'
    assert.equal(fieldLabel(t, 'week.d1.0.from'), row)
    assert.equal(fieldLabel(t, 'week.1[0]'), row)
  })

  test('name deviation parts by their form labels', ({ assert }) => {
    assert.equal(fieldLabel(t, 'deviations[4].weeks'), 'calendar.fields.weeks')
    assert.equal(fieldLabel(t, 'months.0'), 'calendar.fields.months')
    assert.equal(fieldLabel(t, 'deviations[0].dateFrom'), 'calendar.fields.date_from')
    assert.equal(fieldLabel(t, 'deviations[2].open[1]'), 'calendar.errors.fields.interval {"n":2}')
    assert.equal(fieldLabel(t, 'intervals.0.to'), 'calendar.errors.fields.interval {"n":1}')
    assert.equal(fieldLabel(t, 'starts_at'), 'calendar.agenda.starts_at')
  })

  test('return an unknown field name as it is', ({ assert }) => {
    assert.equal(fieldLabel(t, 'something_else'), 'something_else')
  })
})
