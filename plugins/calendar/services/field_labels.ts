import type { InvalidScheduleException } from '../errors.js'

/** Translates a key with values, as `ctx.i18n.t` does. */
export type Translate = (key: string, params?: Record<string, string | number>) => string

/** Labels of the plain fields of the calendar and agenda forms. */
const PLAIN: Record<string, string> = {
  zone: 'calendar.fields.time_zone',
  time_zone: 'calendar.fields.time_zone',
  name: 'calendar.deviations.name',
  mode: 'calendar.deviations.effect',
  message_sv: 'calendar.deviations.message_sv',
  message_en: 'calendar.deviations.message_en',
  weekdays: 'calendar.fields.weekdays',
  weeks: 'calendar.fields.weeks',
  months: 'calendar.fields.months',
  date: 'calendar.fields.date_from',
  date_from: 'calendar.fields.date_from',
  dateFrom: 'calendar.fields.date_from',
  date_to: 'calendar.fields.date_to',
  dateTo: 'calendar.fields.date_to',
  time: 'calendar.fields.time_from',
  time_from: 'calendar.fields.time_from',
  timeFrom: 'calendar.fields.time_from',
  time_to: 'calendar.fields.time_to',
  timeTo: 'calendar.fields.time_to',
  at: 'calendar.check.at_label',
  kind: 'calendar.agenda.kind',
  title: 'calendar.agenda.title_field',
  notes: 'calendar.agenda.notes',
  starts_at: 'calendar.agenda.starts_at',
  ends_at: 'calendar.agenda.ends_at',
  remind_at: 'calendar.agenda.remind_at',
  ticket_number: 'calendar.agenda.ticket',
}

/**
 * The label a user knows a field by, from a posted field name
 * (`week.d1.0.from`, `months.0`, `starts_at`) or a place in a calendar
 * definition (`week.1[0]`, `deviations[2].open[1]`, `intervals[0]`).
 * An unknown name is returned as it is.
 */
export function fieldLabel(t: Translate, path: string) {
  const parts = path
    .replace(/^deviations\[\d+\]\.?/, '')
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter(Boolean)
  if (parts[0] === 'week' && parts[1]) {
    const day = Number(parts[1].replace(/^d/, ''))
    const weekday = t(`calendar.weekdays.${day}`)
    const dayName = weekday.charAt(0).toUpperCase() + weekday.slice(1)
    if (parts[2] === undefined) return dayName
    return t('calendar.errors.fields.week_row', { day: dayName, n: Number(parts[2]) + 1 })
  }
  if (parts[0] === 'intervals' || parts[0] === 'open') {
    if (parts[1] === undefined) return t('calendar.deviations.hours')
    return t('calendar.errors.fields.interval', { n: Number(parts[1]) + 1 })
  }
  if (parts.length === 0) return t('calendar.errors.fields.deviation')
  const key = PLAIN[parts[0]]
  return key ? t(key) : path
}

/**
 * A refused calendar definition in the user's language: the field's
 * label and the reason.
 */
export function scheduleProblem(t: Translate, error: InvalidScheduleException) {
  const reason = t(`calendar.errors.reasons.${error.reason}`, error.params)
  return t('calendar.errors.invalid', { reason: `${fieldLabel(t, error.field)}: ${reason}` })
}
