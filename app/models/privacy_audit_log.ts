import { compose } from '@adonisjs/core/helpers'
import { PrivacyAuditLogSchema } from '#database/schema'
import { withTenantScope } from '#models/mixins/tenant_scoped'

export type PrivacyActorType = 'user' | 'operator' | 'system'

/**
 * One privacy action: who (a user, an operator or the system), when,
 * what, and on which contact and request. Ids and counts only, never
 * the person's data, so the log survives anonymisation unchanged.
 */
export default class PrivacyAuditLog extends compose(PrivacyAuditLogSchema, withTenantScope()) {
  declare actorType: PrivacyActorType
}
