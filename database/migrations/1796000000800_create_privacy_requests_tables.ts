import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Data-subject requests, the privacy audit log and platform-wide
 * settings (the operator's data-processing agreement).
 */
export default class extends BaseSchema {
  async up() {
    /* One export or anonymisation of one contact; the bundle of an
       export lives under a generated key until it expires. */
    this.schema.createTable('privacy_requests', (table) => {
      table.increments('id')
      table.integer('tenant_id').unsigned().notNullable()
      table.foreign('tenant_id').references('tenants.id').onDelete('CASCADE')
      table.string('kind', 16).notNullable()
      table.integer('contact_id').unsigned().notNullable()
      table.integer('requested_by').unsigned().nullable()
      table.string('status', 16).notNullable()
      table.text('error').nullable()
      table.json('counts').nullable()
      table.string('bundle_key', 255).nullable()
      table.integer('bundle_size').unsigned().nullable()
      table.dateTime('expires_at').nullable()
      table.dateTime('finished_at').nullable()
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').nullable()
      table.index(['tenant_id', 'created_at'])
      table.index(['status', 'expires_at'])
    })

    /* Who did what to whose data, and when: ids and counts only. */
    this.schema.createTable('privacy_audit_logs', (table) => {
      table.increments('id')
      table.integer('tenant_id').unsigned().nullable()
      table.foreign('tenant_id').references('tenants.id').onDelete('CASCADE')
      table.string('actor_type', 16).notNullable()
      table.integer('actor_id').unsigned().nullable()
      table.string('action', 32).notNullable()
      table.integer('contact_id').unsigned().nullable()
      table.integer('request_id').unsigned().nullable()
      table.json('counts').nullable()
      table.timestamp('created_at').notNullable()
      table.index(['tenant_id', 'created_at'])
    })

    this.schema.createTable('platform_settings', (table) => {
      table.string('key', 64).primary()
      table.text('value', 'mediumtext').nullable()
      table.integer('updated_by').unsigned().nullable()
      table.timestamp('updated_at').nullable()
    })
  }

  async down() {
    this.schema.dropTable('platform_settings')
    this.schema.dropTable('privacy_audit_logs')
    this.schema.dropTable('privacy_requests')
  }
}
