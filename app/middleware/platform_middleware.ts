import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

/**
 * Routes behind it exist only on the platform host.
 */
export default class PlatformMiddleware {
  handle(ctx: HttpContext, next: NextFn) {
    if (!ctx.onPlatformHost) return ctx.response.notFound('Not found')
    return next()
  }
}
