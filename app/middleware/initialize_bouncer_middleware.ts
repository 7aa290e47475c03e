import { policies } from '#generated/policies'
import * as abilities from '#abilities/main'
import { Bouncer } from '@adonisjs/bouncer'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import type User from '#models/user'

/**
 * Creates the request's Bouncer for the logged-in tenant user and
 * shares its `can`/`cannot` helpers with Edge.
 */
export default class InitializeBouncerMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const user = () => (ctx.tenant ? (ctx.auth.use('web').user ?? null) : null)
    ctx.bouncer = new Bouncer<User, typeof abilities, typeof policies>(
      user,
      abilities,
      policies
    ).setContainerResolver(ctx.containerResolver)

    if ('view' in ctx) ctx.view.share(ctx.bouncer.edgeHelpers)
    return next()
  }
}

declare module '@adonisjs/core/http' {
  export interface HttpContext {
    bouncer: Bouncer<User, typeof abilities, typeof policies>
  }
}
