import { Exception } from '@adonisjs/core/exceptions'
import type { HttpContext } from '@adonisjs/core/http'

/**
 * A user whose role may not use an SLA page or action. Renders the
 * core's friendly 403 page (JSON for JSON clients), in development as
 * in production, never a debug page.
 */
export class SlaForbiddenException extends Exception {
  static code = 'E_SLA_FORBIDDEN'
  static status = 403
  static message = 'You may not manage service levels'

  /**
   * Renders the refusal for the browser or the JSON client.
   */
  async handle(error: this, ctx: HttpContext) {
    const { request, response, view } = ctx
    response.status(error.status)
    if (request.accepts(['html', 'json']) === 'json') {
      return response.send({ errors: [{ code: error.code, message: error.message }] })
    }
    return response.send(await view.render('pages/errors/forbidden', { error }))
  }
}
