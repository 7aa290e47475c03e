import { test } from '@japa/runner'
import emitter from '@adonisjs/core/services/emitter'
import testDatabase from '#tests/helpers/database'
import Attachment from '#models/attachment'
import Message from '#models/message'
import Ticket from '#models/ticket'
import TicketEvent from '#models/ticket_event'
import User from '#models/user'
import ReplyQueued from '#events/reply_queued'
import TicketUpdated from '#events/ticket_updated'
import modules from '#services/module_service'
import { asTenant, createTenantWorld } from '#tests/helpers/world'
import { seedTicket } from './fixtures.js'

/** History actions of a ticket, oldest first. */
async function actions(world: Awaited<ReturnType<typeof createTenantWorld>>, ticket: Ticket) {
  const events = await asTenant(world, () =>
    TicketEvent.query().where('ticket_id', ticket.id).orderBy('id', 'asc')
  )
  return events.map((event) => ({ action: event.action, data: event.data, userId: event.userId }))
}

async function reload(world: Awaited<ReturnType<typeof createTenantWorld>>, ticket: Ticket) {
  return asTenant(world, () => Ticket.findOrFail(ticket.id))
}

test.group('Tickets | actions', (group) => {
  group.each.setup(() => testDatabase.truncate())
  group.each.teardown(() => emitter.restore())

  test('queue a reply on the ticket channel and set it pending', async ({ client, assert }) => {
    const events = emitter.fake([ReplyQueued])
    const world = await createTenantWorld('acme', { modules: ['email'] })
    const ticket = await seedTicket(world, {
      contactEmail: 'anna@kund.se',
      inbound: { text: 'Hej!' },
    })

    const response = await client
      .post(`/tickets/${ticket.number}/replies`)
      .header('Host', world.host)
      .loginAs(world.agent)
      .withCsrfToken()
      .form({ body: 'Tack, vi återkommer.', status: 'pending' })

    response.assertRedirectsTo(`/tickets/${ticket.number}`)
    const reply = await asTenant(world, () =>
      Message.query().where('ticket_id', ticket.id).where('type', 'outbound').firstOrFail()
    )
    assert.equal(reply.bodyText, 'Tack, vi återkommer.')
    assert.equal(reply.channel, 'email')
    assert.equal(reply.deliveryStatus, 'queued')
    assert.equal(reply.authorId, world.agent.id)
    assert.deepEqual(reply.recipients, {
      to: [{ name: 'Kund anna', address: 'anna@kund.se' }],
      cc: [],
    })
    assert.equal((await reload(world, ticket)).status, 'pending')
    events.assertEmitted(ReplyQueued, ({ data }) => data.message.id === reply.id)
    assert.deepEqual(await actions(world, ticket), [
      { action: 'created', data: { channel: 'email' }, userId: null },
      {
        action: 'replied',
        data: { messageId: reply.id, channel: 'email' },
        userId: world.agent.id,
      },
      { action: 'status_changed', data: { from: 'new', to: 'pending' }, userId: world.agent.id },
    ])
  })

  test('store reply attachments and serve them under the original name', async ({
    client,
    assert,
  }) => {
    emitter.fake([ReplyQueued])
    const world = await createTenantWorld('acme', { modules: ['email'] })
    const ticket = await seedTicket(world, { contactEmail: 'anna@kund.se' })

    const response = await client
      .post(`/tickets/${ticket.number}/replies`)
      .header('Host', world.host)
      .loginAs(world.agent)
      .withCsrfToken()
      .field('body', 'Se bilagan.')
      .field('status', 'solved')
      .file('attachments[]', Buffer.from('räksmörgås'), {
        filename: 'Offert åäö.txt',
        contentType: 'text/plain',
      })

    response.assertRedirectsTo(`/tickets/${ticket.number}`)
    const attachment = await asTenant(world, () => Attachment.query().firstOrFail())
    assert.equal(attachment.fileName, 'Offert åäö.txt')
    assert.equal(attachment.size, Buffer.byteLength('räksmörgås'))
    assert.equal((await reload(world, ticket)).status, 'solved')

    const download = await client
      .get(`/attachments/${attachment.id}`)
      .header('Host', world.host)
      .loginAs(world.supervisor)
    download.assertStatus(200)
    assert.equal(download.text(), 'räksmörgås')
    assert.equal(
      download.header('content-disposition'),
      `attachment; filename="Offert aao.txt"; filename*=UTF-8''Offert%20%C3%A5%C3%A4%C3%B6.txt`
    )
  })

  test('keep the reply text and say why when the body is empty', async ({ client, assert }) => {
    const world = await createTenantWorld('acme', { modules: ['email'] })
    const ticket = await seedTicket(world)

    const response = await client
      .post(`/tickets/${ticket.number}/replies`)
      .header('Host', world.host)
      .header('Referer', `/tickets/${ticket.number}`)
      .redirects(0)
      .loginAs(world.agent)
      .withCsrfToken()
      .form({ body: '', status: 'pending', _form: 'reply' })

    response.assertStatus(302)
    response.assertHeader('location', `/tickets/${ticket.number}`)
    response.assertFlashMessage('inputErrorsBag')
    assert.property(response.flashMessage('inputErrorsBag'), 'body')
    assert.equal(await asTenant(world, () => Message.query().then((rows) => rows.length)), 0)
    assert.equal((await reload(world, ticket)).status, 'new')
  })

  test('refuse a reply when the channel module is disabled', async ({ client, assert }) => {
    const world = await createTenantWorld('acme', { modules: ['email'] })
    const ticket = await seedTicket(world)
    await modules.setEnabled(world.tenant.id, 'email', false)

    const response = await client
      .post(`/tickets/${ticket.number}/replies`)
      .header('Host', world.host)
      .header('Referer', `/tickets/${ticket.number}`)
      .redirects(0)
      .loginAs(world.agent)
      .withCsrfToken()
      .form({ body: 'Hej', _form: 'reply' })

    response.assertHeader('location', `/tickets/${ticket.number}`)
    const errors = response.flashMessage('inputErrorsBag') as Record<string, string[]>
    assert.match(errors.body[0], /inte aktiverad/)
    assert.equal(await asTenant(world, () => Message.query().then((rows) => rows.length)), 0)
  })

  test('add an internal note that is never sent', async ({ client, assert }) => {
    const events = emitter.fake([ReplyQueued])
    const world = await createTenantWorld('acme', { modules: ['email'] })
    const ticket = await seedTicket(world)

    const response = await client
      .post(`/tickets/${ticket.number}/notes`)
      .header('Host', world.host)
      .loginAs(world.agent)
      .withCsrfToken()
      .form({ body: 'Ring kunden i morgon.' })

    response.assertRedirectsTo(`/tickets/${ticket.number}`)
    const note = await asTenant(world, () => Message.query().firstOrFail())
    assert.equal(note.type, 'note')
    assert.isNull(note.deliveryStatus)
    events.assertNotEmitted(ReplyQueued)
    assert.equal((await reload(world, ticket)).status, 'new')
    assert.deepEqual((await actions(world, ticket)).at(-1), {
      action: 'note_added',
      data: { messageId: note.id },
      userId: world.agent.id,
    })

    const page = await client
      .get(`/tickets/${ticket.number}`)
      .header('Host', world.host)
      .loginAs(world.agent)
    assert.include(page.text(), 'Ring kunden i morgon.')
  })

  test('assign to me, to a colleague and to nobody', async ({ client, assert }) => {
    const world = await createTenantWorld('acme', { modules: ['email'] })
    const ticket = await seedTicket(world)
    const post = (assignee: string) =>
      client
        .post(`/tickets/${ticket.number}/assignee`)
        .header('Host', world.host)
        .loginAs(world.agent)
        .withCsrfToken()
        .form({ assignee })

    ;(await post('me')).assertRedirectsTo(`/tickets/${ticket.number}`)
    assert.equal((await reload(world, ticket)).assigneeId, world.agent.id)
    await post(String(world.supervisor.id))
    assert.equal((await reload(world, ticket)).assigneeId, world.supervisor.id)
    await post('none')
    assert.isNull((await reload(world, ticket)).assigneeId)

    assert.deepEqual(
      (await actions(world, ticket)).slice(1).map((entry) => entry.data),
      [
        { from: null, to: world.agent.id },
        { from: world.agent.id, to: world.supervisor.id },
        { from: world.supervisor.id, to: null },
      ]
    )
  })

  test('refuse an assignee outside the ticket answering point', async ({ client, assert }) => {
    const world = await createTenantWorld('acme', { modules: ['email'] })
    const outsider = await asTenant(world, () =>
      User.create({
        email: 'outsider@acme.example',
        fullName: 'Utomstående',
        password: 'secret-password-1',
        role: 'agent',
      })
    )
    const ticket = await seedTicket(world)

    const response = await client
      .post(`/tickets/${ticket.number}/assignee`)
      .header('Host', world.host)
      .header('Referer', `/tickets/${ticket.number}`)
      .redirects(0)
      .loginAs(world.agent)
      .withCsrfToken()
      .form({ assignee: String(outsider.id) })

    response.assertHeader('location', `/tickets/${ticket.number}`)
    assert.property(response.flashMessage('inputErrorsBag'), 'assignee')
    assert.isNull((await reload(world, ticket)).assigneeId)
  })

  test('change status and priority with a history entry each', async ({ client, assert }) => {
    const events = emitter.fake([TicketUpdated])
    const world = await createTenantWorld('acme', { modules: ['email'] })
    const ticket = await seedTicket(world)

    await client
      .post(`/tickets/${ticket.number}/status`)
      .header('Host', world.host)
      .loginAs(world.agent)
      .withCsrfToken()
      .form({ status: 'solved' })
    await client
      .post(`/tickets/${ticket.number}/priority`)
      .header('Host', world.host)
      .loginAs(world.agent)
      .withCsrfToken()
      .form({ priority: 'urgent' })

    const saved = await reload(world, ticket)
    assert.equal(saved.status, 'solved')
    assert.equal(saved.priority, 'urgent')
    events.assertEmittedCount(TicketUpdated, 2)
    assert.deepEqual((await actions(world, ticket)).slice(1), [
      { action: 'status_changed', data: { from: 'new', to: 'solved' }, userId: world.agent.id },
      {
        action: 'priority_changed',
        data: { from: 'normal', to: 'urgent' },
        userId: world.agent.id,
      },
    ])
  })

  test('reject an unknown status without changing the ticket', async ({ client, assert }) => {
    const world = await createTenantWorld('acme', { modules: ['email'] })
    const ticket = await seedTicket(world)

    const response = await client
      .post(`/tickets/${ticket.number}/status`)
      .header('Host', world.host)
      .header('Referer', `/tickets/${ticket.number}`)
      .redirects(0)
      .loginAs(world.agent)
      .withCsrfToken()
      .form({ status: 'archived' })

    response.assertHeader('location', `/tickets/${ticket.number}`)
    assert.property(response.flashMessage('inputErrorsBag'), 'status')
    assert.equal((await reload(world, ticket)).status, 'new')
  })

  test('add and remove tags with history', async ({ client, assert }) => {
    const world = await createTenantWorld('acme', { modules: ['email'] })
    const ticket = await seedTicket(world)

    await client
      .post(`/tickets/${ticket.number}/tags`)
      .header('Host', world.host)
      .loginAs(world.agent)
      .withCsrfToken()
      .form({ name: '  Faktura  ' })
    await client
      .post(`/tickets/${ticket.number}/tags`)
      .header('Host', world.host)
      .loginAs(world.agent)
      .withCsrfToken()
      .form({ name: 'faktura' })

    const tagged = await asTenant(world, async () => {
      const found = await Ticket.findOrFail(ticket.id)
      await found.load('tags')
      return found.tags
    })
    assert.deepEqual(
      tagged.map((tag) => tag.name),
      ['faktura']
    )

    const page = await client
      .get(`/tickets/${ticket.number}`)
      .header('Host', world.host)
      .loginAs(world.agent)
    assert.include(page.text(), 'faktura')

    const removed = await client
      .delete(`/tickets/${ticket.number}/tags/${tagged[0].id}`)
      .header('Host', world.host)
      .loginAs(world.agent)
      .withCsrfToken()
    removed.assertRedirectsTo(`/tickets/${ticket.number}`)

    assert.deepEqual(
      (await actions(world, ticket)).slice(1).map(({ action, data }) => ({ action, data })),
      [
        { action: 'tag_added', data: { tag: 'faktura' } },
        { action: 'tag_removed', data: { tag: 'faktura' } },
      ]
    )
  })
})
