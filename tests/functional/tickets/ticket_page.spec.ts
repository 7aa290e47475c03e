import { test } from '@japa/runner'
import testDatabase from '#tests/helpers/database'
import Message from '#models/message'
import tickets from '#services/ticket_service'
import contacts from '#services/contact_service'
import { asTenant, createTenantWorld } from '#tests/helpers/world'
import { seedTicket } from './fixtures.js'

test.group('Tickets | ticket page', (group) => {
  group.each.setup(() => testDatabase.truncate())

  test('render the thread with text escaped and HTML sanitised', async ({ client, assert }) => {
    const world = await createTenantWorld('acme', { modules: ['email'] })
    const ticket = await seedTicket(world, {
      subject: 'Trasig <b>leverans</b>',
      contactEmail: 'anna@kund.se',
      inbound: {
        text: 'Hej <script>alert(1)</script>',
        html:
          '<p onclick="steal()">Hej <strong>där</strong></p><script>alert(2)</script>' +
          '<img src="https://tracker.example/p.gif" alt="logo"><a href="javascript:x()">länk</a>',
      },
    })
    await asTenant(world, () =>
      Message.create({
        ticketId: ticket.id,
        type: 'outbound',
        channel: 'email',
        authorId: world.agent.id,
        bodyText: 'Vi <i>tittar</i> på det',
        deliveryStatus: 'failed',
        deliveryError: '550 mailbox unavailable',
      })
    )

    const response = await client
      .get(`/tickets/${ticket.number}`)
      .header('Host', world.host)
      .loginAs(world.agent)

    response.assertStatus(200)
    const html = response.text()
    assert.include(html, 'Trasig &lt;b&gt;leverans&lt;/b&gt;')
    assert.include(html, '<strong>där</strong>')
    assert.notInclude(html, 'alert(2)')
    assert.notInclude(html, 'onclick')
    assert.notInclude(html, 'tracker.example')
    assert.notInclude(html, 'javascript:x()')
    assert.include(html, 'länk')
    assert.include(html, 'Vi &lt;i&gt;tittar&lt;/i&gt; på det')
    assert.include(html, '550 mailbox unavailable')
    assert.include(html, 'anna@kund.se')
  })

  test('warn above the reply form and on the contact that an address bounced', async ({
    client,
    assert,
  }) => {
    const world = await createTenantWorld('acme', { modules: ['email'] })
    const ticket = await seedTicket(world, { contactEmail: 'anna@kund.se' })
    await asTenant(world, () => contacts.markUndeliverable('email', 'Anna@Kund.se', '5.1.1'))

    const page = await client
      .get(`/tickets/${ticket.number}`)
      .header('Host', world.host)
      .loginAs(world.agent)
    page.assertStatus(200)
    assert.match(page.text(), /E-post till anna@kund\.se studsade .+ \(status 5\.1\.1\)/)

    const contact = await client
      .get(`/contacts/${ticket.contactId}`)
      .header('Host', world.host)
      .loginAs(world.agent)
    contact.assertStatus(200)
    assert.match(contact.text(), /Studsade .+ \(status 5\.1\.1\)/)
  })

  test('show the history with who changed what', async ({ client, assert }) => {
    const world = await createTenantWorld('acme', { modules: ['email'] })
    const ticket = await seedTicket(world)
    await asTenant(world, () => tickets.change(ticket, { status: 'open' }, world.agent.id))

    const response = await client
      .get(`/tickets/${ticket.number}`)
      .header('Host', world.host)
      .loginAs(world.admin)
    response.assertStatus(200)
    assert.include(response.text(), 'ändrade status från Ny till Öppen')
    assert.include(response.text(), world.agent.fullName)
  })
})
