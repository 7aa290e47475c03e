import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Marks an identity the channel reported as permanently unreachable
 * (an email address that bounced), with the status code only, never
 * the bounce's text, and clears it when the person writes again.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('contact_identities', (table) => {
      table.timestamp('undeliverable_at').nullable()
      table.string('undeliverable_status', 16).nullable()
    })
  }

  async down() {
    this.schema.alterTable('contact_identities', (table) => {
      table.dropColumn('undeliverable_at')
      table.dropColumn('undeliverable_status')
    })
  }
}
