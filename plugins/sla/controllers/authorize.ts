import type { HttpContext } from '@adonisjs/core/http'
import { SlaForbiddenException } from '../errors.js'

/**
 * Lets only tenant admins through (policies). Called after loading
 * the addressed record, so another tenant's id stays a 404.
 */
export function requireAdmin(ctx: HttpContext) {
  if (ctx.auth.use('web').user?.role !== 'admin') throw new SlaForbiddenException()
}

/**
 * Admins and supervisors (the report).
 */
export function requireSupervisor(ctx: HttpContext) {
  const role = ctx.auth.use('web').user?.role
  if (role !== 'admin' && role !== 'supervisor') throw new SlaForbiddenException()
}
