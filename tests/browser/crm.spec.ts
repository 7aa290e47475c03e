import { test } from '@japa/runner'
import limiter from '@adonisjs/limiter/services/main'
import testDatabase from '#tests/helpers/database'
import Contact from '#models/contact'
import Organisation from '#models/organisation'
import { asTenant, createTenantWorld, PASSWORD } from '#tests/helpers/world'
import { seedTicket } from '../functional/tickets/fixtures.js'
import { accessibilityViolations, logIn, originOf } from './helpers.js'

test.group('Browser | contacts and new tickets', (group) => {
  group.each.setup(async () => {
    await limiter.clear()
    return testDatabase.truncate()
  })

  test('go from a contact to its organisation and open a ticket for it', async ({
    visit,
    assert,
  }) => {
    const world = await createTenantWorld('shop', { modules: ['email'] })
    const ticket = await seedTicket(world, {
      subject: 'Fakturan stämmer inte',
      contactEmail: 'karin@acme.example',
    })
    await asTenant(world, async () => {
      const acme = await Organisation.create({ name: 'Acme AB', domain: 'acme.example' })
      const karin = await Contact.findOrFail(ticket.contactId)
      karin.merge({ name: 'Karin Kund', organisationId: acme.id, notes: 'Föredrar e-post.' })
      await karin.save()
    })
    const origin = originOf(world.host)

    const page = await visit(`${origin}/login`)
    await logIn(page, world.agent.email, PASSWORD, `${origin}/tickets`)
    const nav = page.getByRole('navigation', { name: 'Huvudmeny' })
    await Promise.all([
      page.waitForURL(`${origin}/contacts`),
      nav.getByRole('link', { name: 'Kontakter' }).click(),
    ])
    const contacts = page.getByRole('table', { name: 'Kontakter i bokstavsordning' })
    assert.include(await contacts.innerText(), 'karin@acme.example')
    assert.deepEqual(await accessibilityViolations(page), [])

    /* The contact page, with its ticket and details. */
    await Promise.all([
      page.waitForURL(`${origin}/contacts/${ticket.contactId}`),
      contacts.getByRole('link', { name: 'Karin Kund' }).click(),
    ])
    await page.getByRole('link', { name: 'Fakturan stämmer inte' }).waitFor()
    await page.getByText('Föredrar e-post.').waitFor()
    assert.deepEqual(await accessibilityViolations(page), [])

    /* Its organisation. */
    const details = page.getByRole('complementary', { name: 'Uppgifter' })
    await Promise.all([
      page.waitForURL(/\/organisations\/\d+$/),
      details.getByRole('link', { name: 'Acme AB' }).click(),
    ])
    await page.getByRole('heading', { level: 1, name: 'Acme AB' }).waitFor()
    await page.getByRole('link', { name: 'Karin Kund' }).waitFor()
    assert.deepEqual(await accessibilityViolations(page), [])

    /* A new ticket for the contact. */
    await page.goBack()
    await Promise.all([
      page.waitForURL(/\/tickets\/new\?contact=\d+$/),
      page.getByRole('link', { name: 'Nytt ärende för kontakten' }).click(),
    ])
    const contact = page.getByRole('group', { name: 'Kontakt' })
    await contact.getByRole('link', { name: 'Karin Kund' }).waitFor()
    assert.deepEqual(await accessibilityViolations(page), [])
    await page.getByRole('textbox', { name: 'Ämne' }).fill('Ny adress')
    await page.getByRole('textbox', { name: 'Beskrivning' }).fill('Kunden har flyttat.')
    await Promise.all([
      page.waitForURL(/\/tickets\/\d+$/),
      page.getByRole('button', { name: 'Skapa ärende' }).click(),
    ])
    await page.getByRole('heading', { level: 1, name: /Ny adress/ }).waitFor()
  })

  test('show the new-ticket form for an unknown contact', async ({ visit, assert }) => {
    const world = await createTenantWorld('shop')
    const origin = originOf(world.host)

    const page = await visit(`${origin}/login`)
    await logIn(page, world.agent.email, PASSWORD, `${origin}/tickets`)
    await Promise.all([
      page.waitForURL(`${origin}/tickets/new`),
      page.getByRole('link', { name: 'Nytt ärende' }).click(),
    ])
    const contact = page.getByRole('group', { name: 'Kontakt' })
    await contact.getByRole('textbox', { name: 'Namn' }).waitFor()
    await contact.getByRole('textbox', { name: 'E-post' }).waitFor()
    assert.deepEqual(await accessibilityViolations(page), [])
  })
})
