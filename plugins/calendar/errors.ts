import { Exception } from '@adonisjs/core/exceptions'
import { AdminForbiddenException } from '#exceptions/admin_errors'

/** Why a calendar definition was refused: a key under `calendar.errors.reasons`. */
export type ScheduleProblem =
  | 'not_time'
  | 'ends_before_start'
  | 'both_times'
  | 'outside'
  | 'not_date'
  | 'empty_window'
  | 'not_zone'
  | 'reversed_dates'
  | 'no_intervals'
  | 'no_conditions'

/**
 * A calendar definition that does not build a schedule. Carries the
 * reason as a code with its values and the place as a path (`week.1[0]`,
 * `deviations[2].weeks`, `intervals[0]`, `zone`), so the pages can say it
 * in the user's language with the field's label; the message is English,
 * for logs only.
 */
export class InvalidScheduleException extends Exception {
  static code = 'E_CALENDAR_INVALID_SCHEDULE'
  static status = 422

  constructor(
    public field: string,
    public reason: ScheduleProblem,
    public params: Record<string, string | number> = {}
  ) {
    super(`${field}: ${reason} ${JSON.stringify(params)}`)
  }
}

/**
 * A supervisor or agent on an opening-hours page or action. Rendered as
 * the core's admin refusal: the friendly 403 page in the user's language
 * (in development too), the code and message for JSON clients.
 */
export class CalendarForbiddenException extends AdminForbiddenException {
  static code = 'E_CALENDAR_FORBIDDEN'
  static status = 403
  static message = 'Only tenant admins may manage calendars'
}

/** An uploaded file that is not iCalendar. */
export class IcsImportException extends Exception {
  static code = 'E_CALENDAR_ICS_IMPORT'
  static status = 422
}
