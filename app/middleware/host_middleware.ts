import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import tenantResolver from '#services/tenant_resolver'
import { TenantContext } from '#services/tenant_context'
import type Tenant from '#models/tenant'

declare module '@adonisjs/core/http' {
  interface HttpContext {
    tenant: Tenant | null
    onPlatformHost: boolean
  }
}

/**
 * Resolves the request host before anything else reads data. A tenant
 * host runs the rest of the request inside that tenant's context; the
 * platform host runs without one, so tenant models are unreachable.
 * Webhook routes take their tenant from the URL token instead.
 */
export default class HostMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const target = await tenantResolver.resolve(ctx.request.hostname())
    ctx.tenant = target.kind === 'tenant' ? target.tenant : null
    ctx.onPlatformHost = target.kind === 'platform'

    if (ctx.tenant) {
      ctx.view?.share({ tenant: ctx.tenant })
      return TenantContext.run(ctx.tenant.id, () => next())
    }
    return next()
  }
}
