import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  async up() {
    this.schema.createTable('users', (table) => {
      table.increments('id')
      table.integer('tenant_id').unsigned().notNullable()
      table.foreign('tenant_id').references('tenants.id').onDelete('CASCADE')
      table.string('email', 254).notNullable()
      table.string('full_name').notNullable()
      table.string('password').notNullable()
      table.string('role', 16).notNullable().defaultTo('agent')
      table.string('locale', 8).nullable()
      table.boolean('active').notNullable().defaultTo(true)
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').nullable()
      table.unique(['tenant_id', 'email'])
    })

    this.schema.createTable('answering_points', (table) => {
      table.increments('id')
      table.integer('tenant_id').unsigned().notNullable()
      table.foreign('tenant_id').references('tenants.id').onDelete('CASCADE')
      table.string('slug', 63).notNullable()
      table.string('name').notNullable()
      table.string('locale', 8).nullable()
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').nullable()
      table.unique(['tenant_id', 'slug'])
    })

    this.schema.createTable('answering_point_users', (table) => {
      table.increments('id')
      table.integer('tenant_id').unsigned().notNullable()
      table.integer('answering_point_id').unsigned().notNullable()
      table.foreign('answering_point_id').references('answering_points.id').onDelete('CASCADE')
      table.integer('user_id').unsigned().notNullable()
      table.foreign('user_id').references('users.id').onDelete('CASCADE')
      table.unique(['answering_point_id', 'user_id'])
      table.index(['tenant_id', 'user_id'])
    })

    this.schema.createTable('password_reset_tokens', (table) => {
      table.increments('id')
      table.integer('tenant_id').unsigned().notNullable()
      table.integer('user_id').unsigned().notNullable()
      table.foreign('user_id').references('users.id').onDelete('CASCADE')
      table.string('token_hash', 64).notNullable().unique()
      table.dateTime('expires_at').notNullable()
      table.timestamp('created_at').notNullable()
    })

    this.schema.createTable('rate_limits', (table) => {
      table.string('key', 255).notNullable().primary()
      table.integer('points', 9).notNullable().defaultTo(0)
      table.bigint('expire').unsigned()
    })
  }

  async down() {
    this.schema.dropTable('rate_limits')
    this.schema.dropTable('password_reset_tokens')
    this.schema.dropTable('answering_point_users')
    this.schema.dropTable('answering_points')
    this.schema.dropTable('users')
  }
}
