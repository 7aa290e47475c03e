import { Exception } from '@adonisjs/core/exceptions'
import { AdminForbiddenException } from '#exceptions/admin_errors'

/**
 * Coded errors of the calendar plugin. Each code carries the plugin id.
 */
/** A calendar definition that does not build a schedule. */
export class InvalidScheduleException extends Exception {
  static code = 'E_CALENDAR_INVALID_SCHEDULE'
  static status = 422
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
