import { compose } from '@adonisjs/core/helpers'
import { TagSchema } from '#database/schema'
import { withTenantScope } from '#models/mixins/tenant_scoped'

/**
 * A free label on tickets.
 */
export default class Tag extends compose(TagSchema, withTenantScope()) {}
