import { AdminForbiddenException } from '#exceptions/admin_errors'

/**
 * A user whose role may not use an SLA page or action. Rendered like
 * the core's admin refusal: the friendly 403 page (JSON for JSON
 * clients), in development as in production, never a debug page.
 */
export class SlaForbiddenException extends AdminForbiddenException {
  static code = 'E_SLA_FORBIDDEN'
  static status = 403
  static message = 'You may not manage service levels'
}
