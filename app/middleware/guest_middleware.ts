import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

/**
 * Sends a logged-in user away from the login pages: tenant users to
 * the start page, operators to the console.
 */
export default class GuestMiddleware {
  redirectTo = '/'
  consoleRedirectTo = '/console/tenants'

  async handle(ctx: HttpContext, next: NextFn) {
    const guard = ctx.tenant ? 'web' : 'operator'
    if (await ctx.auth.use(guard).check()) {
      return ctx.response.redirect(ctx.tenant ? this.redirectTo : this.consoleRedirectTo)
    }
    return next()
  }
}
