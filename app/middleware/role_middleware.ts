import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import type { UserRole } from '#models/user'

/**
 * Lets through only the listed roles. Runs after `auth`.
 */
export default class RoleMiddleware {
  handle(ctx: HttpContext, next: NextFn, options: { roles: UserRole[] }) {
    const user = ctx.auth.use('web').user
    if (!user || !options.roles.includes(user.role)) {
      return ctx.response.forbidden('Forbidden')
    }
    return next()
  }
}
