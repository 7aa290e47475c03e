import { test } from '@japa/runner'
import type { Page } from 'playwright'
import limiter from '@adonisjs/limiter/services/main'
import testDatabase from '#tests/helpers/database'
import Contact from '#models/contact'
import ContactIdentity from '#models/contact_identity'
import dpa from '#services/privacy/dpa_service'
import tickets from '#services/ticket_service'
import Operator from '#models/operator'
import { asTenant, createTenantWorld, PASSWORD, type TenantWorld } from '#tests/helpers/world'
import { accessibilityViolations, logIn, originOf } from './helpers.js'

/**
 * Logs the world's admin in and opens an admin section from the
 * section menu.
 */
async function openSection(page: Page, world: TenantWorld, name: string, path: string) {
  const origin = originOf(world.host)
  await page.goto(`${origin}/login`)
  await logIn(page, world.admin.email, PASSWORD, `${origin}/tickets`)
  await page.goto(`${origin}/admin/settings`)
  const nav = page.getByRole('navigation', { name: 'Administrationens delar' })
  await Promise.all([page.waitForURL(`${origin}${path}`), nav.getByRole('link', { name }).click()])
}

test.group('Browser | data protection', (group) => {
  group.each.setup(async () => {
    await limiter.clear()
    return testDatabase.truncate()
  })
  group.each.setup(() => testDatabase.truncate('archive'))

  test('show retention, the agreement and the privacy log accessibly', async ({
    visit,
    assert,
  }) => {
    const world = await createTenantWorld('shop')
    const operator = await Operator.create({
      email: 'op@platform.example',
      fullName: 'Olga Operator',
      password: 'operator-password',
    })
    await dpa.update('Avtal om personuppgiftsbiträde.\n\nUnderbiträden: inga.', operator.id)
    const page = await visit(originOf(world.host))
    await openSection(page, world, 'Dataskydd', '/admin/data-protection')

    await page.getByRole('table', { name: 'Lagringstider' }).waitFor()
    await page.getByText('Underbiträden: inga.').waitFor()
    assert.deepEqual(await accessibilityViolations(page), [])
  })

  test('find a person and export their data with the keyboard', async ({ visit, assert }) => {
    const world = await createTenantWorld('shop')
    await asTenant(world, async () => {
      const contact = await Contact.create({ name: 'Kim Berg' })
      await ContactIdentity.create({
        contactId: contact.id,
        type: 'email',
        value: 'kim@example.org',
      })
      await tickets.open({
        subject: 'Skrivaren',
        channel: 'email',
        answeringPointId: world.point.id,
        contactId: contact.id,
      })
    })
    const page = await visit(originOf(world.host))
    await openSection(page, world, 'Registrerades begäran', '/admin/data-subjects')
    assert.deepEqual(await accessibilityViolations(page), [])

    /* Search from the labelled field, submitted with Enter. */
    await page.getByRole('searchbox', { name: 'Hitta en person' }).focus()
    await page.keyboard.type('kim@example.org')
    await Promise.all([page.waitForURL(/q=kim/), page.keyboard.press('Enter')])
    const matches = page.getByRole('table', { name: 'En kontakt matchar' })
    await matches.getByRole('cell', { name: 'kim@example.org' }).waitFor()
    assert.deepEqual(await accessibilityViolations(page), [])

    /* The confirmation step, operated with the keyboard. */
    await matches.getByRole('link', { name: 'Exportera uppgifter om Kim Berg' }).focus()
    await Promise.all([page.waitForURL(/data-subjects\/new/), page.keyboard.press('Enter')])
    assert.deepEqual(await accessibilityViolations(page), [])
    const check = page.getByRole('checkbox', { name: /Jag bekräftar att Kim Berg/ })
    await check.focus()
    await page.keyboard.press('Space')
    assert.isTrue(await check.isChecked())
    await page.getByRole('button', { name: 'Starta export' }).focus()
    await Promise.all([page.waitForURL(/data-subjects$/), page.keyboard.press('Enter')])

    const latest = page.getByRole('table', { name: 'Senaste begäranden' })
    await latest.getByText('Klar').waitFor()
    await latest.getByRole('link', { name: /Hämta export #\d+/ }).waitFor()
    assert.deepEqual(await accessibilityViolations(page), [])
  })
})
