import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

/**
 * Requires a logged-in platform operator.
 */
export default class OperatorMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    await ctx.auth.authenticateUsing(['operator'], { loginRoute: '/login' })
    ctx.view.share({ operator: ctx.auth.use('operator').user })
    return next()
  }
}
