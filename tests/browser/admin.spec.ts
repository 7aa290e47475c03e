import { test } from '@japa/runner'
import type { Page } from 'playwright'
import limiter from '@adonisjs/limiter/services/main'
import testDatabase from '#tests/helpers/database'
import { createTenantWorld, PASSWORD, type TenantWorld } from '#tests/helpers/world'
import { accessibilityViolations, logIn, originOf } from './helpers.js'

/**
 * Logs the world's admin in and opens the admin area from the header.
 */
async function adminArea(page: Page, world: TenantWorld) {
  const origin = originOf(world.host)
  await logIn(page, world.admin.email, PASSWORD, `${origin}/tickets`)
  const nav = page.getByRole('navigation', { name: 'Huvudmeny' })
  await Promise.all([
    page.waitForURL(`${origin}/admin/settings`),
    nav.getByRole('link', { name: 'Inställningar' }).click(),
  ])
}

/**
 * Follows a link of the admin area's section menu.
 */
async function section(page: Page, name: string, url: string | RegExp) {
  const nav = page.getByRole('navigation', { name: 'Administrationens delar' })
  await Promise.all([page.waitForURL(url), nav.getByRole('link', { name }).click()])
  await nav.locator('[aria-current="page"]').filter({ hasText: name }).waitFor()
}

/**
 * Submits the page's main form with its button and waits for the
 * page the server answers with.
 */
async function submit(page: Page, button: string) {
  await Promise.all([
    page.waitForLoadState('load'),
    page.getByRole('main').getByRole('button', { name: button, exact: true }).click(),
  ])
}

test.group('Browser | tenant admin', (group) => {
  group.each.setup(async () => {
    await limiter.clear()
    return testDatabase.truncate()
  })

  test('add a user through the form, after a rejected address', async ({ visit, assert }) => {
    const world = await createTenantWorld('shop', { modules: ['email'] })
    const origin = originOf(world.host)
    const page = await visit(`${origin}/login`)
    await adminArea(page, world)

    await section(page, 'Användare', `${origin}/admin/users`)
    const users = page.getByRole('table', { name: 'Användare' })
    assert.equal(await users.getByRole('row').count(), 4)
    assert.deepEqual(await accessibilityViolations(page), [])

    /* The form, sent with an address another user has. */
    await Promise.all([
      page.waitForURL(`${origin}/admin/users/create`),
      page.getByRole('link', { name: 'Ny användare' }).click(),
    ])
    assert.deepEqual(await accessibilityViolations(page), [])
    const main = page.getByRole('main')
    await main.getByRole('textbox', { name: 'Namn', exact: true }).fill('Nils Nyman')
    await main.getByRole('textbox', { name: 'E-postadress' }).fill(world.agent.email)
    await main.getByRole('combobox', { name: 'Roll' }).selectOption('supervisor')
    await main.getByRole('checkbox', { name: 'Support' }).check()
    await main.getByLabel('Lösenord').fill('nils-password-1')
    await submit(page, 'Skapa användare')

    const email = main.getByRole('textbox', { name: 'E-postadress' })
    assert.equal(await email.getAttribute('aria-invalid'), 'true')
    const described = await email.getAttribute('aria-describedby')
    assert.isNotEmpty(await page.locator(`[id="${described}"]`).innerText())
    assert.equal(
      await main.getByRole('textbox', { name: 'Namn', exact: true }).inputValue(),
      'Nils Nyman'
    )
    assert.deepEqual(await accessibilityViolations(page), [])

    /* Corrected, the user is created. */
    await email.fill('nils@shop.example')
    await main.getByLabel('Lösenord').fill('nils-password-1')
    await submit(page, 'Skapa användare')
    await page.getByRole('status').filter({ hasText: 'Nils Nyman är skapad.' }).waitFor()
    const row = users.getByRole('row').filter({ hasText: 'nils@shop.example' })
    assert.include(await row.innerText(), 'Arbetsledare')
    assert.include(await row.innerText(), 'Support')
  })

  test('show answering points, settings and module settings', async ({ visit, assert }) => {
    const world = await createTenantWorld('shop', { modules: ['email'] })
    const origin = originOf(world.host)
    const page = await visit(`${origin}/login`)
    await adminArea(page, world)

    /* Answering points and the new-point form. */
    await section(page, 'Svarsställen', `${origin}/admin/answering-points`)
    const points = page.getByRole('table', { name: 'Svarsställen' })
    await points.getByRole('link', { name: 'Support' }).waitFor()
    assert.deepEqual(await accessibilityViolations(page), [])
    await page.goto(`${origin}/admin/answering-points/create`)
    await page.getByRole('heading', { level: 1, name: 'Nytt svarsställe' }).waitFor()
    assert.deepEqual(await accessibilityViolations(page), [])

    /* The tenant's settings, saved. */
    await section(page, 'Inställningar', `${origin}/admin/settings`)
    const everyPoint = page.getByRole('checkbox', { name: /alla svarsställen/ })
    await everyPoint.check()
    await submit(page, 'Spara')
    await page.getByRole('status').filter({ hasText: 'Inställningarna är sparade.' }).waitFor()
    assert.isTrue(await everyPoint.isChecked())
    assert.deepEqual(await accessibilityViolations(page), [])

    /* The modules page and the email module's settings. */
    await section(page, 'Moduler', `${origin}/admin/modules`)
    const email = page
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { level: 3 }) })
    assert.include(await email.innerText(), 'E-post in via IMAP eller vidarebefordran')
    assert.deepEqual(await accessibilityViolations(page), [])
    await Promise.all([
      page.waitForURL(`${origin}/admin/modules/email/settings`),
      page.getByRole('link', { name: 'Inställningar för Email' }).click(),
    ])
    const largest = page.getByRole('spinbutton', { name: 'Största tillåtna meddelande (MB)' })
    await largest.fill('10')
    await submit(page, 'Spara')
    await page.getByRole('status').filter({ hasText: 'Inställningarna är sparade.' }).waitFor()
    assert.equal(await largest.inputValue(), '10')
    assert.deepEqual(await accessibilityViolations(page), [])
  })
})
