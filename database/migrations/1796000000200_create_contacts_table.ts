import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  async up() {
    this.schema.createTable('organisations', (table) => {
      table.increments('id')
      table.integer('tenant_id').unsigned().notNullable()
      table.foreign('tenant_id').references('tenants.id').onDelete('CASCADE')
      table.string('name').notNullable()
      table.string('domain').nullable()
      table.text('notes').nullable()
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').nullable()
      table.index(['tenant_id', 'name'])
    })

    this.schema.createTable('contacts', (table) => {
      table.increments('id')
      table.integer('tenant_id').unsigned().notNullable()
      table.foreign('tenant_id').references('tenants.id').onDelete('CASCADE')
      table.integer('organisation_id').unsigned().nullable()
      table.foreign('organisation_id').references('organisations.id').onDelete('SET NULL')
      table.string('name').nullable()
      table.string('customer_number', 64).nullable()
      table.text('notes').nullable()
      table.boolean('legal_hold').notNullable().defaultTo(false)
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').nullable()
      table.index(['tenant_id', 'name'])
    })

    this.schema.createTable('contact_identities', (table) => {
      table.increments('id')
      table.integer('tenant_id').unsigned().notNullable()
      table.integer('contact_id').unsigned().notNullable()
      table.foreign('contact_id').references('contacts.id').onDelete('CASCADE')
      table.string('type', 16).notNullable()
      table.string('value', 254).notNullable()
      table.timestamp('created_at').notNullable()
      table.unique(['tenant_id', 'type', 'value'])
      table.index(['tenant_id', 'contact_id'])
    })
  }

  async down() {
    this.schema.dropTable('contact_identities')
    this.schema.dropTable('contacts')
    this.schema.dropTable('organisations')
  }
}
