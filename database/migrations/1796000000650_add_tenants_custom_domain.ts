import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * A domain the tenant registered and pointed at the platform
 * (`support.example.com`), answering beside `<slug>.<APP_DOMAIN>`.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('tenants', (table) => {
      table.string('custom_domain', 253).nullable().unique()
    })
  }

  async down() {
    this.schema.alterTable('tenants', (table) => {
      table.dropUnique(['custom_domain'])
      table.dropColumn('custom_domain')
    })
  }
}
