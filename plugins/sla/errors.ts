import { Exception } from '@adonisjs/core/exceptions'

/**
 * Coded errors of the SLA plugin.
 */
export class SlaForbiddenException extends Exception {
  static code = 'E_SLA_FORBIDDEN'
  static status = 403
  static message = 'You may not manage service levels'
}

export class SlaReportRangeException extends Exception {
  static code = 'E_SLA_REPORT_RANGE'
  static status = 422
  static message = 'The report period is not a valid date range'
}
