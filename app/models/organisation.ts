import { compose } from '@adonisjs/core/helpers'
import { hasMany } from '@adonisjs/lucid/orm'
import type { HasMany } from '@adonisjs/lucid/types/relations'
import { OrganisationSchema } from '#database/schema'
import { withTenantScope } from '#models/mixins/tenant_scoped'
import Contact from '#models/contact'

/**
 * A company in the CRM.
 */
export default class Organisation extends compose(OrganisationSchema, withTenantScope()) {
  @hasMany(() => Contact)
  declare contacts: HasMany<typeof Contact>
}
