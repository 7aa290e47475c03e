import { compose } from '@adonisjs/core/helpers'
import { belongsTo, hasMany } from '@adonisjs/lucid/orm'
import type { BelongsTo, HasMany } from '@adonisjs/lucid/types/relations'
import { ContactSchema } from '#database/schema'
import { withTenantScope } from '#models/mixins/tenant_scoped'
import ContactIdentity from '#models/contact_identity'
import Organisation from '#models/organisation'
import Ticket from '#models/ticket'

/**
 * A person in the CRM, reached through one or more identities.
 */
export default class Contact extends compose(ContactSchema, withTenantScope()) {
  @hasMany(() => ContactIdentity)
  declare identities: HasMany<typeof ContactIdentity>

  @belongsTo(() => Organisation)
  declare organisation: BelongsTo<typeof Organisation>

  @hasMany(() => Ticket)
  declare tickets: HasMany<typeof Ticket>

  /**
   * The name to show: the stored name or the first email address.
   */
  get displayName(): string {
    if (this.name) return this.name
    const first = this.$preloaded.identities as ContactIdentity[] | undefined
    return first?.[0]?.value ?? `#${this.id}`
  }
}
