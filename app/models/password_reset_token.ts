import { compose } from '@adonisjs/core/helpers'
import { PasswordResetTokenSchema } from '#database/schema'
import { withTenantScope } from '#models/mixins/tenant_scoped'

/**
 * A one-time password reset token; only its SHA-256 is stored.
 */
export default class PasswordResetToken extends compose(
  PasswordResetTokenSchema,
  withTenantScope()
) {}
