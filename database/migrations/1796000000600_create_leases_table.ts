import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Named leases: which worker process owns a long-lived job (a
 * mailbox's fetcher, a channel's connection) and until when, so
 * workers on several machines never run the same one twice.
 */
export default class extends BaseSchema {
  protected tableName = 'leases'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.string('name', 191).primary()
      table.string('owner', 191).notNullable()
      table.dateTime('expires_at').notNullable()
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
