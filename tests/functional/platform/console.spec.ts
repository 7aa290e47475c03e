import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import router from '@adonisjs/core/services/router'
import testDatabase from '#tests/helpers/database'
import limiter from '@adonisjs/limiter/services/main'
import Tenant from '#models/tenant'
import User from '#models/user'
import Operator from '#models/operator'
import modules from '#services/module_service'
import tickets from '#services/ticket_service'
import { asTenant, createTenantWorld } from '#tests/helpers/world'

const PLATFORM = 'localhost'

function makeOperator() {
  return Operator.create({
    email: 'op@platform.example',
    fullName: 'Olga Operator',
    password: 'operator-password',
  })
}

const newTenant = {
  name: 'Gamma AB',
  slug: 'gamma',
  default_locale: 'en',
  admin_name: 'Greta Gamma',
  admin_email: 'Greta@Gamma.example',
  admin_password: 'gamma-admin-password',
}

test.group('Platform | console', (group) => {
  group.each.setup(async () => {
    await limiter.clear()
    return testDatabase.truncate()
  })

  test('send a visitor without an operator session to the login form', async ({ client }) => {
    const response = await client.get('/console/tenants').header('Host', PLATFORM).redirects(0)
    response.assertStatus(302)
    response.assertHeader('location', '/login')
  })

  test('answer 404 for console routes on a tenant host', async ({ client, assert }) => {
    const world = await createTenantWorld('alpha')
    const operator = await makeOperator()
    const paths = [
      '/console/tenants',
      '/console/tenants/create',
      `/console/tenants/${world.tenant.id}`,
    ]
    for (const path of paths) {
      const response = await client
        .get(path)
        .header('Host', world.host)
        .withGuard('operator')
        .loginAs(operator)
      response.assertStatus(404)
    }
    const create = await client
      .post('/console/tenants')
      .header('Host', world.host)
      .withGuard('operator')
      .loginAs(operator)
      .form(newTenant)
      .withCsrfToken()
    create.assertStatus(404)
    assert.isNull(await Tenant.findBy('slug', 'gamma'))
  })

  test('answer 404 for tenant admin routes on the platform host', async ({ client }) => {
    const operator = await makeOperator()
    const response = await client
      .get('/admin/settings')
      .header('Host', PLATFORM)
      .withGuard('operator')
      .loginAs(operator)
    response.assertStatus(404)
  })

  test('list tenants with their usage', async ({ client }) => {
    const world = await createTenantWorld('alpha')
    await createTenantWorld('beta')
    await asTenant(world, () =>
      tickets.open({ subject: 'x', channel: 'email', answeringPointId: null, contactId: null })
    )
    const operator = await makeOperator()

    const response = await client
      .get('/console/tenants')
      .header('Host', PLATFORM)
      .withGuard('operator')
      .loginAs(operator)

    response.assertStatus(200)
    response.assertTextIncludes('Tenant alpha')
    response.assertTextIncludes('Tenant beta')
    response.assertTextIncludes(`href="/console/tenants/${world.tenant.id}"`)
    response.assertTextIncludes('<td>3</td>')
    response.assertTextIncludes('<td>1</td>')
  })

  test('create a tenant whose admin can log in on its host', async ({ client, assert }) => {
    const operator = await makeOperator()
    const response = await client
      .post('/console/tenants')
      .header('Host', PLATFORM)
      .withGuard('operator')
      .loginAs(operator)
      .form(newTenant)
      .withCsrfToken()
      .redirects(0)

    const tenant = await Tenant.findByOrFail('slug', 'gamma')
    response.assertHeader('location', `/console/tenants/${tenant.id}`)
    response.assertFlashMessage('success', 'Kunden Gamma AB är skapad.')
    assert.equal(tenant.name, 'Gamma AB')
    assert.equal(tenant.defaultLocale, 'en')

    const admin = await asTenant({ tenant }, () =>
      User.query().preload('answeringPoints').firstOrFail()
    )
    assert.equal(admin.email, 'greta@gamma.example')
    assert.equal(admin.role, 'admin')
    assert.deepEqual(
      admin.answeringPoints.map((point) => [point.slug, point.name]),
      [['support', 'Support']]
    )

    const login = await client
      .post('/login')
      .header('Host', 'gamma.localhost')
      .form({ email: 'greta@gamma.example', password: newTenant.admin_password })
      .withCsrfToken()
      .redirects(0)
    assert.equal(login.session().auth_web, admin.id)
  })

  test('refuse a bad, reserved or taken slug and create nothing', async ({ client, assert }) => {
    await createTenantWorld('alpha')
    const operator = await makeOperator()
    const attempt = (slug: string) =>
      client
        .post('/console/tenants')
        .header('Host', PLATFORM)
        .withGuard('operator')
        .loginAs(operator)
        .form({ ...newTenant, slug })
        .withCsrfToken()
        .redirects(0)

    const expected: Record<string, string> = {
      '-gamma': 'Värdet har fel format.',
      'Gamma AB': 'Värdet har fel format.',
      'www': 'Det värdet är reserverat. Välj ett annat.',
      'alpha': 'Det värdet används redan.',
    }
    for (const [slug, message] of Object.entries(expected)) {
      const response = await attempt(slug)
      response.assertStatus(302)
      assert.deepEqual(response.flashMessages().inputErrorsBag, { slug: [message] }, slug)
      response.assertFlashMessage('name', 'Gamma AB')
    }
    assert.lengthOf(await Tenant.all(), 1)
  })

  test('edit a tenant and deactivate its host', async ({ client, assert }) => {
    const world = await createTenantWorld('alpha')
    const operator = await makeOperator()

    const form = await client
      .get(`/console/tenants/${world.tenant.id}/edit`)
      .header('Host', PLATFORM)
      .withGuard('operator')
      .loginAs(operator)
    form.assertStatus(200)
    form.assertTextIncludes('value="Tenant alpha"')

    const response = await client
      .put(`/console/tenants/${world.tenant.id}`)
      .header('Host', PLATFORM)
      .withGuard('operator')
      .loginAs(operator)
      .form({ name: 'Alpha Renamed', default_locale: 'en' })
      .withCsrfToken()
      .redirects(0)

    response.assertHeader('location', `/console/tenants/${world.tenant.id}`)
    await world.tenant.refresh()
    assert.equal(world.tenant.name, 'Alpha Renamed')
    assert.equal(world.tenant.defaultLocale, 'en')
    assert.isFalse(world.tenant.active)

    const tenantLogin = await client.get('/login').header('Host', world.host)
    tenantLogin.assertStatus(404)
  })

  test('serve a tenant on the custom domain the operator sets', async ({ client, assert }) => {
    const world = await createTenantWorld('alpha')
    const operator = await makeOperator()
    const save = (customDomain: string) =>
      client
        .put(`/console/tenants/${world.tenant.id}`)
        .header('Host', PLATFORM)
        .withGuard('operator')
        .loginAs(operator)
        .form({
          name: world.tenant.name,
          default_locale: 'sv',
          active: 'true',
          custom_domain: customDomain,
        })
        .withCsrfToken()
        .redirects(0)

    const saved = await save('Support.Alpha.Example')
    saved.assertHeader('location', `/console/tenants/${world.tenant.id}`)
    await world.tenant.refresh()
    assert.equal(world.tenant.customDomain, 'support.alpha.example')

    const login = await client.get('/login').header('Host', 'support.alpha.example')
    login.assertStatus(200)
    login.assertTextIncludes(world.tenant.name)

    /* Clearing the field frees the domain. */
    await save('')
    await world.tenant.refresh()
    assert.isNull(world.tenant.customDomain)
    const gone = await client.get('/login').header('Host', 'support.alpha.example')
    gone.assertStatus(404)
  })

  test('refuse a custom domain that is malformed, the platform own or taken', async ({
    client,
    assert,
  }) => {
    const alpha = await createTenantWorld('alpha')
    const beta = await createTenantWorld('beta')
    await beta.tenant.merge({ customDomain: 'help.beta.example' }).save()
    const operator = await makeOperator()

    const refusals = {
      'not a host': 'Ange ett värdnamn, till exempel support.example.se.',
      'x.localhost': 'Ange en egen domän: localhost och dess underdomäner tillhör plattformen.',
      'help.beta.example': 'Det värdet används redan.',
    }
    for (const [customDomain, message] of Object.entries(refusals)) {
      const response = await client
        .put(`/console/tenants/${alpha.tenant.id}`)
        .header('Host', PLATFORM)
        .withGuard('operator')
        .loginAs(operator)
        .form({ name: 'Alpha', default_locale: 'en', custom_domain: customDomain })
        .withCsrfToken()
        .redirects(0)
      response.assertStatus(302)
      assert.deepEqual(response.flashMessages().inputErrorsBag, { custom_domain: [message] })
    }
    await alpha.tenant.refresh()
    assert.isNull(alpha.tenant.customDomain)
    assert.isTrue(alpha.tenant.active)
  })

  test('answer 404 for an unknown tenant id', async ({ client }) => {
    const operator = await makeOperator()
    for (const path of ['/console/tenants/999', '/console/tenants/999/edit']) {
      const response = await client
        .get(path)
        .header('Host', PLATFORM)
        .withGuard('operator')
        .loginAs(operator)
      response.assertStatus(404)
    }
  })
})

test.group('Platform | modules', (group) => {
  group.each.setup(async () => {
    await limiter.clear()
    return testDatabase.truncate()
  })

  test('enable a module for a tenant and record the billed month', async ({ client, assert }) => {
    const world = await createTenantWorld('alpha')
    const operator = await makeOperator()

    const response = await client
      .put(`/console/tenants/${world.tenant.id}/modules/email`)
      .header('Host', PLATFORM)
      .withGuard('operator')
      .loginAs(operator)
      .form({ enabled: '1' })
      .withCsrfToken()
      .redirects(0)

    response.assertHeader('location', `/console/tenants/${world.tenant.id}`)
    assert.isTrue(await modules.isEnabled(world.tenant.id, 'email'))
    const months = await db.from('tenant_plugin_months').where('tenant_id', world.tenant.id)
    assert.deepEqual(
      months.map((row) => [row.plugin_id, row.month]),
      [['email', DateTime.utc().toFormat('yyyy-MM')]]
    )

    const page = await client
      .get(`/console/tenants/${world.tenant.id}`)
      .header('Host', PLATFORM)
      .withGuard('operator')
      .loginAs(operator)
    page.assertTextIncludes(DateTime.utc().toFormat('yyyy-MM'))
    page.assertTextIncludes('Stäng av Email')
  })

  test('disable a module and make its pages answer 404 for the tenant', async ({
    client,
    assert,
  }) => {
    const world = await createTenantWorld('alpha', { modules: ['email'] })
    const operator = await makeOperator()

    const before = await client
      .get('/admin/modules/email/settings')
      .header('Host', world.host)
      .loginAs(world.admin)
    before.assertStatus(200)

    await client
      .put(`/console/tenants/${world.tenant.id}/modules/email`)
      .header('Host', PLATFORM)
      .withGuard('operator')
      .loginAs(operator)
      .form({ enabled: '0' })
      .withCsrfToken()

    assert.isFalse(await modules.isEnabled(world.tenant.id, 'email'))
    const after = await client
      .get('/admin/modules/email/settings')
      .header('Host', world.host)
      .loginAs(world.admin)
    after.assertStatus(404)
  })

  test('answer 404 when toggling a module that is not installed', async ({ client }) => {
    const world = await createTenantWorld('alpha')
    const operator = await makeOperator()
    const response = await client
      .put(`/console/tenants/${world.tenant.id}/modules/nonexistent`)
      .header('Host', PLATFORM)
      .withGuard('operator')
      .loginAs(operator)
      .form({ enabled: '1' })
      .withCsrfToken()
    response.assertStatus(404)
  })

  test('make a plugin route answer 404 once the module is disabled', async ({ client, assert }) => {
    const route = pluginPage()
    if (!route) return
    const world = await createTenantWorld('alpha', { modules: [route.plugin] })
    const operator = await makeOperator()
    const visit = () => client.get(route.pattern).header('Host', world.host).loginAs(world.admin)

    /* Reachable while enabled; what the page itself answers is the plugin's business. */
    const enabled = await visit()
    assert.notEqual(enabled.status(), 404, route.pattern)

    await client
      .put(`/console/tenants/${world.tenant.id}/modules/${route.plugin}`)
      .header('Host', PLATFORM)
      .withGuard('operator')
      .loginAs(operator)
      .form({ enabled: '0' })
      .withCsrfToken()

    const disabled = await visit()
    disabled.assertStatus(404)
  })
})

/**
 * The first page a plugin registers under `/p/<id>` that takes no
 * parameters, if any plugin has one.
 */
function pluginPage() {
  const routes = Object.values(router.toJSON()).flat()
  const page = routes.find(
    (route) =>
      route.methods.includes('GET') &&
      route.pattern.startsWith('/p/') &&
      !route.pattern.includes(':')
  )
  return page ? { pattern: page.pattern, plugin: page.pattern.split('/')[2] } : null
}
