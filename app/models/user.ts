import hash from '@adonisjs/core/services/hash'
import { compose } from '@adonisjs/core/helpers'
import { manyToMany } from '@adonisjs/lucid/orm'
import type { ManyToMany } from '@adonisjs/lucid/types/relations'
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
