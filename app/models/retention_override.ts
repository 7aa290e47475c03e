import { compose } from '@adonisjs/core/helpers'
import { RetentionOverrideSchema } from '#database/schema'
import { withTenantScope } from '#models/mixins/tenant_scoped'

/**
 * A tenant's shorter retention period for one data class in one
 * answering point (ISO 8601 duration, never longer than the
 * platform's).
 */
export default class RetentionOverride extends compose(
  RetentionOverrideSchema,
  withTenantScope()
) {}
