import { test } from '@japa/runner'
import testDatabase from '#tests/helpers/database'
import User from '#models/user'
import AnsweringPoint from '#models/answering_point'
import { asTenant, createTenantWorld, type TenantWorld } from '#tests/helpers/world'

type Method = 'get' | 'post' | 'put' | 'delete'

/**
 * Every admin route with a valid body, addressed at the given user
 * and answering point ids.
 */
function adminRoutes(userId: number, pointId: number) {
  const userBody = {
    full_name: 'Changed Name',
    email: 'changed@example.com',
    role: 'admin',
    active: '1',
  }
  const pointBody = { name: 'Changed', slug: 'changed' }
  return {
    withIds: [
      ['get', `/admin/users/${userId}/edit`, null],
      ['put', `/admin/users/${userId}`, userBody],
      ['delete', `/admin/users/${userId}`, {}],
      ['post', `/admin/users/${userId}/password-reset`, {}],
      ['get', `/admin/answering-points/${pointId}/edit`, null],
      ['put', `/admin/answering-points/${pointId}`, pointBody],
    ] as [Method, string, Record<string, string> | null][],
    withoutIds: [
      ['get', '/admin/settings', null],
      ['put', '/admin/settings', { default_locale: 'en', agents_see_all_points: '1' }],
      ['get', '/admin/users', null],
      ['get', '/admin/users/create', null],
      [
        'post',
        '/admin/users',
        { full_name: 'New', email: 'new@example.com', role: 'admin', password: 'long-password-1' },
      ],
      ['get', '/admin/answering-points', null],
      ['get', '/admin/answering-points/create', null],
      ['post', '/admin/answering-points', { name: 'New', slug: 'new-point' }],
      ['get', '/admin/modules', null],
      ['get', '/admin/modules/email/settings', null],
      ['put', '/admin/modules/email/settings', { subject_tag: '[#{number}]' }],
    ] as [Method, string, Record<string, string> | null][],
  }
}

function send(
  client: any,
  world: TenantWorld,
  user: User,
  [method, path, body]: [Method, string, Record<string, string> | null]
) {
  const request = client[method](path).header('Host', world.host).loginAs(user).redirects(0)
  return body === null ? request : request.form(body).withCsrfToken()
}

/**
 * What the other tenant's user and point look like, to prove that
 * nothing was changed.
 */
async function snapshot(world: TenantWorld) {
  return asTenant(world, async () => ({
    users: (await User.query().orderBy('id')).map((u) => [u.email, u.fullName, u.role, u.active]),
    points: (await AnsweringPoint.query().orderBy('id')).map((p) => [p.slug, p.name]),
  }))
}

test.group('Admin | access', (group) => {
  group.each.setup(() => testDatabase.truncate())

  test('answer 404 for another tenant ids on every admin route, for every role', async ({
    client,
    assert,
  }) => {
    const mine = await createTenantWorld('alpha', { modules: ['email'] })
    const theirs = await createTenantWorld('beta', { modules: ['email'] })
    const before = await snapshot(theirs)
    const routes = adminRoutes(theirs.agent.id, theirs.point.id).withIds

    for (const role of ['admin', 'supervisor', 'agent'] as const) {
      for (const route of routes) {
        const response = await send(client, mine, mine[role], route)
        assert.equal(response.status(), 404, `${role} ${route[0]} ${route[1]}`)
      }
    }
    assert.deepEqual(await snapshot(theirs), before)
  })

  test('answer 403 to supervisors and agents on every admin route', async ({ client, assert }) => {
    const world = await createTenantWorld('alpha', { modules: ['email'] })
    const before = await snapshot(world)
    const routes = adminRoutes(world.admin.id, world.point.id)

    for (const role of ['supervisor', 'agent'] as const) {
      for (const route of [...routes.withIds, ...routes.withoutIds]) {
        const response = await send(client, world, world[role], route)
        assert.equal(response.status(), 403, `${role} ${route[0]} ${route[1]}`)
      }
    }
    assert.deepEqual(await snapshot(world), before)
    await world.tenant.refresh()
    assert.equal(world.tenant.defaultLocale, 'sv')
  })

  test('send a visitor without a session to the login form', async ({ client }) => {
    const world = await createTenantWorld('alpha')
    const response = await client.get('/admin/users').header('Host', world.host).redirects(0)
    response.assertStatus(302)
    response.assertHeader('location', '/login')
  })

  test('let the admin open every admin page', async ({ client, assert }) => {
    const world = await createTenantWorld('alpha', { modules: ['email'] })
    const routes = adminRoutes(world.agent.id, world.point.id)
    const pages = [...routes.withIds, ...routes.withoutIds].filter(([method]) => method === 'get')

    for (const route of pages) {
      const response = await send(client, world, world.admin, route)
      assert.equal(response.status(), 200, route[1])
    }
  })
})
