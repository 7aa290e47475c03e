import type { HttpContext } from '@adonisjs/core/http'

/**
 * The tenant host's start page.
 */
export default class HomeController {
  /**
   * Sends a logged-in user to their ticket list.
   */
  async index({ response }: HttpContext) {
    return response.redirect().toRoute('tickets.index')
  }
}
