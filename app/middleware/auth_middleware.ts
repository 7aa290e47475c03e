import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import navigation from '#services/navigation_service'
import sessionBinding from '#services/session_binding'

/**
 * Requires a logged-in tenant user; others are sent to the login page.
 * Inactive accounts, and sessions opened before the password last
 * changed, are logged out.
 */
export default class AuthMiddleware {
  redirectTo = '/login'

  async handle(ctx: HttpContext, next: NextFn) {
    await ctx.auth.authenticateUsing(['web'], { loginRoute: this.redirectTo })
    const user = ctx.auth.use('web').user!
    if (!user.active || !sessionBinding.holds(ctx, 'web', user)) {
      await ctx.auth.use('web').logout()
      return ctx.response.redirect(this.redirectTo)
    }
    const navItems = await navigation.linksFor(ctx.tenant!.id, user.role, ctx.request.url())
    ctx.view.share({ user, navItems })
    return next()
  }
}
