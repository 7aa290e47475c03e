import { Exception } from '@adonisjs/core/exceptions'

/**
 * Coded errors of the calendar plugin. Each code carries the plugin id.
 */
export class InvalidScheduleException extends Exception {
  static code = 'E_CALENDAR_INVALID_SCHEDULE'
  static status = 422
}

export class CalendarForbiddenException extends Exception {
  static code = 'E_CALENDAR_FORBIDDEN'
  static status = 403
  static message = 'Only tenant admins may manage calendars'
}

export class IcsImportException extends Exception {
  static code = 'E_CALENDAR_ICS_IMPORT'
  static status = 422
}
