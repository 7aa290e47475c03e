import { compose } from '@adonisjs/core/helpers'
import { PrivacyRequestSchema } from '#database/schema'
import { withTenantScope } from '#models/mixins/tenant_scoped'

export type PrivacyRequestKind = 'export' | 'anonymise'
export type PrivacyRequestStatus = 'queued' | 'running' | 'done' | 'failed' | 'expired'

/**
 * A data-subject request: one export or anonymisation of one contact,
 * run by a queued job. An export's bundle is kept under a generated
 * key until `expiresAt`.
 */
export default class PrivacyRequest extends compose(PrivacyRequestSchema, withTenantScope()) {
  declare kind: PrivacyRequestKind
  declare status: PrivacyRequestStatus

  /**
   * Whether the export bundle can still be downloaded.
   */
  get downloadable() {
    return (
      this.kind === 'export' &&
      this.status === 'done' &&
      this.bundleKey !== null &&
      (this.expiresAt === null || this.expiresAt.toMillis() > Date.now())
    )
  }
}
