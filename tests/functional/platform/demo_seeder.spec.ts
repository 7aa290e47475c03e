import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import testDatabase from '#tests/helpers/database'
import limiter from '@adonisjs/limiter/services/main'
import DemoSeeder, { DEMO } from '#database/seeders/demo_seeder'

/**
 * Row counts of the tables the seeder writes.
 */
async function counts() {
  const tables = [
    'operators',
    'tenants',
    'users',
    'answering_points',
    'answering_point_users',
    'tenant_plugins',
    'tenant_plugin_months',
    'contacts',
    'tickets',
    'messages',
    'ticket_events',
  ]
  for (const table of ['email_mailboxes', 'sla_policies', 'sla_clocks']) {
    if (await db.connection().schema.hasTable(table)) tables.push(table)
  }

  const result: Record<string, number> = {}
  for (const table of tables) {
    const [row] = await db.from(table).count('* as total')
    result[table] = Number(row.total)
  }
  return result
}

test.group('Platform | demo seeder', (group) => {
  group.each.setup(async () => {
    await limiter.clear()
    return testDatabase.truncate()
  })

  test('seed the demo once and change nothing on a second run', async ({ assert }) => {
    await new DemoSeeder(db.connection()).run()
    const first = await counts()
    await new DemoSeeder(db.connection()).run()

    assert.deepEqual(await counts(), first)
    assert.include(first, { operators: 1, tenants: 1, users: 3, answering_points: 2 })
    assert.equal(first.tickets, 3)
    assert.equal(first.messages, 4)
    if ('email_mailboxes' in first) assert.equal(first.email_mailboxes, 1)
    /* Every demo ticket is under the demo SLA policy. */
    if ('sla_policies' in first) assert.equal(first.sla_policies, 1)
    if ('sla_clocks' in first) assert.isAtLeast(first.sla_clocks, first.tickets)
  })

  test('let every demo account log in on its host', async ({ client, assert }) => {
    await new DemoSeeder(db.connection()).run()
    const login = (host: string, email: string, password: string) =>
      client
        .post('/login')
        .header('Host', host)
        .form({ email, password })
        .withCsrfToken()
        .redirects(0)

    const operator = await login('localhost', DEMO.operator.email, DEMO.operator.password)
    assert.isNumber(operator.session().auth_operator)
    for (const user of DEMO.users) {
      const response = await login('demo.localhost', user.email, user.password)
      assert.isNumber(response.session().auth_web, user.email)
    }
  })
})
