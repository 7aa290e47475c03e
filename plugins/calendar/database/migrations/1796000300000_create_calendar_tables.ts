import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  async up() {
    /* Opening-hours calendars: one base calendar per tenant (no
       answering point) and optionally one per answering point. `data`
       holds the week, the holiday switches and the ordered deviations
       as the schedule engine reads them. */
    this.schema.createTable('calendar_calendars', (table) => {
      table.increments('id')
      table.integer('tenant_id').unsigned().notNullable()
      table.foreign('tenant_id').references('tenants.id').onDelete('CASCADE')
      table.integer('answering_point_id').unsigned().nullable()
      table.foreign('answering_point_id').references('answering_points.id').onDelete('CASCADE')
      table.string('time_zone', 64).nullable()
      table.boolean('inherit').notNullable().defaultTo(true)
      table.text('data').notNullable()
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').nullable()
      table.index(['tenant_id', 'answering_point_id'])
    })

    /* Agents' personal appointments, call-backs and reminders. */
    this.schema.createTable('calendar_entries', (table) => {
      table.increments('id')
      table.integer('tenant_id').unsigned().notNullable()
      table.foreign('tenant_id').references('tenants.id').onDelete('CASCADE')
      table.integer('user_id').unsigned().notNullable()
      table.foreign('user_id').references('users.id').onDelete('CASCADE')
      table.string('kind', 16).notNullable()
      table.string('title', 200).notNullable()
      table.text('notes').nullable()
      table.dateTime('starts_at').notNullable()
      table.dateTime('ends_at').nullable()
      table.dateTime('remind_at').nullable()
      table.dateTime('reminded_at').nullable()
      table.integer('ticket_id').unsigned().nullable()
      table.foreign('ticket_id').references('tickets.id').onDelete('SET NULL')
      table.integer('contact_id').unsigned().nullable()
      table.foreign('contact_id').references('contacts.id').onDelete('SET NULL')
      table.string('uid', 255).notNullable()
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').nullable()
      table.index(['tenant_id', 'user_id', 'starts_at'])
      table.index(['remind_at', 'reminded_at'])
    })

    /* Secret iCal feed tokens; a revoked token answers 410. */
    this.schema.createTable('calendar_feeds', (table) => {
      table.increments('id')
      table.integer('tenant_id').unsigned().notNullable()
      table.foreign('tenant_id').references('tenants.id').onDelete('CASCADE')
      table.integer('user_id').unsigned().notNullable()
      table.foreign('user_id').references('users.id').onDelete('CASCADE')
      table.string('token', 64).notNullable().unique()
      table.dateTime('revoked_at').nullable()
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').nullable()
      table.index(['tenant_id', 'user_id'])
    })
  }

  async down() {
    this.schema.dropTable('calendar_feeds')
    this.schema.dropTable('calendar_entries')
    this.schema.dropTable('calendar_calendars')
  }
}
