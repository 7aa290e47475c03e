import type { HttpContext } from '@adonisjs/core/http'

/**
 * The root URL of every host.
 */
export default class HomeController {
  /**
   * Sends operators to the console and tenant users to their ticket
   * list; the auth middleware of each sends guests to log in. Hosts
   * this installation does not serve answer 404.
   */
  async index({ response, tenant, onPlatformHost }: HttpContext) {
    if (onPlatformHost) return response.redirect().toRoute('platform.tenants.index')
    if (tenant) return response.redirect().toRoute('tickets.index')
    return response.notFound('Not found')
  }
}
