import { BaseSchema } from '@adonisjs/lucid/schema'
import type { Knex } from 'knex'

/**
 * The archive: what retention moves out of production, with the same
 * ids and columns plus `archived_at`. No foreign keys: a row arrives
 * before or after its parent, and re-running a batch replaces rows
 * by id.
 */
export default class extends BaseSchema {
  async up() {
    const archived = (table: Knex.CreateTableBuilder) => {
      table.integer('id').unsigned().primary()
      table.integer('tenant_id').unsigned().notNullable()
      table.dateTime('archived_at').notNullable()
    }

    this.schema.createTable('tickets', (table) => {
      archived(table)
      table.integer('number').unsigned().notNullable()
      table.string('subject', 998).notNullable()
      table.string('status', 16).notNullable()
      table.string('priority', 16).notNullable()
      table.string('channel', 32).notNullable()
      table.integer('answering_point_id').unsigned().nullable()
      table.integer('assignee_id').unsigned().nullable()
      table.integer('contact_id').unsigned().nullable()
      table.integer('linked_ticket_id').unsigned().nullable()
      table.boolean('legal_hold').notNullable().defaultTo(false)
      table.dateTime('last_activity_at').notNullable()
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').nullable()
      table.index(['tenant_id', 'last_activity_at'])
      table.index(['tenant_id', 'number'])
      table.index(['tenant_id', 'contact_id'])
      table.index(['tenant_id', 'archived_at'])
    })

    this.schema.createTable('ticket_tags', (table) => {
      archived(table)
      table.integer('ticket_id').unsigned().notNullable()
      table.integer('tag_id').unsigned().notNullable()
      table.index(['tenant_id', 'ticket_id'])
    })

    this.schema.createTable('inbound_messages', (table) => {
      archived(table)
      table.string('channel', 32).notNullable()
      table.string('source', 32).notNullable()
      table.string('source_key', 255).notNullable()
      table.string('content_hash', 64).notNullable()
      table.string('raw_key', 255).nullable()
      table.integer('size').unsigned().notNullable()
      table.string('status', 16).notNullable()
      table.text('error').nullable()
      table.json('summary').nullable()
      table.integer('answering_point_id').unsigned().nullable()
      table.integer('ticket_id').unsigned().nullable()
      table.integer('message_id').unsigned().nullable()
      table.dateTime('received_at').notNullable()
      table.dateTime('processed_at').nullable()
      table.index(['tenant_id', 'ticket_id'])
    })

    this.schema.createTable('messages', (table) => {
      archived(table)
      table.integer('ticket_id').unsigned().notNullable()
      table.string('type', 16).notNullable()
      table.string('channel', 32).notNullable()
      table.integer('author_id').unsigned().nullable()
      table.integer('contact_id').unsigned().nullable()
      table.integer('inbound_message_id').unsigned().nullable()
      table.string('from_name').nullable()
      table.string('from_address', 254).nullable()
      table.json('recipients').nullable()
      table.string('subject', 998).nullable()
      table.text('body_text', 'mediumtext').nullable()
      table.text('body_html', 'mediumtext').nullable()
      table.string('external_id', 998).nullable()
      table.string('external_id_hash', 64).nullable()
      table.boolean('auto_generated').notNullable().defaultTo(false)
      table.string('delivery_status', 16).nullable()
      table.text('delivery_error').nullable()
      table.integer('delivery_attempts').unsigned().notNullable().defaultTo(0)
      table.json('meta').nullable()
      table.dateTime('sent_at').nullable()
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').nullable()
      table.index(['tenant_id', 'ticket_id', 'created_at'])
      table.index(['tenant_id', 'contact_id'])
    })

    this.schema.createTable('attachments', (table) => {
      archived(table)
      table.integer('message_id').unsigned().notNullable()
      table.string('file_name', 255).notNullable()
      table.string('content_type', 255).notNullable()
      table.integer('size').unsigned().notNullable()
      table.string('disk_key', 255).notNullable()
      table.string('content_id', 255).nullable()
      table.boolean('inline').notNullable().defaultTo(false)
      table.timestamp('created_at').notNullable()
      table.index(['tenant_id', 'message_id'])
    })

    this.schema.createTable('ticket_events', (table) => {
      archived(table)
      table.integer('ticket_id').unsigned().notNullable()
      table.integer('user_id').unsigned().nullable()
      table.string('action', 32).notNullable()
      table.json('data').nullable()
      table.timestamp('created_at').notNullable()
      table.index(['tenant_id', 'ticket_id', 'created_at'])
    })
  }

  async down() {
    for (const name of [
      'ticket_events',
      'attachments',
      'messages',
      'inbound_messages',
      'ticket_tags',
      'tickets',
    ]) {
      this.schema.dropTable(name)
    }
  }
}
