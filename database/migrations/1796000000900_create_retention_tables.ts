import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Retention: tenants' shorter periods per answering point, and one
 * row per retention run with its cursor time and report.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('retention_overrides', (table) => {
      table.increments('id')
      table.integer('tenant_id').unsigned().notNullable()
      table.foreign('tenant_id').references('tenants.id').onDelete('CASCADE')
      table.integer('answering_point_id').unsigned().notNullable()
      table.foreign('answering_point_id').references('answering_points.id').onDelete('CASCADE')
      table.string('class_id', 64).notNullable()
      table.string('period', 32).notNullable()
      table.integer('updated_by').unsigned().nullable()
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').nullable()
      table.unique(['tenant_id', 'answering_point_id', 'class_id'])
    })

    /* A run keeps the clock time it started with, so a resumed run
       expires exactly what the interrupted one would have. */
    this.schema.createTable('retention_runs', (table) => {
      table.increments('id')
      table.integer('tenant_id').unsigned().notNullable()
      table.foreign('tenant_id').references('tenants.id').onDelete('CASCADE')
      table.string('status', 16).notNullable()
      table.dateTime('clock_at').notNullable()
      table.json('report').nullable()
      table.text('error').nullable()
      table.dateTime('heartbeat_at').nullable()
      table.dateTime('finished_at').nullable()
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').nullable()
      table.index(['tenant_id', 'created_at'])
      table.index(['status'])
    })
  }

  async down() {
    this.schema.dropTable('retention_runs')
    this.schema.dropTable('retention_overrides')
  }
}
