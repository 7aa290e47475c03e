import vine, { errors } from '@vinejs/vine'
import { DateTime } from 'luxon'

const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/
const localDateTime = () => vine.string().trim().regex(LOCAL_DATE_TIME)

/**
 * An appointment, call-back or reminder. Times are local to the
 * tenant's time zone, as a datetime-local field sends them; their
 * order and existence in that zone are checked by `entryTimeProblems`.
 */
export const entryValidator = vine.create({
  kind: vine.enum(['appointment', 'callback', 'reminder'] as const),
  title: vine.string().trim().minLength(1).maxLength(200),
  notes: vine.string().trim().maxLength(5000).optional(),
  starts_at: localDateTime(),
  ends_at: localDateTime().optional(),
  remind_at: localDateTime().optional(),
  ticket_number: vine.number().withoutDecimals().positive().max(2_147_483_647).optional(),
  contact_id: vine.number().withoutDecimals().positive().max(2_147_483_647).optional(),
  back: vine.enum(['agenda', 'ticket', 'contact'] as const).optional(),
})

/** A refused field: its name, a rule name and the translation key of the reason. */
export interface FieldProblem {
  field: string
  rule: string
  key: string
  params?: Record<string, string | number>
}

/**
 * The local times of an entry read in `zone`, with what is wrong with
 * them: a date that does not exist, a clock time skipped by a change to
 * summer time, an end before the start, a reminder after the start.
 */
export function entryTimeProblems(
  data: { starts_at: string; ends_at?: string; remind_at?: string },
  zone: string
) {
  const problems: FieldProblem[] = []
  const read = (field: string, value?: string) => {
    if (!value) return null
    const at = DateTime.fromISO(value, { zone })
    if (!at.isValid) {
      problems.push({ field, rule: 'date', key: 'calendar.agenda.errors.bad_datetime' })
      return null
    }
    if (at.toFormat("yyyy-MM-dd'T'HH:mm") !== value) {
      const params = { time: value.replace('T', ' '), zone }
      problems.push({ field, rule: 'time_gap', key: 'calendar.agenda.errors.time_gap', params })
      return null
    }
    return at
  }
  const startsAt = read('starts_at', data.starts_at)
  const endsAt = read('ends_at', data.ends_at)
  const remindAt = read('remind_at', data.remind_at)
  if (startsAt && endsAt && endsAt < startsAt) {
    problems.push({ field: 'ends_at', rule: 'after', key: 'calendar.agenda.errors.end_before' })
  }
  if (startsAt && remindAt && remindAt > startsAt) {
    problems.push({
      field: 'remind_at',
      rule: 'before',
      key: 'calendar.agenda.errors.remind_after',
    })
  }
  return { problems, startsAt, endsAt, remindAt }
}

/**
 * A validation error for refused fields, with each reason translated
 * by `t`: the form gets it back with what was typed, as for VineJS's own
 * refusals.
 */
export function refuseFields(
  problems: FieldProblem[],
  t: (key: string, params?: Record<string, string | number>) => string
) {
  return new errors.E_VALIDATION_ERROR(
    problems.map((p) => ({ field: p.field, rule: p.rule, message: t(p.key, p.params) }))
  )
}
