import { test } from '@japa/runner'
import testDatabase from '#tests/helpers/database'
import AnsweringPoint from '#models/answering_point'
import { asTenant, createTenantWorld } from '#tests/helpers/world'

test.group('Admin | answering points', (group) => {
  group.each.setup(() => testDatabase.truncate())

  test('list the points with their member counts', async ({ client, assert }) => {
    const world = await createTenantWorld('alpha')
    await createTenantWorld('beta')
    const response = await client
      .get('/admin/answering-points')
      .header('Host', world.host)
      .loginAs(world.admin)

    response.assertStatus(200)
    response.assertTextIncludes(`href="/admin/answering-points/${world.point.id}/edit"`)
    response.assertTextIncludes('<td>3</td>')
    assert.equal(response.text().match(/\/edit"/g)?.length, 1)
  })

  test('create a point with a slug unique in the tenant only', async ({ client, assert }) => {
    const world = await createTenantWorld('alpha')
    const other = await createTenantWorld('beta')
    const create = (host: string, admin: typeof world.admin, slug: string) =>
      client
        .post('/admin/answering-points')
        .header('Host', host)
        .loginAs(admin)
        .form({ name: 'Försäljning', slug, locale: 'en' })
        .withCsrfToken()
        .redirects(0)

    const created = await create(world.host, world.admin, 'Sales')
    created.assertHeader('location', '/admin/answering-points')
    created.assertFlashMessage('success', 'Svarsstället Försäljning är skapat.')
    const point = await asTenant(world, () => AnsweringPoint.findByOrFail('slug', 'sales'))
    assert.equal(point.name, 'Försäljning')
    assert.equal(point.locale, 'en')

    const taken = await create(world.host, world.admin, 'sales')
    assert.deepEqual(taken.flashMessages().inputErrorsBag, { slug: ['Det värdet används redan.'] })

    const bad = await create(world.host, world.admin, 'sales team')
    assert.deepEqual(bad.flashMessages().inputErrorsBag, { slug: ['Värdet har fel format.'] })

    const elsewhere = await create(other.host, other.admin, 'sales')
    elsewhere.assertHeader('location', '/admin/answering-points')
  })

  test('edit a point and keep its own slug', async ({ client, assert }) => {
    const world = await createTenantWorld('alpha')
    const response = await client
      .put(`/admin/answering-points/${world.point.id}`)
      .header('Host', world.host)
      .loginAs(world.admin)
      .form({ name: 'Kundservice', slug: 'support' })
      .withCsrfToken()
      .redirects(0)

    response.assertHeader('location', '/admin/answering-points')
    await world.point.refresh()
    assert.equal(world.point.name, 'Kundservice')
    assert.isNull(world.point.locale)
  })
})

test.group('Admin | tenant settings', (group) => {
  group.each.setup(() => testDatabase.truncate())

  test('save the default language and the visibility of other points', async ({
    client,
    assert,
  }) => {
    const world = await createTenantWorld('alpha')
    const page = await client.get('/admin/settings').header('Host', world.host).loginAs(world.admin)
    page.assertStatus(200)
    page.assertTextIncludes('name="agents_see_all_points"')

    const response = await client
      .put('/admin/settings')
      .header('Host', world.host)
      .loginAs(world.admin)
      .form({ default_locale: 'en', agents_see_all_points: '1' })
      .withCsrfToken()
      .redirects(0)

    response.assertHeader('location', '/admin/settings')
    response.assertFlashMessage('success', 'Inställningarna är sparade.')
    await world.tenant.refresh()
    assert.equal(world.tenant.defaultLocale, 'en')
    assert.isTrue(world.tenant.agentsSeeAllPoints)

    await client
      .put('/admin/settings')
      .header('Host', world.host)
      .loginAs(world.admin)
      .form({ default_locale: 'sv' })
      .withCsrfToken()
    await world.tenant.refresh()
    assert.isFalse(world.tenant.agentsSeeAllPoints)
  })

  test('refuse a language that is not offered', async ({ client, assert }) => {
    const world = await createTenantWorld('alpha')
    const response = await client
      .put('/admin/settings')
      .header('Host', world.host)
      .loginAs(world.admin)
      .form({ default_locale: 'de' })
      .withCsrfToken()
      .redirects(0)

    assert.deepEqual(response.flashMessages().inputErrorsBag, {
      default_locale: ['Välj ett av alternativen.'],
    })
  })

  test('save the tenant time zone and refuse one that does not exist', async ({
    client,
    assert,
  }) => {
    const world = await createTenantWorld('alpha')
    const put = (form: Record<string, string>) =>
      client
        .put('/admin/settings')
        .header('Host', world.host)
        .loginAs(world.admin)
        .form(form)
        .withCsrfToken()
        .redirects(0)

    const page = await client.get('/admin/settings').header('Host', world.host).loginAs(world.admin)
    page.assertTextIncludes('value="Europe/Stockholm"')

    await put({ default_locale: 'sv', time_zone: 'Europe/Helsinki' })
    await world.tenant.refresh()
    assert.equal(world.tenant.timeZone, 'Europe/Helsinki')

    const bad = await put({ default_locale: 'sv', time_zone: 'Mars/Base' })
    assert.deepEqual(bad.flashMessages().inputErrorsBag, {
      time_zone: ['Ange en IANA-tidszon, till exempel Europe/Stockholm.'],
    })
    await world.tenant.refresh()
    assert.equal(world.tenant.timeZone, 'Europe/Helsinki')
  })
})
