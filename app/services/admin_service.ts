import { randomBytes } from 'node:crypto'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type Tenant from '#models/tenant'
import User, { type UserRole } from '#models/user'
import AnsweringPoint from '#models/answering_point'
import { TenantContext } from '#services/tenant_context'
import { LastAdminException, SelfDeactivationException } from '#exceptions/admin_errors'
import TenantTimeZoneChanged from '#events/tenant_time_zone_changed'

export interface UserInput {
  fullName: string
  email: string
  role: UserRole
  locale: string | null
  answeringPoints: number[]
  password?: string | null
  active?: boolean
}

export interface AnsweringPointInput {
  name: string
  slug: string
  locale: string | null
}

/**
 * The tenant admin's work on users, answering points and settings.
 * Runs inside the tenant context, so every lookup is the tenant's.
 */
export class AdminService {
  /**
   * Users with their answering points, active first, by name.
   */
  async listUsers() {
    return User.query()
      .preload('answeringPoints', (query) => query.orderBy('name'))
      .orderBy('active', 'desc')
      .orderBy('full_name')
  }

  /**
   * Creates a user. Without a password the account gets a random one
   * nobody knows, and the caller sends a link to choose one.
   */
  async createUser(input: UserInput) {
    return db.transaction(async (trx) => {
      const user = await User.create(
        {
          fullName: input.fullName,
          email: input.email,
          role: input.role,
          locale: input.locale,
          password: input.password || randomBytes(32).toString('base64url'),
          active: true,
        },
        { client: trx }
      )
      await this.syncPoints(user, input.answeringPoints, trx)
      return user
    })
  }

  /**
   * Saves changes to a user. The tenant always keeps one active
   * admin, and admins cannot lock themselves out.
   */
  async updateUser(user: User, input: UserInput, actor: User) {
    const active = input.active ?? false
    if (user.id === actor.id && !active) throw new SelfDeactivationException()
    if (user.role === 'admin' && user.active && (input.role !== 'admin' || !active)) {
      await this.ensureAnotherAdmin(user)
    }

    await db.transaction(async (trx) => {
      user.useTransaction(trx)
      user.merge({
        fullName: input.fullName,
        email: input.email,
        role: input.role,
        locale: input.locale,
        active,
      })
      if (input.password) user.password = input.password
      await user.save()
      await this.syncPoints(user, input.answeringPoints, trx)
    })
    return user
  }

  /**
   * Deactivates a user: they can no longer log in, and their
   * tickets and history stay.
   */
  async deactivateUser(user: User, actor: User) {
    if (user.id === actor.id) throw new SelfDeactivationException()
    if (user.role === 'admin' && user.active) await this.ensureAnotherAdmin(user)
    user.active = false
    await user.save()
    return user
  }

  /**
   * Answering points by name, each with its number of members.
   */
  async listPoints() {
    const points = await AnsweringPoint.query().orderBy('name')
    const counts = await db
      .from('answering_point_users')
      .where('tenant_id', TenantContext.require())
      .select('answering_point_id')
      .count('* as total')
      .groupBy('answering_point_id')
    const members = new Map(
      counts.map((row) => [Number(row.answering_point_id), Number(row.total)])
    )
    return points.map((point) => ({ point, members: members.get(point.id) ?? 0 }))
  }

  /**
   * Creates an answering point.
   */
  async createPoint(input: AnsweringPointInput) {
    return AnsweringPoint.create(input)
  }

  /**
   * Saves changes to an answering point.
   */
  async updatePoint(point: AnsweringPoint, input: AnsweringPointInput) {
    point.merge(input)
    await point.save()
    return point
  }

  /**
   * Saves the tenant settings an admin controls.
   */
  async updateSettings(
    tenant: Tenant,
    input: { defaultLocale: string; timeZone: string; agentsSeeAllPoints: boolean }
  ) {
    const zoneChanged = tenant.timeZone !== input.timeZone
    tenant.merge(input)
    await tenant.save()
    if (zoneChanged) await TenantTimeZoneChanged.dispatch(tenant.id)
    return tenant
  }

  /**
   * Replaces the user's answering points with the given ones; ids of
   * points outside the tenant are ignored.
   */
  protected async syncPoints(user: User, ids: number[], trx: TransactionClientContract) {
    const points = ids.length
      ? await AnsweringPoint.query({ client: trx }).whereIn('id', ids).select('id')
      : []
    const rows = Object.fromEntries(points.map((p) => [p.id, { tenant_id: user.tenantId }]))
    await user.related('answeringPoints').sync(rows, true, trx)
  }

  /**
   * Throws unless an active admin other than this user exists.
   */
  protected async ensureAnotherAdmin(user: User) {
    const other = await User.query()
      .where('role', 'admin')
      .where('active', true)
      .whereNot('id', user.id)
      .first()
    if (!other) throw new LastAdminException()
  }
}

export default new AdminService()
