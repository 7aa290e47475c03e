import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

/**
 * Routes behind it exist only on tenant hosts; elsewhere they answer
 * 404, as if they did not exist.
 */
export default class TenantMiddleware {
  handle(ctx: HttpContext, next: NextFn) {
    if (!ctx.tenant) return ctx.response.notFound('Not found')
    return next()
  }
}
