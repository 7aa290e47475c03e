import { compose } from '@adonisjs/core/helpers'
import { ContactIdentitySchema } from '#database/schema'
import { withTenantScope } from '#models/mixins/tenant_scoped'

export type IdentityType = 'email' | 'phone'

/**
 * An address a contact is reached by, unique per tenant and type.
 */
export default class ContactIdentity extends compose(ContactIdentitySchema, withTenantScope()) {
  declare type: IdentityType
}
