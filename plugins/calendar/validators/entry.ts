import vine from '@vinejs/vine'

const localDateTime = () =>
  vine
    .string()
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/)

/**
 * An appointment, call-back or reminder. Times are local to the
 * tenant's time zone, as a datetime-local field sends them.
 */
export const entryValidator = vine.create({
  kind: vine.enum(['appointment', 'callback', 'reminder'] as const),
  title: vine.string().trim().minLength(1).maxLength(200),
  notes: vine.string().trim().maxLength(5000).optional(),
  starts_at: localDateTime(),
  ends_at: localDateTime().optional(),
  remind_at: localDateTime().optional(),
  ticket_number: vine.number().withoutDecimals().positive().optional(),
  contact_id: vine.number().withoutDecimals().positive().optional(),
  back: vine.enum(['agenda', 'ticket', 'contact'] as const).optional(),
})
