import { test } from '@japa/runner'
import emitter from '@adonisjs/core/services/emitter'
import testDatabase from '#tests/helpers/database'
import Attachment from '#models/attachment'
import Contact from '#models/contact'
import ContactIdentity from '#models/contact_identity'
import Message from '#models/message'
import Organisation from '#models/organisation'
import Tag from '#models/tag'
import Ticket from '#models/ticket'
import ReplyQueued from '#events/reply_queued'
import attachmentStore from '#services/attachment_store'
import { asTenant, createTenantWorld, type TenantWorld } from '#tests/helpers/world'
import { seedTicket } from './fixtures.js'

/**
 * The other tenant's records: a ticket whose number ours does not
 * have, with a message, an attachment and a tag; a contact with an
 * identity; an organisation.
 */
async function foreignRecords(other: TenantWorld) {
  await seedTicket(other)
  const ticket = await seedTicket(other, { contactEmail: 'hemlig@globex.example' })
  return asTenant(other, async () => {
    const message = await Message.create({
      ticketId: ticket.id,
      type: 'inbound',
      channel: 'email',
      bodyText: 'Hemligt',
    })
    const attachment = await Attachment.create({
      messageId: message.id,
      fileName: 'hemlig.txt',
      contentType: 'text/plain',
      size: 7,
      diskKey: await attachmentStore.put('attachments', Buffer.from('hemligt')),
    })
    const tag = await Tag.create({ name: 'hemlig' })
    const contact = await Contact.findOrFail(ticket.contactId)
    const identity = await ContactIdentity.findByOrFail('contact_id', contact.id)
    const organisation = await Organisation.create({ name: 'Globex AB' })
    return { ticket, attachment, tag, contact, identity, organisation }
  })
}

test.group('Tickets | tenant isolation', (group) => {
  group.each.setup(() => testDatabase.truncate())
  group.each.teardown(() => emitter.restore())

  test('answer 404 on every id route with another tenant ids', async ({ client, assert }) => {
    emitter.fake([ReplyQueued])
    const world = await createTenantWorld('acme', { modules: ['email'] })
    const other = await createTenantWorld('globex', { modules: ['email'] })
    const ours = await seedTicket(world)
    const ourContact = await asTenant(world, () => Contact.findOrFail(ours.contactId))
    const theirs = await foreignRecords(other)
    const n = theirs.ticket.number
    assert.equal(n, 2)
    assert.equal(ours.number, 1)

    const reads = [
      `/tickets/${n}`,
      `/attachments/${theirs.attachment.id}`,
      `/contacts/${theirs.contact.id}`,
      `/contacts/${theirs.contact.id}/edit`,
      `/organisations/${theirs.organisation.id}`,
      `/organisations/${theirs.organisation.id}/edit`,
    ]
    for (const url of reads) {
      const response = await client.get(url).header('Host', world.host).loginAs(world.admin)
      assert.equal(response.status(), 404, `GET ${url}`)
    }

    const writes: [string, string, Record<string, string>][] = [
      ['post', `/tickets/${n}/replies`, { body: 'Hej', status: 'pending' }],
      ['post', `/tickets/${n}/notes`, { body: 'Anteckning' }],
      ['post', `/tickets/${n}/assignee`, { assignee: 'me' }],
      ['post', `/tickets/${n}/status`, { status: 'closed' }],
      ['post', `/tickets/${n}/priority`, { priority: 'urgent' }],
      ['post', `/tickets/${n}/tags`, { name: 'intrång' }],
      ['delete', `/tickets/${n}/tags/${theirs.tag.id}`, {}],
      ['delete', `/tickets/${ours.number}/tags/${theirs.tag.id}`, {}],
      ['put', `/contacts/${theirs.contact.id}`, { name: 'Ändrad' }],
      ['post', `/contacts/${theirs.contact.id}/identities`, { email: 'ny@example.se' }],
      ['delete', `/contacts/${theirs.contact.id}/identities/${theirs.identity.id}`, {}],
      ['delete', `/contacts/${ourContact.id}/identities/${theirs.identity.id}`, {}],
      ['put', `/organisations/${theirs.organisation.id}`, { name: 'Ändrad AB' }],
    ]
    for (const [method, url, body] of writes) {
      const response = await (client as any)
        [method](url)
        .header('Host', world.host)
        .loginAs(world.admin)
        .withCsrfToken()
        .form(body)
      assert.equal(response.status(), 404, `${method.toUpperCase()} ${url}`)
    }

    /* Nothing of theirs changed. */
    await asTenant(other, async () => {
      const ticket = await Ticket.findOrFail(theirs.ticket.id)
      assert.equal(ticket.status, 'new')
      assert.equal(ticket.priority, 'normal')
      assert.isNull(ticket.assigneeId)
      assert.lengthOf(await Message.query().where('ticket_id', ticket.id), 1)
      assert.equal((await Contact.findOrFail(theirs.contact.id)).name, theirs.contact.name)
      assert.lengthOf(await ContactIdentity.all(), 2)
      assert.equal((await Organisation.findOrFail(theirs.organisation.id)).name, 'Globex AB')
    })
  })

  test('refuse another tenant contact, organisation or user in a form', async ({
    client,
    assert,
  }) => {
    const world = await createTenantWorld('acme', { modules: ['email'] })
    const other = await createTenantWorld('globex', { modules: ['email'] })
    const ours = await seedTicket(world)
    const theirs = await foreignRecords(other)

    const newTicket = await client
      .post('/tickets/new')
      .header('Host', world.host)
      .header('Referer', '/tickets/new')
      .loginAs(world.admin)
      .withCsrfToken()
      .redirects(0)
      .form({ subject: 'Intrång', priority: 'normal', contactId: String(theirs.contact.id) })
    assert.property(newTicket.flashMessage('inputErrorsBag'), 'contactId')

    const newContact = await client
      .post('/contacts')
      .header('Host', world.host)
      .header('Referer', '/contacts/new')
      .loginAs(world.admin)
      .withCsrfToken()
      .redirects(0)
      .form({ name: 'Ny', organisationId: String(theirs.organisation.id) })
    assert.property(newContact.flashMessage('inputErrorsBag'), 'organisationId')

    const assign = await client
      .post(`/tickets/${ours.number}/assignee`)
      .header('Host', world.host)
      .header('Referer', `/tickets/${ours.number}`)
      .loginAs(world.admin)
      .withCsrfToken()
      .redirects(0)
      .form({ assignee: String(other.agent.id) })
    assert.property(assign.flashMessage('inputErrorsBag'), 'assignee')

    assert.lengthOf(await asTenant(world, () => Ticket.all()), 1)
    assert.lengthOf(await asTenant(world, () => Contact.all()), 1)
    assert.isNull((await asTenant(world, () => Ticket.findOrFail(ours.id))).assigneeId)
  })
})
