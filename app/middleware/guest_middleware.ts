import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

/**
 * Sends a logged-in user away from the login pages.
 */
export default class GuestMiddleware {
  redirectTo = '/'

  async handle(ctx: HttpContext, next: NextFn) {
    const guard = ctx.tenant ? 'web' : 'operator'
    if (await ctx.auth.use(guard).check()) {
      return ctx.response.redirect(this.redirectTo)
    }
    return next()
  }
}
