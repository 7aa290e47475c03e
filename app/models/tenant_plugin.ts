import { compose } from '@adonisjs/core/helpers'
import { TenantPluginSchema } from '#database/schema'
import { withTenantScope } from '#models/mixins/tenant_scoped'

/**
 * A module's state for one tenant: enabled, settings and encrypted
 * secrets.
 */
export default class TenantPlugin extends compose(TenantPluginSchema, withTenantScope()) {}
