import PrivacyAuditLog, { type PrivacyActorType } from '#models/privacy_audit_log'
import User from '#models/user'
import { TenantContext } from '#services/tenant_context'

/**
 * What a privacy audit entry may hold: ids and counts, nothing else.
 */
export interface PrivacyAuditEntry {
  actor: { type: PrivacyActorType; id: number | null }
  action: string
  tenantId?: number | null
  contactId?: number | null
  requestId?: number | null
  counts?: Record<string, number> | null
}

/**
 * Writes and lists the privacy audit log.
 */
export class PrivacyAuditService {
  /**
   * Records one action. Counts are checked to be whole numbers, so no
   * text can slip into the log.
   */
  async record(entry: PrivacyAuditEntry) {
    const counts = entry.counts ?? null
    if (counts) {
      for (const [key, value] of Object.entries(counts)) {
        if (!/^[a-z][a-z0-9_.]*$/.test(key) || !Number.isInteger(value)) {
          throw new TypeError(`audit counts take class ids and integers only (${key})`)
        }
      }
    }
    const write = () =>
      PrivacyAuditLog.create({
        tenantId: entry.tenantId ?? undefined,
        actorType: entry.actor.type,
        actorId: entry.actor.id,
        action: entry.action,
        contactId: entry.contactId ?? null,
        requestId: entry.requestId ?? null,
        counts,
      })
    if (entry.tenantId) return TenantContext.run(entry.tenantId, write)
    return TenantContext.bypass(write)
  }

  /**
   * The current tenant's latest entries, newest first.
   */
  latest(limit = 50) {
    TenantContext.require()
    return PrivacyAuditLog.query().orderBy('id', 'desc').limit(limit)
  }

  /**
   * The current names of the users who acted in these entries, by id
   * (the log keeps ids only); users since deleted are absent.
   */
  async userNames(entries: PrivacyAuditLog[]) {
    TenantContext.require()
    const ids = [
      ...new Set(
        entries
          .filter((entry) => entry.actorType === 'user' && entry.actorId)
          .map((entry) => entry.actorId!)
      ),
    ]
    if (!ids.length) return {}
    const users = await User.query().whereIn('id', ids).select('id', 'full_name')
    return Object.fromEntries(users.map((user) => [user.id, user.fullName]))
  }
}

export default new PrivacyAuditService()
