import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Lets the ticket list count visible tickets from the index alone:
 * the visibility filter reads the answering point and the assignee.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('tickets', (table) => {
      table.index(
        ['tenant_id', 'status', 'answering_point_id', 'assignee_id'],
        'tickets_visibility_index'
      )
    })
  }

  async down() {
    this.schema.alterTable('tickets', (table) => {
      table.dropIndex(
        ['tenant_id', 'status', 'answering_point_id', 'assignee_id'],
        'tickets_visibility_index'
      )
    })
  }
}
