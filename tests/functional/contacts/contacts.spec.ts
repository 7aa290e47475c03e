import { test } from '@japa/runner'
import testDatabase from '#tests/helpers/database'
import AnsweringPoint from '#models/answering_point'
import Contact from '#models/contact'
import ContactIdentity from '#models/contact_identity'
import Organisation from '#models/organisation'
import Ticket from '#models/ticket'
import { asTenant, createTenantWorld } from '#tests/helpers/world'
import { seedTicket } from '../tickets/fixtures.js'

test.group('Contacts | CRM', (group) => {
  group.each.setup(() => testDatabase.truncate())

  test('search contacts by name, email and phone', async ({ client, assert }) => {
    const world = await createTenantWorld('acme')
    await asTenant(world, async () => {
      const anna = await Contact.create({ name: 'Anna Andersson' })
      await ContactIdentity.create({ contactId: anna.id, type: 'email', value: 'anna@kund.se' })
      const bo = await Contact.create({ name: 'Bo Berg' })
      await ContactIdentity.create({ contactId: bo.id, type: 'phone', value: '+46701234567' })
    })
    const search = (q: string) =>
      client.get('/contacts').qs({ q }).header('Host', world.host).loginAs(world.agent)

    const byName = await search('anders')
    byName.assertStatus(200)
    assert.include(byName.text(), 'Anna Andersson')
    assert.notInclude(byName.text(), 'Bo Berg')
    assert.include((await search('ANNA@KUND')).text(), 'Anna Andersson')
    const byPhone = await search('070-123 45')
    assert.include(byPhone.text(), 'Bo Berg')
    assert.notInclude(byPhone.text(), 'Anna Andersson')
  })

  test('find a phone number from its national and international forms alike', async ({
    client,
    assert,
  }) => {
    const world = await createTenantWorld('acme')
    await asTenant(world, async () => {
      const cai = await Contact.create({ name: 'Cai Carlsson' })
      await ContactIdentity.create({ contactId: cai.id, type: 'phone', value: '0701234567' })
      const dan = await Contact.create({ name: 'Dan Dahl' })
      await ContactIdentity.create({ contactId: dan.id, type: 'phone', value: '+46709876543' })
    })
    const found = async (q: string) => {
      const response = await client
        .get('/contacts')
        .qs({ q })
        .header('Host', world.host)
        .loginAs(world.agent)
      return response.text()
    }

    for (const q of ['+46701234567', '+46 70 123 45 67', '0046701234567', '070-123 45 67']) {
      assert.include(await found(q), 'Cai Carlsson', q)
    }
    for (const q of ['0709876543', '070-987 65 43', '+46 70 987']) {
      assert.include(await found(q), 'Dan Dahl', q)
    }
    assert.notInclude(await found('+46701234567'), 'Dan Dahl')
  })

  test('show a contact with identities, organisation and visible tickets', async ({
    client,
    assert,
  }) => {
    const world = await createTenantWorld('acme', { modules: ['email'] })
    const sales = await asTenant(world, () =>
      AnsweringPoint.create({ slug: 'sales', name: 'Försäljning' })
    )
    const ticket = await seedTicket(world, {
      subject: 'Synligt ärende',
      contactEmail: 'anna@kund.se',
    })
    const contact = await asTenant(world, async () => {
      const found = await Contact.findOrFail(ticket.contactId)
      const organisation = await Organisation.create({ name: 'Kund AB' })
      found.organisationId = organisation.id
      await found.save()
      return found
    })
    const hidden = await seedTicket(world, {
      subject: 'Dolt säljärende',
      answeringPointId: sales.id,
      contactEmail: null,
    })
    await asTenant(world, async () => {
      hidden.contactId = contact.id
      await hidden.save()
    })

    const response = await client
      .get(`/contacts/${contact.id}`)
      .header('Host', world.host)
      .loginAs(world.agent)
    response.assertStatus(200)
    assert.include(response.text(), 'anna@kund.se')
    assert.include(response.text(), 'Kund AB')
    assert.include(response.text(), 'Synligt ärende')
    assert.notInclude(response.text(), 'Dolt säljärende')
  })

  test('create a contact with email and phone and edit it', async ({ client, assert }) => {
    const world = await createTenantWorld('acme')
    const organisation = await asTenant(world, () => Organisation.create({ name: 'Kund AB' }))

    const created = await client
      .post('/contacts')
      .header('Host', world.host)
      .loginAs(world.agent)
      .withCsrfToken()
      .form({
        name: 'Cecilia Ek',
        email: 'Cecilia.Ek@Kund.SE',
        phone: '070-111 22 33',
        organisationId: String(organisation.id),
      })
    const contact = await asTenant(world, () => Contact.query().preload('identities').firstOrFail())
    created.assertRedirectsTo(`/contacts/${contact.id}`)
    const page = await client
      .get(`/contacts/${contact.id}`)
      .header('Host', world.host)
      .loginAs(world.agent)
    assert.include(page.text(), 'Cecilia Ek')
    assert.include(page.text(), 'cecilia.ek@kund.se')
    assert.equal(contact.organisationId, organisation.id)
    assert.sameDeepMembers(
      contact.identities.map(({ type, value }) => ({ type, value })),
      [
        { type: 'email', value: 'cecilia.ek@kund.se' },
        { type: 'phone', value: '0701112233' },
      ]
    )

    const updated = await client
      .put(`/contacts/${contact.id}`)
      .header('Host', world.host)
      .loginAs(world.agent)
      .withCsrfToken()
      .form({ name: 'Cecilia Ekström', customerNumber: 'K-17', notes: '' })
    updated.assertRedirectsTo(`/contacts/${contact.id}`)
    const saved = await asTenant(world, () => Contact.findOrFail(contact.id))
    assert.equal(saved.name, 'Cecilia Ekström')
    assert.equal(saved.customerNumber, 'K-17')
    assert.isNull(saved.organisationId)
  })

  test('refuse an email address that another contact has', async ({ client, assert }) => {
    const world = await createTenantWorld('acme')
    const [anna, bo] = await asTenant(world, async () => {
      const first = await Contact.create({ name: 'Anna' })
      await ContactIdentity.create({ contactId: first.id, type: 'email', value: 'anna@kund.se' })
      return [first, await Contact.create({ name: 'Bo' })]
    })

    const response = await client
      .post(`/contacts/${bo.id}/identities`)
      .header('Host', world.host)
      .header('Referer', `/contacts/${bo.id}/edit`)
      .loginAs(world.agent)
      .withCsrfToken()
      .redirects(0)
      .form({ email: 'ANNA@kund.se' })

    response.assertHeader('location', `/contacts/${bo.id}/edit`)
    assert.deepEqual(response.flashMessage('inputErrorsBag'), {
      email: ['anna@kund.se tillhör redan kontakten Anna.'],
    })
    assert.equal(response.flashMessage('email'), 'ANNA@kund.se')
    const owners = await asTenant(world, () => ContactIdentity.all())
    assert.deepEqual(
      owners.map((identity) => identity.contactId),
      [anna.id]
    )

    const create = await client
      .post('/contacts')
      .header('Host', world.host)
      .header('Referer', '/contacts/new')
      .loginAs(world.agent)
      .withCsrfToken()
      .redirects(0)
      .form({ name: 'Kopia', email: 'anna@kund.se' })
    assert.property(create.flashMessage('inputErrorsBag'), 'email')
    assert.lengthOf(await asTenant(world, () => Contact.all()), 2)
  })

  test('add and remove a phone number', async ({ client, assert }) => {
    const world = await createTenantWorld('acme')
    const contact = await asTenant(world, () => Contact.create({ name: 'Anna' }))

    const added = await client
      .post(`/contacts/${contact.id}/identities`)
      .header('Host', world.host)
      .loginAs(world.agent)
      .withCsrfToken()
      .form({ phone: '+46 8 123 456' })
      .redirects(0)
    added.assertHeader('location', `/contacts/${contact.id}/edit`)
    assert.equal(added.flashMessage('success'), 'Telefonnumret har lagts till.')
    const identity = await asTenant(world, () => ContactIdentity.firstOrFail())
    assert.equal(identity.value, '+468123456')
    const edit = await client
      .get(`/contacts/${contact.id}/edit`)
      .header('Host', world.host)
      .loginAs(world.agent)
    assert.include(edit.text(), '+468123456')

    const removed = await client
      .delete(`/contacts/${contact.id}/identities/${identity.id}`)
      .header('Host', world.host)
      .loginAs(world.agent)
      .withCsrfToken()
    removed.assertRedirectsTo(`/contacts/${contact.id}/edit`)
    assert.lengthOf(await asTenant(world, () => ContactIdentity.all()), 0)
  })

  test('list organisations and show one with its contacts', async ({ client, assert }) => {
    const world = await createTenantWorld('acme')
    const created = await client
      .post('/organisations')
      .header('Host', world.host)
      .loginAs(world.agent)
      .withCsrfToken()
      .form({ name: 'Kund AB', domain: 'Kund.se' })
    const organisation = await asTenant(world, () => Organisation.firstOrFail())
    created.assertRedirectsTo(`/organisations/${organisation.id}`)
    assert.equal(organisation.domain, 'kund.se')
    await asTenant(world, () =>
      Contact.create({ name: 'Anna Andersson', organisationId: organisation.id })
    )

    const index = await client.get('/organisations').header('Host', world.host).loginAs(world.agent)
    assert.include(index.text(), 'Kund AB')
    const page = await client
      .get(`/organisations/${organisation.id}`)
      .header('Host', world.host)
      .loginAs(world.agent)
    assert.include(page.text(), 'Anna Andersson')

    const renamed = await client
      .put(`/organisations/${organisation.id}`)
      .header('Host', world.host)
      .loginAs(world.agent)
      .withCsrfToken()
      .form({ name: 'Kund Holding AB', domain: '' })
    renamed.assertRedirectsTo(`/organisations/${organisation.id}`)
    const saved = await asTenant(world, () => Organisation.findOrFail(organisation.id))
    assert.equal(saved.name, 'Kund Holding AB')
    assert.isNull(saved.domain)
  })

  test('open a ticket by hand for a new caller', async ({ client, assert }) => {
    const world = await createTenantWorld('acme', { modules: ['email'] })
    const form = await client.get('/tickets/new').header('Host', world.host).loginAs(world.agent)
    form.assertStatus(200)

    const response = await client
      .post('/tickets/new')
      .header('Host', world.host)
      .loginAs(world.agent)
      .withCsrfToken()
      .form({
        subject: 'Ringde om sin faktura',
        body: 'Kunden undrar över fakturan från mars.',
        contactName: 'Dan Dahl',
        contactPhone: '070-999 88 77',
        answeringPointId: String(world.point.id),
        priority: 'high',
        assignToMe: '1',
      })
    const ticket = await asTenant(world, () => Ticket.query().preload('contact').firstOrFail())
    response.assertRedirectsTo(`/tickets/${ticket.number}`)
    const page = await client
      .get(`/tickets/${ticket.number}`)
      .header('Host', world.host)
      .loginAs(world.agent)
    assert.include(page.text(), 'Ringde om sin faktura')
    assert.include(page.text(), 'Kunden undrar över fakturan från mars.')
    assert.include(page.text(), '0709998877')
    assert.equal(ticket.channel, 'manual')
    assert.equal(ticket.priority, 'high')
    assert.equal(ticket.assigneeId, world.agent.id)
    assert.equal(ticket.contact.name, 'Dan Dahl')
  })
})
