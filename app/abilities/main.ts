/**
 * Bouncer abilities of tenant users. Tickets have their own policy
 * (app/policies/ticket_policy.ts).
 *
 * - admin: everything in the tenant.
 * - supervisor: all tickets and agents of their answering points; no
 *   settings.
 * - agent: tickets of their answering points (others when the tenant
 *   allows it).
 */
import { Bouncer } from '@adonisjs/bouncer'
import db from '@adonisjs/lucid/services/db'
import type User from '#models/user'

/**
 * The tenant admin area: users, answering points, settings, modules.
 */
export const administer = Bouncer.ability((user: User) => {
  return user.active !== false && user.role === 'admin'
})

/**
 * Tenant settings and module (plugin) settings.
 */
export const manageSettings = Bouncer.ability((user: User) => {
  return user.active !== false && user.role === 'admin'
})

/**
 * Data protection: the retention table, the data-processing agreement,
 * data-subject exports and anonymisation, the privacy audit log.
 */
export const managePrivacy = Bouncer.ability((user: User) => {
  return user.active !== false && user.role === 'admin'
})

/**
 * Place or release a legal hold on a ticket or contact, which exempts
 * it (and a contact's tickets) from retention.
 */
export const holdRecords = Bouncer.ability((user: User) => {
  return user.active !== false && (user.role === 'admin' || user.role === 'supervisor')
})

/**
 * Supervising work: see agents' load and reassign their tickets.
 */
export const supervise = Bouncer.ability((user: User) => {
  return user.active !== false && (user.role === 'admin' || user.role === 'supervisor')
})

/**
 * See another user's work (their tickets and status). Admins see
 * everyone in the tenant, supervisors the members of their answering
 * points, everyone themselves.
 */
export const viewAgent = Bouncer.ability(async (user: User, other: User) => {
  if (other.tenantId !== user.tenantId) return false
  if (user.id === other.id || user.role === 'admin') return true
  if (user.role !== 'supervisor') return false

  const shared = await db
    .from('answering_point_users as mine')
    .join('answering_point_users as theirs', 'theirs.answering_point_id', 'mine.answering_point_id')
    .where('mine.tenant_id', user.tenantId)
    .where('mine.user_id', user.id)
    .where('theirs.user_id', other.id)
    .first()
  return !!shared
})
