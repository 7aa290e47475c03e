import { compose } from '@adonisjs/core/helpers'
import { AnsweringPointSchema } from '#database/schema'
import { withTenantScope } from '#models/mixins/tenant_scoped'

/**
 * A tenant's sub-unit (svarsställe): it owns addresses, numbers and
 * the tickets that arrive on them.
 */
export default class AnsweringPoint extends compose(AnsweringPointSchema, withTenantScope()) {}
