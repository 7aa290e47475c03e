import { test } from '@japa/runner'
import mail from '@adonisjs/mail/services/main'
import testDatabase from '#tests/helpers/database'
import limiter from '@adonisjs/limiter/services/main'
import User from '#models/user'
import PasswordResetMail from '#mails/password_reset_mail'
import { asTenant, createTenantWorld } from '#tests/helpers/world'

const findUser = (world: { tenant: any }, email: string) =>
  asTenant(world, () => User.query().where('email', email).preload('answeringPoints').first())

test.group('Admin | users', (group) => {
  group.each.setup(async () => {
    await limiter.clear()
    const truncate = await testDatabase.truncate()
    return async () => {
      mail.restore()
      await truncate()
    }
  })

  test('list the tenant users and none of another tenant', async ({ client, assert }) => {
    const world = await createTenantWorld('alpha')
    await createTenantWorld('beta')
    const response = await client
      .get('/admin/users')
      .header('Host', world.host)
      .loginAs(world.admin)

    response.assertStatus(200)
    response.assertTextIncludes('agent@alpha.example')
    response.assertTextIncludes('Handläggare')
    assert.notInclude(response.text(), 'beta.example')
  })

  test('create a user with a role, answering points and a password', async ({ client, assert }) => {
    const { mails } = mail.fake()
    const world = await createTenantWorld('alpha')
    const other = await createTenantWorld('beta')

    const response = await client
      .post('/admin/users')
      .header('Host', world.host)
      .loginAs(world.admin)
      .form({
        full_name: 'Nils Ny',
        email: 'Nils@Alpha.example',
        role: 'supervisor',
        locale: 'en',
        answering_points: [String(world.point.id), String(other.point.id)],
        password: 'nils-password-1',
      })
      .withCsrfToken()
      .redirects(0)

    response.assertHeader('location', '/admin/users')
    response.assertFlashMessage('success', 'Nils Ny är skapad.')
    const user = await findUser(world, 'nils@alpha.example')
    assert.equal(user!.role, 'supervisor')
    assert.equal(user!.locale, 'en')
    assert.deepEqual(
      user!.answeringPoints.map((point) => point.id),
      [world.point.id]
    )
    mails.assertNoneQueued()

    const login = await client
      .post('/login')
      .header('Host', world.host)
      .form({ email: 'nils@alpha.example', password: 'nils-password-1' })
      .withCsrfToken()
      .redirects(0)
    assert.equal(login.session().auth_web, user!.id)
  })

  test('invite a user without a password by email', async ({ client, assert }) => {
    const { mails } = mail.fake()
    const world = await createTenantWorld('alpha')

    const response = await client
      .post('/admin/users')
      .header('Host', world.host)
      .loginAs(world.admin)
      .form({ full_name: 'Ida Inbjuden', email: 'ida@alpha.example', role: 'agent' })
      .withCsrfToken()
      .redirects(0)

    response.assertFlashMessage(
      'success',
      'Ida Inbjuden är skapad. En länk för att välja lösenord har skickats till ida@alpha.example.'
    )
    mails.assertQueued(PasswordResetMail, (sent) => {
      return JSON.stringify(sent.message.nodeMailerMessage.to).includes('ida@alpha.example')
    })
    assert.isNotNull(await findUser(world, 'ida@alpha.example'))
  })

  test('refuse an email already used in the tenant but allow it in another', async ({
    client,
    assert,
  }) => {
    const world = await createTenantWorld('alpha')
    const other = await createTenantWorld('beta')
    const create = (host: string, admin: User, email: string) =>
      client
        .post('/admin/users')
        .header('Host', host)
        .loginAs(admin)
        .form({ full_name: 'Dup', email, role: 'agent', password: 'dup-password-1' })
        .withCsrfToken()
        .redirects(0)

    const taken = await create(world.host, world.admin, world.agent.email.toUpperCase())
    assert.deepEqual(taken.flashMessages().inputErrorsBag, {
      email: ['Det värdet används redan.'],
    })
    taken.assertFlashMessage('full_name', 'Dup')

    const elsewhere = await create(other.host, other.admin, world.agent.email)
    elsewhere.assertHeader('location', '/admin/users')
    assert.isNotNull(await findUser(other, world.agent.email))
  })

  test('edit a user and replace their answering points', async ({ client, assert }) => {
    const world = await createTenantWorld('alpha')
    const form = await client
      .get(`/admin/users/${world.agent.id}/edit`)
      .header('Host', world.host)
      .loginAs(world.admin)
    form.assertTextIncludes(`value="${world.agent.email}"`)
    form.assertTextIncludes('checked')

    const response = await client
      .put(`/admin/users/${world.agent.id}`)
      .header('Host', world.host)
      .loginAs(world.admin)
      .form({
        full_name: 'Agent Renamed',
        email: world.agent.email,
        role: 'supervisor',
        active: '1',
      })
      .withCsrfToken()
      .redirects(0)

    response.assertHeader('location', '/admin/users')
    const user = await findUser(world, world.agent.email)
    assert.equal(user!.fullName, 'Agent Renamed')
    assert.equal(user!.role, 'supervisor')
    assert.isTrue(user!.active)
    assert.lengthOf(user!.answeringPoints, 0)
    assert.isTrue(await user!.verifyPassword('secret-password-1'))
  })

  test('deactivate a user, who can then no longer log in', async ({ client, assert }) => {
    const world = await createTenantWorld('alpha')
    const response = await client
      .delete(`/admin/users/${world.agent.id}`)
      .header('Host', world.host)
      .loginAs(world.admin)
      .withCsrfToken()
      .redirects(0)

    response.assertHeader('location', '/admin/users')
    assert.isFalse((await findUser(world, world.agent.email))!.active)

    const session = await client
      .get('/admin/settings')
      .header('Host', world.host)
      .loginAs(world.agent)
      .redirects(0)
    session.assertStatus(302)
    session.assertHeader('location', '/login')
  })

  test('keep at least one active admin', async ({ client, assert }) => {
    const world = await createTenantWorld('alpha')
    const demote = await client
      .put(`/admin/users/${world.admin.id}`)
      .header('Host', world.host)
      .header('Referer', `http://${world.host}/admin/users/${world.admin.id}/edit`)
      .loginAs(world.admin)
      .form({
        full_name: world.admin.fullName,
        email: world.admin.email,
        role: 'agent',
        active: '1',
      })
      .withCsrfToken()
      .redirects(0)

    demote.assertStatus(302)
    demote.assertHeader('location', `http://${world.host}/admin/users/${world.admin.id}/edit`)
    demote.assertFlashMessage('error', 'Organisationen måste ha minst en aktiv administratör.')
    assert.equal((await findUser(world, world.admin.email))!.role, 'admin')
  })

  test('refuse to deactivate the own account', async ({ client, assert }) => {
    const world = await createTenantWorld('alpha')
    const response = await client
      .delete(`/admin/users/${world.admin.id}`)
      .header('Host', world.host)
      .loginAs(world.admin)
      .withCsrfToken()
      .redirects(0)

    response.assertFlashMessage('error', 'Du kan inte inaktivera ditt eget konto.')
    assert.isTrue((await findUser(world, world.admin.email))!.active)
  })

  test('send a user a password reset link', async ({ client }) => {
    const { mails } = mail.fake()
    const world = await createTenantWorld('alpha')
    const response = await client
      .post(`/admin/users/${world.agent.id}/password-reset`)
      .header('Host', world.host)
      .loginAs(world.admin)
      .withCsrfToken()
      .redirects(0)

    response.assertHeader('location', `/admin/users/${world.agent.id}/edit`)
    response.assertFlashMessage(
      'success',
      `En länk för nytt lösenord har skickats till ${world.agent.email}.`
    )
    mails.assertQueuedCount(PasswordResetMail, 1)
  })
})
