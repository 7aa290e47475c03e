import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  /* When a policy's escalation actions run: at the breach, or ahead
     of it together with the warning. */
  async up() {
    this.schema.alterTable('sla_policies', (table) => {
      table.string('escalate_on', 16).notNullable().defaultTo('breach')
    })
  }

  async down() {
    this.schema.alterTable('sla_policies', (table) => {
      table.dropColumn('escalate_on')
    })
  }
}
