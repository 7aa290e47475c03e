import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import mail from '@adonisjs/mail/services/main'
import testDatabase from '#tests/helpers/database'
import limiter from '@adonisjs/limiter/services/main'
import type { ApiClient } from '@japa/api-client'
import PasswordResetMail from '#mails/password_reset_mail'
import PasswordResetToken from '#models/password_reset_token'
import { hashToken } from '#services/auth_service'
import { PASSWORD, asTenant, createTenantWorld } from '#tests/helpers/world'

const NEW_PASSWORD = 'a-brand-new-password'

/**
 * Asks for a reset link and returns the queued mails.
 */
async function requestLink(client: ApiClient, host: string, email: string) {
  return client
    .post('/forgot-password')
    .header('Host', host)
    .form({ email })
    .withCsrfToken()
    .redirects(0)
}

/**
 * The token in the link of a queued reset mail.
 */
function tokenFrom(sent: PasswordResetMail) {
  const text = String(sent.message.nodeMailerMessage.text)
  const match = text.match(/http:\/\/alpha\.localhost\/reset-password\/([A-Za-z0-9_-]+)/)
  if (!match) throw new Error(`no reset link in: ${text}`)
  return match[1]
}

function login(client: ApiClient, host: string, email: string, password: string) {
  return client
    .post('/login')
    .header('Host', host)
    .form({ email, password })
    .withCsrfToken()
    .redirects(0)
}

test.group('Auth | password reset', (group) => {
  group.each.setup(async () => {
    await limiter.clear()
    const truncate = await testDatabase.truncate()
    return async () => {
      mail.restore()
      await truncate()
    }
  })

  test('reset a password through the emailed link, once', async ({ client, assert }) => {
    const { mails } = mail.fake()
    const world = await createTenantWorld('alpha')

    const asked = await requestLink(client, world.host, world.agent.email)
    asked.assertHeader('location', '/forgot-password')
    asked.assertFlashMessage(
      'success',
      'Om adressen hör till ett konto här har vi skickat en länk dit. Den gäller i en timme.'
    )

    mails.assertQueuedCount(PasswordResetMail, 1)
    const sent = mails.queued()[0] as PasswordResetMail
    assert.deepEqual(sent.message.nodeMailerMessage.to, [
      { address: world.agent.email, name: world.agent.fullName },
    ])
    assert.equal(sent.message.nodeMailerMessage.subject, 'Välj ett nytt lösenord för Tenant alpha')
    const token = tokenFrom(sent)
    assert.include(String(sent.message.nodeMailerMessage.html), `/reset-password/${token}`)

    /* Only the hash is stored. */
    const stored = await asTenant(world, () => PasswordResetToken.all())
    assert.lengthOf(stored, 1)
    assert.equal(stored[0].tokenHash, hashToken(token))
    assert.notEqual(stored[0].tokenHash, token)

    const form = await client.get(`/reset-password/${token}`).header('Host', world.host)
    form.assertStatus(200)
    form.assertTextIncludes('name="password_confirmation"')

    const reset = await client
      .post(`/reset-password/${token}`)
      .header('Host', world.host)
      .form({ password: NEW_PASSWORD, password_confirmation: NEW_PASSWORD })
      .withCsrfToken()
      .redirects(0)
    reset.assertHeader('location', '/login')
    reset.assertFlashMessage('success', 'Ditt lösenord är bytt. Logga in med det nya lösenordet.')

    const withNew = await login(client, world.host, world.agent.email, NEW_PASSWORD)
    assert.equal(withNew.session().auth_web, world.agent.id)
    const withOld = await login(client, world.host, world.agent.email, PASSWORD)
    assert.isUndefined(withOld.session().auth_web)

    /* The link works once. */
    const again = await client
      .post(`/reset-password/${token}`)
      .header('Host', world.host)
      .form({ password: 'yet-another-password', password_confirmation: 'yet-another-password' })
      .withCsrfToken()
      .redirects(0)
    again.assertHeader('location', '/forgot-password')
    again.assertFlashMessage(
      'error',
      'Länken för att återställa lösenordet är ogiltig, redan använd eller för gammal.'
    )
    const usedForm = await client.get(`/reset-password/${token}`).header('Host', world.host)
    usedForm.assertStatus(410)
  })

  test('answer the same for an unknown address and send nothing', async ({ client }) => {
    const { mails } = mail.fake()
    const world = await createTenantWorld('alpha')

    const known = await requestLink(client, world.host, world.agent.email)
    const unknown = await requestLink(client, world.host, 'nobody@example.com')

    unknown.assertStatus(known.status())
    unknown.assertHeader('location', known.header('location'))
    unknown.assertFlashMessage('success', known.flashMessages().success)
    mails.assertQueuedCount(PasswordResetMail, 1)
  })

  test('send nothing to an inactive user', async ({ client }) => {
    const { mails } = mail.fake()
    const world = await createTenantWorld('alpha')
    await asTenant(world, async () => {
      world.agent.active = false
      await world.agent.save()
    })

    const response = await requestLink(client, world.host, world.agent.email)
    response.assertHeader('location', '/forgot-password')
    mails.assertNoneQueued()
  })

  test('refuse an expired link', async ({ client }) => {
    const { mails } = mail.fake()
    const world = await createTenantWorld('alpha')
    await requestLink(client, world.host, world.agent.email)
    const token = tokenFrom(mails.queued()[0] as PasswordResetMail)
    await asTenant(world, () =>
      PasswordResetToken.query().update({
        expires_at: DateTime.utc().minus({ minutes: 1 }).toFormat('yyyy-MM-dd HH:mm:ss'),
      })
    )

    const form = await client.get(`/reset-password/${token}`).header('Host', world.host)
    form.assertStatus(410)
    form.assertTextIncludes('Begär en ny länk')

    const reset = await client
      .post(`/reset-password/${token}`)
      .header('Host', world.host)
      .form({ password: NEW_PASSWORD, password_confirmation: NEW_PASSWORD })
      .withCsrfToken()
      .redirects(0)
    reset.assertHeader('location', '/forgot-password')
  })

  test('refuse a link on another tenant host', async ({ client }) => {
    const { mails } = mail.fake()
    const world = await createTenantWorld('alpha')
    const other = await createTenantWorld('beta')
    await requestLink(client, world.host, world.agent.email)
    const token = tokenFrom(mails.queued()[0] as PasswordResetMail)

    const form = await client.get(`/reset-password/${token}`).header('Host', other.host)
    form.assertStatus(410)
  })

  test('keep the link working when the passwords do not match', async ({ client, assert }) => {
    const { mails } = mail.fake()
    const world = await createTenantWorld('alpha')
    await requestLink(client, world.host, world.agent.email)
    const token = tokenFrom(mails.queued()[0] as PasswordResetMail)

    const reset = await client
      .post(`/reset-password/${token}`)
      .header('Host', world.host)
      .header('Referer', `http://${world.host}/reset-password/${token}`)
      .form({ password: NEW_PASSWORD, password_confirmation: 'something-else-entirely' })
      .withCsrfToken()
      .redirects(0)

    assert.deepEqual(reset.flashMessages().inputErrorsBag, {
      password_confirmation: ['Värdena stämmer inte överens.'],
    })
    const form = await client.get(`/reset-password/${token}`).header('Host', world.host)
    form.assertStatus(200)
  })

  test('write the mail in the user language', async ({ client, assert }) => {
    const { mails } = mail.fake()
    const world = await createTenantWorld('alpha')
    await asTenant(world, async () => {
      world.agent.locale = 'en'
      await world.agent.save()
    })

    await requestLink(client, world.host, world.agent.email)
    const sent = mails.queued()[0] as PasswordResetMail
    assert.equal(sent.message.nodeMailerMessage.subject, 'Choose a new password for Tenant alpha')
    assert.include(String(sent.message.nodeMailerMessage.text), 'The link works for one hour')
  })

  test('use the port the tenant host was reached on in the link', async ({ client, assert }) => {
    const { mails } = mail.fake()
    const world = await createTenantWorld('alpha')
    await requestLink(client, `${world.host}:3333`, world.agent.email)
    const sent = mails.queued()[0] as PasswordResetMail
    assert.match(
      String(sent.message.nodeMailerMessage.text),
      /http:\/\/alpha\.localhost:3333\/reset-password\/[A-Za-z0-9_-]{43}/
    )
  })
})
