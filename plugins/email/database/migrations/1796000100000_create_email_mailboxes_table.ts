import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  async up() {
    /* One mailbox per answering point address: how mail comes in
       (IMAP fetch or forwarding to the platform's SMTP intake) and
       how replies go out. Passwords are encrypted at rest. */
    this.schema.createTable('email_mailboxes', (table) => {
      table.increments('id')
      table.integer('tenant_id').unsigned().notNullable()
      table.foreign('tenant_id').references('tenants.id').onDelete('CASCADE')
      table.integer('answering_point_id').unsigned().notNullable()
      table.foreign('answering_point_id').references('answering_points.id').onDelete('CASCADE')
      table.string('name').notNullable()
      table.string('address', 254).notNullable()
      table.string('intake', 16).notNullable().defaultTo('forward')
      table.string('forward_token', 64).notNullable().unique()

      table.string('imap_host').nullable()
      table.integer('imap_port').unsigned().nullable()
      table.boolean('imap_tls').notNullable().defaultTo(true)
      table.string('imap_user').nullable()
      table.text('imap_password').nullable()
      table.string('imap_folder').notNullable().defaultTo('INBOX')

      table.string('smtp_host').nullable()
      table.integer('smtp_port').unsigned().nullable()
      table.boolean('smtp_tls').notNullable().defaultTo(false)
      table.string('smtp_user').nullable()
      table.text('smtp_password').nullable()

      table.boolean('auto_create').notNullable().defaultTo(true)
      table.boolean('auto_reply').notNullable().defaultTo(false)
      table.string('auto_reply_subject').nullable()
      table.text('auto_reply_body').nullable()

      table.bigint('uid_validity').unsigned().nullable()
      table.bigint('last_uid').unsigned().notNullable().defaultTo(0)
      table.string('status', 16).notNullable().defaultTo('unknown')
      table.text('last_error').nullable()
      table.dateTime('last_checked_at').nullable()
      table.boolean('active').notNullable().defaultTo(true)
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').nullable()
      table.unique(['tenant_id', 'address'])
      table.index(['tenant_id', 'answering_point_id'])
    })
  }

  async down() {
    this.schema.dropTable('email_mailboxes')
  }
}
