import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import sessionBinding from '#services/session_binding'

/**
 * Requires a logged-in platform operator; a session opened before the
 * operator's password last changed is logged out.
 */
export default class OperatorMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    await ctx.auth.authenticateUsing(['operator'], { loginRoute: '/login' })
    const operator = ctx.auth.use('operator').user!
    if (!sessionBinding.holds(ctx, 'operator', operator)) {
      await ctx.auth.use('operator').logout()
      return ctx.response.redirect('/login')
    }
    ctx.view.share({ operator })
    return next()
  }
}
