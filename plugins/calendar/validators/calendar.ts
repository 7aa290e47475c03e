import vine from '@vinejs/vine'
import { DateTime } from 'luxon'

export const TIME = /^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/
const DATE = /^\d{4}-\d{2}-\d{2}$/

const clock = () => vine.string().trim().maxLength(5).regex(TIME).optional()
const intervals = () =>
  vine
    .array(vine.object({ from: clock(), to: clock() }))
    .maxLength(12)
    .optional()

/** A time zone name that luxon knows. */
export const zone = () =>
  vine
    .string()
    .trim()
    .maxLength(64)
    .use(
      vine.createRule((value, _options, field) => {
        if (typeof value !== 'string') return
        if (!DateTime.local().setZone(value).isValid) {
          field.report('The {{ field }} field must be a time zone', 'time_zone', field)
        }
      })()
    )

/**
 * The week, holiday switches, time zone and inheritance of a calendar.
 * Weekdays are posted as `week[d1]` ... `week[d7]` (numeric keys would
 * be parsed as an array). Blank interval rows are dropped by the
 * controller; half-filled rows are refused there with a reason.
 */
export const calendarValidator = vine.create({
  time_zone: zone().optional(),
  inherit: vine.boolean().optional(),
  week: vine
    .object({
      d1: intervals(),
      d2: intervals(),
      d3: intervals(),
      d4: intervals(),
      d5: intervals(),
      d6: intervals(),
      d7: intervals(),
    })
    .optional(),
  holidays: vine.record(vine.boolean().optional()).optional(),
})

/**
 * A deviation: its name, what it does, its closed message per
 * language and its conditions.
 */
export const deviationValidator = vine.create({
  name: vine.string().trim().minLength(1).maxLength(120),
  mode: vine.enum(['closed', 'open', 'hours'] as const),
  intervals: intervals(),
  message_sv: vine.string().trim().maxLength(500).optional(),
  message_en: vine.string().trim().maxLength(500).optional(),
  weekdays: vine.array(vine.number().withoutDecimals().range([1, 7])).optional(),
  date_from: vine.string().trim().regex(DATE).optional(),
  date_to: vine.string().trim().regex(DATE).optional(),
  time_from: clock(),
  time_to: clock(),
  weeks: vine
    .string()
    .trim()
    .maxLength(200)
    .regex(/^\d{1,2}(?:\s*[,\s]\s*\d{1,2})*$/)
    .optional(),
  months: vine.array(vine.number().withoutDecimals().range([1, 12])).optional(),
})

/** The "is it open at" question: a local date and time. */
export const checkValidator = vine.create({
  at: vine
    .string()
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/)
    .optional(),
})

/** A direction for moving a deviation. */
export const moveValidator = vine.create({
  direction: vine.enum(['up', 'down'] as const),
})
