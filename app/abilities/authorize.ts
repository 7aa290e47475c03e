import type { HttpContext } from '@adonisjs/core/http'
import { AdminForbiddenException } from '#exceptions/admin_errors'

type AdminAbility = 'administer' | 'manageSettings' | 'managePrivacy'

/**
 * Throws E_ADMIN_FORBIDDEN (a 403 page) unless the user has the
 * ability. Call it after loading the addressed record through the
 * tenant scope, so another tenant's id stays a 404.
 */
export async function authorizeAdmin(bouncer: HttpContext['bouncer'], ability: AdminAbility) {
  if (await bouncer.denies(ability)) throw new AdminForbiddenException()
}
