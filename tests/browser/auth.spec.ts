import { test } from '@japa/runner'
import mail from '@adonisjs/mail/services/main'
import limiter from '@adonisjs/limiter/services/main'
import testDatabase from '#tests/helpers/database'
import PasswordResetMail from '#mails/password_reset_mail'
import { createTenantWorld, PASSWORD } from '#tests/helpers/world'
import { accessibilityViolations, originOf } from './helpers.js'

test.group('Browser | login and password reset', (group) => {
  group.each.setup(async () => {
    await limiter.clear()
    return testDatabase.truncate()
  })
  group.each.teardown(() => mail.restore())

  test('show the login page in Swedish and in English', async ({ visit, assert }) => {
    const world = await createTenantWorld('shop')
    const english = await createTenantWorld('north')
    english.tenant.defaultLocale = 'en'
    await english.tenant.save()

    const page = await visit(`${originOf(world.host)}/login`)
    await page.getByRole('heading', { level: 1, name: 'Logga in på Tenant shop' }).waitFor()
    assert.equal(await page.locator('html').getAttribute('lang'), 'sv')
    await page.getByLabel('E-postadress').waitFor()
    await page.getByLabel('Lösenord').waitFor()
    assert.deepEqual(await accessibilityViolations(page), [])

    await page.goto(`${originOf(english.host)}/login`)
    await page.getByRole('heading', { level: 1, name: 'Log in to Tenant north' }).waitFor()
    assert.equal(await page.locator('html').getAttribute('lang'), 'en')
    await page.getByRole('link', { name: 'Forgot your password?' }).waitFor()
    assert.deepEqual(await accessibilityViolations(page), [])
  })

  test('show why a login failed and keep the form usable', async ({ visit, assert }) => {
    const world = await createTenantWorld('shop')
    const origin = originOf(world.host)

    const page = await visit(`${origin}/login`)
    await page.getByLabel('E-postadress').fill(world.agent.email)
    await page.getByLabel('Lösenord').fill('not-the-password')
    await Promise.all([
      page.waitForLoadState('load'),
      page.getByRole('button', { name: 'Logga in' }).click(),
    ])

    const alert = page.getByRole('alert')
    assert.equal(await alert.innerText(), 'Fel e-postadress eller lösenord.')
    assert.equal(page.url(), `${origin}/login`)
    assert.deepEqual(await accessibilityViolations(page), [])

    /* The right password still works from the same page. */
    await page.getByLabel('E-postadress').fill(world.agent.email)
    await page.getByLabel('Lösenord').fill(PASSWORD)
    await Promise.all([
      page.waitForURL(`${origin}/tickets`),
      page.getByRole('button', { name: 'Logga in' }).click(),
    ])
  })

  test('ask for a reset link and open it', async ({ visit, assert }) => {
    const { mails } = mail.fake()
    const world = await createTenantWorld('shop')
    const origin = originOf(world.host)

    const page = await visit(`${origin}/login`)
    await Promise.all([
      page.waitForURL(`${origin}/forgot-password`),
      page.getByRole('link', { name: 'Glömt lösenordet?' }).click(),
    ])
    await page.getByRole('heading', { level: 1, name: 'Återställ lösenord' }).waitFor()
    assert.deepEqual(await accessibilityViolations(page), [])

    await page.getByLabel('E-postadress').fill(world.agent.email)
    await Promise.all([
      page.waitForLoadState('load'),
      page.getByRole('button', { name: 'Skicka länk' }).click(),
    ])
    await page.getByRole('status').filter({ hasText: 'Om adressen hör till ett konto' }).waitFor()
    assert.deepEqual(await accessibilityViolations(page), [])

    /* The link in the mail opens the new-password form. */
    mails.assertQueuedCount(PasswordResetMail, 1)
    const queued = mails.queued()[0] as PasswordResetMail
    const text = String(queued.message.nodeMailerMessage.text)
    const link = text.match(/\/reset-password\/[A-Za-z0-9_-]+/)
    assert.isNotNull(link)
    await page.goto(`${origin}${link![0]}`)
    await page.getByRole('heading', { level: 1, name: 'Välj nytt lösenord' }).waitFor()
    await page.getByLabel('Upprepa det nya lösenordet').waitFor()
    assert.deepEqual(await accessibilityViolations(page), [])
  })
})
