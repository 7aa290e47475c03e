import PrivacyAuditLog, { type PrivacyActorType } from '#models/privacy_audit_log'
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
}

export default new PrivacyAuditService()
