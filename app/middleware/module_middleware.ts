import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import modules from '#services/module_service'

/**
 * A plugin's routes answer 404 for tenants that have not enabled it.
 */
export default class ModuleMiddleware {
  async handle(ctx: HttpContext, next: NextFn, options: { plugin: string }) {
    if (!ctx.tenant || !(await modules.isEnabled(ctx.tenant.id, options.plugin))) {
      return ctx.response.notFound('Not found')
    }
    return next()
  }
}
