import { test } from '@japa/runner'
import testDatabase from '#tests/helpers/database'
import db from '@adonisjs/lucid/services/db'
import Tenant from '#models/tenant'
import { TenantResolver } from '#services/tenant_resolver'

test.group('Tenancy | host resolver', (group) => {
  group.each.setup(() => testDatabase.truncate())

  test('resolve a tenant subdomain and the platform domain', async ({ assert }) => {
    const resolver = new TenantResolver('example.test')
    const tenant = await Tenant.create({ slug: 'acme', name: 'Acme' })

    const found = await resolver.resolve('ACME.example.test')
    assert.equal(found.kind, 'tenant')
    assert.equal(found.kind === 'tenant' && found.tenant.id, tenant.id)
    assert.deepEqual(await resolver.resolve('example.test'), { kind: 'platform' })
    assert.deepEqual(await resolver.resolve('a.b.example.test'), { kind: 'unknown' })
    assert.deepEqual(await resolver.resolve('acme.other.test'), { kind: 'unknown' })
  })

  test('resolve a custom domain to its tenant and ignore junk hosts', async ({ assert }) => {
    const resolver = new TenantResolver('example.test')
    const tenant = await Tenant.create({
      slug: 'acme',
      name: 'Acme',
      customDomain: 'support.acme.se',
    })

    const found = await resolver.resolve('Support.Acme.SE')
    assert.equal(found.kind === 'tenant' && found.tenant.id, tenant.id)
    assert.deepEqual(await resolver.resolve('help.acme.se'), { kind: 'unknown' })
    assert.deepEqual(await resolver.resolve('127.0.0.1'), { kind: 'unknown' })
    assert.deepEqual(await resolver.resolve("x'; --.se"), { kind: 'unknown' })
    assert.deepEqual(await resolver.resolve(null), { kind: 'unknown' })
  })

  test('forget a cached host as soon as its tenant is saved', async ({ assert }) => {
    const resolver = new TenantResolver('example.test', 60_000)
    const tenant = await Tenant.create({ slug: 'acme', name: 'Acme' })
    assert.equal((await resolver.resolve('acme.example.test')).kind, 'tenant')

    tenant.active = false
    await tenant.save()
    assert.equal((await resolver.resolve('acme.example.test')).kind, 'unknown')
  })

  test('keep a lookup for its time to live only', async ({ assert }) => {
    const resolver = new TenantResolver('example.test', 50)
    await Tenant.create({ slug: 'acme', name: 'Acme' })
    assert.equal((await resolver.resolve('acme.example.test')).kind, 'tenant')

    /* A change made elsewhere, which no hook of this process sees. */
    await db.from('tenants').where('slug', 'acme').update({ active: false })
    assert.equal((await resolver.resolve('acme.example.test')).kind, 'tenant')
    await new Promise((resolve) => setTimeout(resolve, 60))
    assert.equal((await resolver.resolve('acme.example.test')).kind, 'unknown')
  })

  test('give each request its own tenant model', async ({ assert }) => {
    const resolver = new TenantResolver('example.test', 60_000)
    await Tenant.create({ slug: 'acme', name: 'Acme' })

    const first = await resolver.resolve('acme.example.test')
    const second = await resolver.resolve('acme.example.test')
    assert.isTrue(first.kind === 'tenant' && second.kind === 'tenant')
    if (first.kind === 'tenant' && second.kind === 'tenant') {
      first.tenant.name = 'Changed in one request'
      assert.equal(second.tenant.name, 'Acme')
      assert.isFalse(second.tenant.$isDirty)
    }
  })
})
