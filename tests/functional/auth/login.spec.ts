import { test } from '@japa/runner'
import testDatabase from '#tests/helpers/database'
import limiter from '@adonisjs/limiter/services/main'
import User from '#models/user'
import Operator from '#models/operator'
import { LOGIN_ATTEMPTS } from '#services/auth_service'
import { PASSWORD, asTenant, createTenantWorld } from '#tests/helpers/world'

test.group('Auth | login', (group) => {
  group.each.setup(async () => {
    await limiter.clear()
    return testDatabase.truncate()
  })

  test('show the login form on a tenant host', async ({ client }) => {
    const world = await createTenantWorld('alpha')
    const response = await client.get('/login').header('Host', world.host)

    response.assertStatus(200)
    response.assertTextIncludes('name="email"')
    response.assertTextIncludes('Logga in på Tenant alpha')
    response.assertTextIncludes('href="/forgot-password"')
  })

  test('answer 404 for the login form on an unknown host', async ({ client }) => {
    const response = await client.get('/login').header('Host', 'nobody.localhost')
    response.assertStatus(404)
  })

  test('log a user in and send them to the start page', async ({ client, assert }) => {
    const world = await createTenantWorld('alpha')
    const response = await client
      .post('/login')
      .header('Host', world.host)
      .form({ email: world.agent.email, password: PASSWORD })
      .withCsrfToken()
      .redirects(0)

    response.assertStatus(302)
    response.assertHeader('location', '/')
    assert.equal(response.session().auth_web, world.agent.id)
  })

  test('accept the email in any letter case', async ({ client, assert }) => {
    const world = await createTenantWorld('alpha')
    const response = await client
      .post('/login')
      .header('Host', world.host)
      .form({ email: world.agent.email.toUpperCase(), password: PASSWORD })
      .withCsrfToken()
      .redirects(0)

    assert.equal(response.session().auth_web, world.agent.id)
  })

  test('refuse a wrong password with a message and keep the email', async ({ client, assert }) => {
    const world = await createTenantWorld('alpha')
    const response = await client
      .post('/login')
      .header('Host', world.host)
      .form({ email: world.agent.email, password: 'not-the-password' })
      .withCsrfToken()
      .redirects(0)

    response.assertStatus(302)
    response.assertHeader('location', '/login')
    response.assertFlashMessage('error', 'Fel e-postadress eller lösenord.')
    response.assertFlashMessage('email', world.agent.email)
    assert.isUndefined(response.flashMessages().password)
    assert.isUndefined(response.session().auth_web)
  })

  test('refuse an inactive user with the same message', async ({ client, assert }) => {
    const world = await createTenantWorld('alpha')
    await asTenant(world, async () => {
      world.agent.active = false
      await world.agent.save()
    })
    const response = await client
      .post('/login')
      .header('Host', world.host)
      .form({ email: world.agent.email, password: PASSWORD })
      .withCsrfToken()
      .redirects(0)

    response.assertFlashMessage('error', 'Fel e-postadress eller lösenord.')
    assert.isUndefined(response.session().auth_web)
  })

  test('show validation errors for a malformed email', async ({ client, assert }) => {
    const world = await createTenantWorld('alpha')
    const response = await client
      .post('/login')
      .header('Host', world.host)
      .form({ email: 'not an email', password: '' })
      .withCsrfToken()
      .redirects(0)

    response.assertStatus(302)
    response.assertFlashMessage('email', 'not an email')
    assert.deepEqual(response.flashMessages().inputErrorsBag, {
      email: ['Ange en giltig e-postadress.'],
      password: ['Fyll i det här fältet.'],
    })
  })

  test('keep two accounts with the same email apart per tenant', async ({ client, assert }) => {
    const alpha = await createTenantWorld('alpha')
    const beta = await createTenantWorld('beta')
    const email = 'shared@example.com'
    const inAlpha = await asTenant(alpha, () =>
      User.create({ email, fullName: 'In Alpha', password: 'alpha-password-1', role: 'agent' })
    )
    const inBeta = await asTenant(beta, () =>
      User.create({ email, fullName: 'In Beta', password: 'beta-password-1', role: 'agent' })
    )

    const login = (host: string, password: string) =>
      client
        .post('/login')
        .header('Host', host)
        .form({ email, password })
        .withCsrfToken()
        .redirects(0)

    assert.equal((await login(alpha.host, 'alpha-password-1')).session().auth_web, inAlpha.id)
    assert.equal((await login(beta.host, 'beta-password-1')).session().auth_web, inBeta.id)
    assert.isUndefined((await login(alpha.host, 'beta-password-1')).session().auth_web)
  })

  test('never find a user of another tenant by email', async ({ assert }) => {
    const alpha = await createTenantWorld('alpha')
    const beta = await createTenantWorld('beta')

    const found = await asTenant(alpha, () => User.findForAuth(['email'], beta.agent.email))
    assert.isNull(found)
    await assert.rejects(() =>
      asTenant(alpha, () => User.verifyCredentials(beta.agent.email, PASSWORD))
    )
  })

  test('lock the form after repeated failures, even for the right password', async ({
    client,
    assert,
  }) => {
    const world = await createTenantWorld('alpha')
    const attempt = (password: string) =>
      client
        .post('/login')
        .header('Host', world.host)
        .form({ email: world.agent.email, password })
        .withCsrfToken()
        .redirects(0)

    for (let i = 0; i < LOGIN_ATTEMPTS; i++) {
      const failed = await attempt('wrong-password')
      failed.assertFlashMessage('error', 'Fel e-postadress eller lösenord.')
    }
    const locked = await attempt(PASSWORD)

    locked.assertStatus(302)
    locked.assertHeader('location', '/login')
    locked.assertFlashMessage(
      'error',
      'För många misslyckade inloggningsförsök. Försök igen om 15 minuter.'
    )
    assert.isUndefined(locked.session().auth_web)
  })

  test('count failures per email, so another user can still log in', async ({ client, assert }) => {
    const world = await createTenantWorld('alpha')
    for (let i = 0; i < LOGIN_ATTEMPTS + 1; i++) {
      await client
        .post('/login')
        .header('Host', world.host)
        .form({ email: world.agent.email, password: 'wrong-password' })
        .withCsrfToken()
    }
    const other = await client
      .post('/login')
      .header('Host', world.host)
      .form({ email: world.admin.email, password: PASSWORD })
      .withCsrfToken()
      .redirects(0)

    assert.equal(other.session().auth_web, world.admin.id)
  })

  test('answer in English to an English-speaking browser', async ({ client }) => {
    const world = await createTenantWorld('alpha')
    world.tenant.defaultLocale = 'en'
    await world.tenant.save()
    const response = await client
      .post('/login')
      .header('Host', world.host)
      .form({ email: world.agent.email, password: 'wrong-password' })
      .withCsrfToken()
      .redirects(0)

    response.assertFlashMessage('error', 'Wrong email address or password.')
  })

  test('log the user out', async ({ client, assert }) => {
    const world = await createTenantWorld('alpha')
    const response = await client
      .post('/logout')
      .header('Host', world.host)
      .loginAs(world.agent)
      .withCsrfToken()
      .redirects(0)

    response.assertStatus(302)
    response.assertHeader('location', '/login')
    assert.isUndefined(response.session().auth_web)
  })

  test('send a logged-in user away from the login form', async ({ client }) => {
    const world = await createTenantWorld('alpha')
    const response = await client
      .get('/login')
      .header('Host', world.host)
      .loginAs(world.agent)
      .redirects(0)

    response.assertStatus(302)
    response.assertHeader('location', '/')
  })
})

test.group('Auth | operator login', (group) => {
  group.each.setup(async () => {
    await limiter.clear()
    return testDatabase.truncate()
  })

  test('log an operator in on the platform host only', async ({ client, assert }) => {
    const world = await createTenantWorld('alpha')
    const operator = await Operator.create({
      email: 'op@platform.example',
      fullName: 'Op',
      password: 'operator-password',
    })
    const login = (host: string) =>
      client
        .post('/login')
        .header('Host', host)
        .form({ email: operator.email, password: 'operator-password' })
        .withCsrfToken()
        .redirects(0)

    const onPlatform = await login('localhost')
    onPlatform.assertHeader('location', '/console/tenants')
    assert.equal(onPlatform.session().auth_operator, operator.id)

    const onTenant = await login(world.host)
    onTenant.assertFlashMessage('error', 'Fel e-postadress eller lösenord.')
    assert.isUndefined(onTenant.session().auth_operator)
    assert.isUndefined(onTenant.session().auth_web)
  })

  test('refuse tenant users on the platform host', async ({ client, assert }) => {
    const world = await createTenantWorld('alpha')
    const response = await client
      .post('/login')
      .header('Host', 'localhost')
      .form({ email: world.admin.email, password: PASSWORD })
      .withCsrfToken()
      .redirects(0)

    response.assertFlashMessage('error', 'Fel e-postadress eller lösenord.')
    assert.isUndefined(response.session().auth_operator)
  })

  test('show the console login form on the platform host', async ({ client, assert }) => {
    const response = await client.get('/login').header('Host', 'localhost')
    response.assertStatus(200)
    response.assertTextIncludes('Logga in på plattformskonsolen')
    assert.notInclude(response.text(), 'forgot-password')
  })
})
