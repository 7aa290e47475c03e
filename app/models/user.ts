import hash from '@adonisjs/core/services/hash'
import { compose } from '@adonisjs/core/helpers'
import { manyToMany } from '@adonisjs/lucid/orm'
import type { ManyToMany } from '@adonisjs/lucid/types/relations'
import type { LucidModel } from '@adonisjs/lucid/types/model'
import { withAuthFinder } from '@adonisjs/auth/mixins/lucid'
import { UserSchema } from '#database/schema'
import { withTenantScope } from '#models/mixins/tenant_scoped'
import AnsweringPoint from '#models/answering_point'

export type UserRole = 'admin' | 'supervisor' | 'agent'

/**
 * A tenant user: admin, supervisor or agent. The same email may exist
 * in two tenants as two accounts; lookups are tenant-scoped.
 */
export default class User extends compose(
  UserSchema,
  withTenantScope(),
  withAuthFinder(hash, { uids: ['email'], passwordColumnName: 'password' })
) {
  declare role: UserRole

  /**
   * The auth mixin ORs the uid columns onto the query; grouped here so
   * the OR stays inside the tenant scope instead of escaping it.
   */
  static findForAuth<T extends LucidModel>(
    this: T,
    uids: string[],
    value: string
  ): Promise<InstanceType<T> | null> {
    return this.query()
      .where((query) => {
        for (const uid of uids) query.orWhere(uid, value)
      })
      .first()
  }

  @manyToMany(() => AnsweringPoint, {
    pivotTable: 'answering_point_users',
    pivotColumns: ['tenant_id'],
  })
  declare answeringPoints: ManyToMany<typeof AnsweringPoint>

  get isAdmin() {
    return this.role === 'admin'
  }

  get initials() {
    const parts = this.fullName.trim().split(/\s+/)
    return parts
      .slice(0, 2)
      .map((part) => part.charAt(0).toUpperCase())
      .join('')
  }
}
