import { test } from '@japa/runner'
import testDatabase from '#tests/helpers/database'
import limiter from '@adonisjs/limiter/services/main'
import type { ApiClient } from '@japa/api-client'
import Operator from '#models/operator'
import { PASSWORD, asTenant, createTenantWorld } from '#tests/helpers/world'

/**
 * Logs in through the form and returns the session it opened.
 */
async function sessionOf(client: ApiClient, host: string, email: string, password: string) {
  const response = await client
    .post('/login')
    .header('Host', host)
    .form({ email, password })
    .withCsrfToken()
    .redirects(0)
  response.assertStatus(302)
  return response.session()
}

test.group('Auth | sessions end with a password change', (group) => {
  group.each.setup(async () => {
    await limiter.clear()
    return testDatabase.truncate()
  })

  test('keep a session while the password stays the same', async ({ client }) => {
    const world = await createTenantWorld('alpha')
    const session = await sessionOf(client, world.host, world.agent.email, PASSWORD)

    const response = await client
      .get('/tickets')
      .header('Host', world.host)
      .withSession(session)
      .redirects(0)
    response.assertStatus(200)
  })

  test('log out every session opened before the password changed', async ({ client, assert }) => {
    const world = await createTenantWorld('alpha')
    const session = await sessionOf(client, world.host, world.agent.email, PASSWORD)

    await asTenant(world, async () => {
      world.agent.password = 'a-brand-new-password'
      await world.agent.save()
    })
    const response = await client
      .get('/tickets')
      .header('Host', world.host)
      .withSession(session)
      .redirects(0)

    response.assertStatus(302)
    response.assertHeader('location', '/login')
    assert.isUndefined(response.session().auth_web)
  })

  test('log out an operator session after the password changed', async ({ client }) => {
    const operator = await Operator.create({
      email: 'ops@example.test',
      fullName: 'Ops',
      password: PASSWORD,
    })
    const session = await sessionOf(client, 'localhost', operator.email, PASSWORD)

    const before = await client
      .get('/console/tenants')
      .header('Host', 'localhost')
      .withSession(session)
      .redirects(0)
    before.assertStatus(200)

    operator.password = 'a-brand-new-password'
    await operator.save()
    const after = await client
      .get('/console/tenants')
      .header('Host', 'localhost')
      .withSession(session)
      .redirects(0)
    after.assertStatus(302)
    after.assertHeader('location', '/login')
  })
})
