import { test } from '@japa/runner'
import type { BrowserContext } from 'playwright'
import limiter from '@adonisjs/limiter/services/main'
import testDatabase from '#tests/helpers/database'
import Operator from '#models/operator'
import { createTenantWorld } from '#tests/helpers/world'
import { accessibilityViolations, logIn, originOf, type BrowserWindow } from './helpers.js'

const CONSOLE = originOf('localhost')
const OPERATOR = { email: 'op@platform.example', password: 'operator-password' }

/**
 * An operator logged in to the console in Swedish, on the tenant list.
 */
async function consolePage(browserContext: BrowserContext) {
  await Operator.create({ ...OPERATOR, fullName: 'Olga Operatör' })
  await browserContext.setExtraHTTPHeaders({ 'Accept-Language': 'sv-SE,sv;q=0.9' })
  const page = await browserContext.newPage()
  await page.goto(`${CONSOLE}/login`)
  return page
}

test.group('Browser | platform console', (group) => {
  group.each.setup(async () => {
    await limiter.clear()
    return testDatabase.truncate()
  })

  test('create a tenant whose admin can then log in', async ({ browserContext, assert }) => {
    await createTenantWorld('shop')
    const page = await consolePage(browserContext)

    /* The operator login and the tenant list. */
    const heading = 'Logga in på plattformskonsolen'
    await page.getByRole('heading', { level: 1, name: heading }).waitFor()
    assert.deepEqual(await accessibilityViolations(page), [])
    await logIn(page, OPERATOR.email, OPERATOR.password, `${CONSOLE}/console/tenants`)
    await page.getByRole('heading', { level: 1, name: 'Kunder' }).waitFor()
    await page.getByRole('link', { name: 'Tenant shop' }).waitFor()
    assert.deepEqual(await accessibilityViolations(page), [])

    /* The new-tenant form. */
    await Promise.all([
      page.waitForURL(`${CONSOLE}/console/tenants/create`),
      page.getByRole('link', { name: 'Ny kund' }).click(),
    ])
    assert.deepEqual(await accessibilityViolations(page), [])
    const part = (name: string) => page.getByRole('group', { name, exact: true })
    const field = (group: string, name: string) =>
      part(group).getByRole('textbox', { name, exact: true })
    await field('Kunden', 'Namn').fill('Delta AB')
    await field('Kunden', 'Adressnamn').fill('delta')
    await part('Kunden').getByRole('combobox', { name: 'Standardspråk' }).selectOption('sv')
    await field('Kundens första administratör', 'Namn').fill('Dora Delta')
    await field('Kundens första administratör', 'E-postadress').fill('dora@delta.example')
    await part('Kundens första administratör').getByLabel('Lösenord').fill('delta-admin-password')
    await Promise.all([
      page.waitForURL(/\/console\/tenants\/\d+$/),
      page.getByRole('button', { name: 'Skapa kund' }).click(),
    ])
    await page.getByRole('status').filter({ hasText: 'Kunden Delta AB är skapad.' }).waitFor()
    assert.deepEqual(await accessibilityViolations(page), [])

    /* Its admin logs in on the tenant's own host. */
    const tenantOrigin = originOf('delta.localhost')
    await page.goto(`${tenantOrigin}/login`)
    await page.getByRole('heading', { level: 1, name: 'Logga in på Delta AB' }).waitFor()
    await logIn(page, 'dora@delta.example', 'delta-admin-password', `${tenantOrigin}/tickets`)
    await page.getByRole('heading', { level: 1, name: 'Ärenden' }).waitFor()
  })

  test('switch a module on and off from the tenant page', async ({ browserContext, assert }) => {
    const world = await createTenantWorld('shop')
    const page = await consolePage(browserContext)
    await logIn(page, OPERATOR.email, OPERATOR.password, `${CONSOLE}/console/tenants`)

    await Promise.all([
      page.waitForURL(`${CONSOLE}/console/tenants/${world.tenant.id}`),
      page.getByRole('link', { name: 'Tenant shop' }).click(),
    ])
    const modules = page.getByRole('table', { name: 'Moduler' })
    const row = modules.getByRole('row').filter({ hasText: 'Email' })
    assert.equal(await row.getByRole('cell').nth(1).innerText(), 'Av')
    assert.deepEqual(await accessibilityViolations(page), [])

    await Promise.all([
      page.waitForLoadState('load'),
      row.getByRole('button', { name: 'Slå på Email' }).click(),
    ])
    await page.getByRole('status').filter({ hasText: 'Modulen Email är påslagen' }).waitFor()
    assert.equal(await row.getByRole('cell').nth(1).innerText(), 'På')
    assert.deepEqual(await accessibilityViolations(page), [])

    await Promise.all([
      page.waitForLoadState('load'),
      row.getByRole('button', { name: 'Stäng av Email' }).click(),
    ])
    await page.getByRole('status').filter({ hasText: 'Modulen Email är avstängd' }).waitFor()
    assert.equal(await row.getByRole('cell').nth(1).innerText(), 'Av')

    /* WCAG 1.4.10: the list and the tenant page fit 320 pixels. */
    await page.setViewportSize({ width: 320, height: 640 })
    for (const path of ['/console/tenants', `/console/tenants/${world.tenant.id}`]) {
      await page.goto(`${CONSOLE}${path}`)
      const width = await page.evaluate(
        () => (globalThis as unknown as BrowserWindow).document.documentElement.scrollWidth
      )
      assert.isAtMost(width, 320, path)
    }
  })
})
