import type { HttpContext } from '@adonisjs/core/http'
import { CalendarForbiddenException } from '../errors.js'

/**
 * Lets only tenant admins through. Controllers call it after loading
 * the addressed record through the tenant scope, so another tenant's
 * id stays a 404 and never becomes a 403.
 */
export function requireAdmin(ctx: HttpContext) {
  if (ctx.auth.use('web').user?.role !== 'admin') throw new CalendarForbiddenException()
}
