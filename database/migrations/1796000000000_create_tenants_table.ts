import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  async up() {
    this.schema.createTable('tenants', (table) => {
      table.increments('id')
      table.string('slug', 63).notNullable().unique()
      table.string('name').notNullable()
      table.string('default_locale', 8).notNullable().defaultTo('sv')
      table.string('time_zone', 64).notNullable().defaultTo('Europe/Stockholm')
      table.string('mail_domain').nullable()
      table.boolean('agents_see_all_points').notNullable().defaultTo(false)
      table.integer('last_ticket_number').unsigned().notNullable().defaultTo(0)
      table.boolean('active').notNullable().defaultTo(true)
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').nullable()
    })

    this.schema.createTable('operators', (table) => {
      table.increments('id')
      table.string('email', 254).notNullable().unique()
      table.string('full_name').nullable()
      table.string('password').notNullable()
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').nullable()
    })

    this.schema.createTable('tenant_plugins', (table) => {
      table.increments('id')
      table.integer('tenant_id').unsigned().notNullable()
      table.foreign('tenant_id').references('tenants.id').onDelete('CASCADE')
      table.string('plugin_id', 64).notNullable()
      table.boolean('enabled').notNullable().defaultTo(false)
      table.json('settings').nullable()
      table.text('secrets').nullable()
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').nullable()
      table.unique(['tenant_id', 'plugin_id'])
    })

    /* One row per tenant, module and started month, for billing. */
    this.schema.createTable('tenant_plugin_months', (table) => {
      table.increments('id')
      table.integer('tenant_id').unsigned().notNullable()
      table.foreign('tenant_id').references('tenants.id').onDelete('CASCADE')
      table.string('plugin_id', 64).notNullable()
      table.string('month', 7).notNullable()
      table.unique(['tenant_id', 'plugin_id', 'month'])
    })
  }

  async down() {
    this.schema.dropTable('tenant_plugin_months')
    this.schema.dropTable('tenant_plugins')
    this.schema.dropTable('operators')
    this.schema.dropTable('tenants')
  }
}
