import Tenant from '#models/tenant'
import User, { type UserRole } from '#models/user'
import AnsweringPoint from '#models/answering_point'
import { TenantContext } from '#services/tenant_context'
import modules from '#services/module_service'

export const PASSWORD = 'secret-password-1'

export interface TenantWorld {
  tenant: Tenant
  host: string
  point: AnsweringPoint
  admin: User
  supervisor: User
  agent: User
}

/**
 * A tenant with one answering point and one user of each role, all
 * members of the point. `modules` are enabled for it.
 */
export async function createTenantWorld(
  slug: string,
  options: { modules?: string[] } = {}
): Promise<TenantWorld> {
  const tenant = await Tenant.create({ slug, name: `Tenant ${slug}` })
  return TenantContext.run(tenant.id, async () => {
    const point = await AnsweringPoint.create({ slug: 'support', name: 'Support' })
    const make = async (role: UserRole) => {
      const user = await User.create({
        email: `${role}@${slug}.example`,
        fullName: `${role} ${slug}`,
        password: PASSWORD,
        role,
      })
      await user.related('answeringPoints').attach({ [point.id]: { tenant_id: tenant.id } })
      return user
    }
    for (const id of options.modules ?? []) {
      await modules.setEnabled(tenant.id, id, true)
    }
    return {
      tenant,
      host: `${slug}.localhost`,
      point,
      admin: await make('admin'),
      supervisor: await make('supervisor'),
      agent: await make('agent'),
    }
  })
}

/**
 * Runs `fn` as the given tenant, as a request on its host would.
 */
export function asTenant<T>(world: { tenant: Tenant }, fn: () => T) {
  return TenantContext.run(world.tenant.id, fn)
}
