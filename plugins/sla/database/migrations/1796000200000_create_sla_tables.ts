import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  async up() {
    /* Ordered SLA policies: the first active one whose criteria all
       match a ticket applies. Empty criteria match everything. */
    this.schema.createTable('sla_policies', (table) => {
      table.increments('id')
      table.integer('tenant_id').unsigned().notNullable()
      table.foreign('tenant_id').references('tenants.id').onDelete('CASCADE')
      table.integer('position').unsigned().notNullable().defaultTo(0)
      table.string('name', 120).notNullable()
      table.boolean('active').notNullable().defaultTo(true)

      table.integer('match_answering_point_id').unsigned().nullable()
      table
        .foreign('match_answering_point_id')
        .references('answering_points.id')
        .onDelete('CASCADE')
      table.string('match_priority', 16).nullable()
      table.integer('match_organisation_id').unsigned().nullable()
      table.foreign('match_organisation_id').references('organisations.id').onDelete('CASCADE')
      table.integer('match_contact_id').unsigned().nullable()
      table.foreign('match_contact_id').references('contacts.id').onDelete('CASCADE')

      table.integer('first_response_minutes').unsigned().nullable()
      table.integer('next_response_minutes').unsigned().nullable()
      table.integer('resolution_minutes').unsigned().nullable()
      /* point: the ticket's answering point's calendar; base: the
         tenant's base calendar; always: around the clock. */
      table.string('calendar', 16).notNullable().defaultTo('point')
      table.integer('warn_minutes').unsigned().notNullable().defaultTo(0)

      table.boolean('escalate_notify').notNullable().defaultTo(true)
      table.integer('escalate_assignee_id').unsigned().nullable()
      table.foreign('escalate_assignee_id').references('users.id').onDelete('SET NULL')
      table.boolean('escalate_raise_priority').notNullable().defaultTo(false)

      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').nullable()
      table.index(['tenant_id', 'position'])
    })

    /* One clock per ticket and target (first response, next response,
       resolution). Business time consumed before `since` is kept in
       `consumed_ms`; while running, time from `since` is added. */
    this.schema.createTable('sla_clocks', (table) => {
      table.increments('id')
      table.integer('tenant_id').unsigned().notNullable()
      table.foreign('tenant_id').references('tenants.id').onDelete('CASCADE')
      table.integer('ticket_id').unsigned().notNullable()
      table.foreign('ticket_id').references('tickets.id').onDelete('CASCADE')
      table.integer('policy_id').unsigned().nullable()
      table.foreign('policy_id').references('sla_policies.id').onDelete('SET NULL')
      table.string('target', 16).notNullable()
      /* always, base, or point:<id>: which calendar counts. */
      table.string('calendar_key', 32).notNullable()
      table.bigInteger('target_ms').notNullable()
      table.bigInteger('warn_ms').notNullable().defaultTo(0)
      table.bigInteger('consumed_ms').notNullable().defaultTo(0)
      table.dateTime('since').notNullable()
      table.boolean('paused').notNullable().defaultTo(false)
      table.dateTime('due_at').nullable()
      table.dateTime('warn_at').nullable()
      table.dateTime('started_at').notNullable()
      table.dateTime('warned_at').nullable()
      table.dateTime('breached_at').nullable()
      table.dateTime('met_at').nullable()
      table.dateTime('stopped_at').nullable()
      /* met or breached, with when and for whom, for the report. */
      table.string('outcome', 16).nullable()
      table.dateTime('settled_at').nullable()
      table.integer('answering_point_id').unsigned().nullable()
      table.integer('agent_id').unsigned().nullable()
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').nullable()
      table.index(['tenant_id', 'ticket_id'])
      table.index(['tenant_id', 'settled_at'])
      table.index(['tenant_id', 'due_at'])
    })
  }

  async down() {
    this.schema.dropTable('sla_clocks')
    this.schema.dropTable('sla_policies')
  }
}
