import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import app from '@adonisjs/core/services/app'
import testDatabase from '#tests/helpers/database'
import Contact from '#models/contact'
import tickets from '#services/ticket_service'
import { asTenant, createTenantWorld, type TenantWorld } from '#tests/helpers/world'
import CalendarEntry from '#plugins/calendar/models/calendar_entry'
import CalendarFeed from '#plugins/calendar/models/calendar_feed'
import agenda from '#plugins/calendar/services/agenda_service'
import reminders from '#plugins/calendar/services/reminder_relay'

const ICS = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//Example//Test//EN',
  'BEGIN:VEVENT',
  'UID:meeting-1@example.org',
  'DTSTAMP:20261201T090000Z',
  'DTSTART:20261210T130000Z',
  'DTEND:20261210T140000Z',
  'SUMMARY:Planering med Åsa',
  'DESCRIPTION:Rum 3',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:broken-1@example.org',
  'DTSTAMP:20261201T090000Z',
  'SUMMARY:Utan start',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n')

function post(client: any, world: TenantWorld, path: string, body: Record<string, unknown> = {}) {
  return client
    .post(path)
    .header('Host', world.host)
    .loginAs(world.agent)
    .form(body)
    .withCsrfToken()
    .redirects(0)
}

test.group('Calendar | agenda, feed and import', (group) => {
  group.each.setup(() => testDatabase.truncate())

  test('link a call-back to a ticket and its contact', async ({ client, assert }) => {
    const world = await createTenantWorld('acme', { modules: ['calendar'] })
    const ticket = await asTenant(world, async () => {
      const contact = await Contact.create({ name: 'Åsa Öberg' })
      return tickets.open({
        subject: 'Ring tillbaka',
        channel: 'email',
        answeringPointId: world.point.id,
        contactId: contact.id,
      })
    })
    const response = await post(client, world, '/p/calendar/me/entries', {
      kind: 'callback',
      title: 'Ring Åsa',
      starts_at: '2026-12-10T14:00',
      ticket_number: String(ticket.number),
      back: 'ticket',
    })
    response.assertStatus(302)
    response.assertHeader('location', `/tickets/${ticket.number}`)
    const entry = await asTenant(world, () => CalendarEntry.firstOrFail())
    assert.equal(entry.ticketId, ticket.id)
    assert.equal(entry.contactId, ticket.contactId)
    assert.equal(entry.startsAt.toUTC().toISO(), '2026-12-10T13:00:00.000Z')
    assert.equal(entry.remindAt!.toUTC().toISO(), '2026-12-10T13:00:00.000Z')

    const page = await client.get('/p/calendar/me').header('Host', world.host).loginAs(world.agent)
    page.assertStatus(200)
    page.assertTextIncludes('Ring Åsa')
    page.assertTextIncludes(`Ärende #${ticket.number}`)

    const ticketPage = await client
      .get(`/tickets/${ticket.number}`)
      .header('Host', world.host)
      .loginAs(world.agent)
    ticketPage.assertStatus(200)
    ticketPage.assertTextIncludes('Återuppringning eller påminnelse')
    ticketPage.assertTextIncludes(`users/${world.agent.id}/reminders`)
  })

  test('plan a call-back from the contact page', async ({ client, assert }) => {
    const world = await createTenantWorld('acme', { modules: ['calendar'] })
    const other = await createTenantWorld('globex', { modules: ['calendar'] })
    const contact = await asTenant(world, () => Contact.create({ name: 'Bo Ek' }))
    const theirs = await asTenant(other, () => Contact.create({ name: 'Hemlig' }))
    const page = await client
      .get(`/contacts/${contact.id}`)
      .header('Host', world.host)
      .loginAs(world.agent)
    page.assertStatus(200)
    page.assertTextIncludes('name="contact_id"')

    const body = { kind: 'callback', title: 'Ring Bo', starts_at: '2026-12-11T09:00' }
    const stored = await post(client, world, '/p/calendar/me/entries', {
      ...body,
      contact_id: String(contact.id),
      back: 'contact',
    })
    stored.assertHeader('location', `/contacts/${contact.id}`)
    const refused = await post(client, world, '/p/calendar/me/entries', {
      ...body,
      contact_id: String(theirs.id),
    })
    refused.assertStatus(404)
    const entries = await asTenant(world, () => CalendarEntry.all())
    assert.deepEqual(
      entries.map((e) => [e.title, e.contactId]),
      [['Ring Bo', contact.id]]
    )
  })

  test('refuse a link to another tenant ticket', async ({ client, assert }) => {
    const world = await createTenantWorld('acme', { modules: ['calendar'] })
    const other = await createTenantWorld('globex', { modules: ['calendar'] })
    const theirs = await asTenant(other, () =>
      tickets.open({
        subject: 'Hemligt',
        channel: 'email',
        answeringPointId: other.point.id,
        contactId: null,
      })
    )
    const response = await post(client, world, '/p/calendar/me/entries', {
      kind: 'reminder',
      title: 'Spana',
      starts_at: '2026-12-10T14:00',
      ticket_number: String(theirs.number),
    })
    response.assertStatus(302)
    assert.deepEqual(response.flashMessages().inputErrorsBag, {
      ticket_number: [`Ärende #${theirs.number} finns inte.`],
    })
    assert.lengthOf(await asTenant(world, () => CalendarEntry.all()), 0)
  })

  test('send an unknown ticket number back to the form with what was typed', async ({
    client,
    assert,
  }) => {
    const world = await createTenantWorld('acme', { modules: ['calendar'] })
    const body = {
      kind: 'reminder',
      title: 'Spana',
      notes: 'Ring först',
      starts_at: '2026-12-10T14:00',
      ticket_number: '9999',
      back: 'agenda',
    }
    const response = await post(client, world, '/p/calendar/me/entries', body)
    response.assertStatus(302)
    assert.deepEqual(response.flashMessages().inputErrorsBag, {
      ticket_number: ['Ärende #9999 finns inte.'],
    })
    assert.containsSubset(response.flashMessages(), body)
    assert.lengthOf(await asTenant(world, () => CalendarEntry.all()), 0)

    const page = await client
      .get('/p/calendar/me')
      .header('Host', world.host)
      .loginAs(world.agent)
      .withFlashMessages(response.flashMessages())
    page.assertTextIncludes('value="Spana"')
    page.assertTextIncludes('Ring först</textarea>')
    page.assertTextIncludes('value="9999"')
    page.assertTextIncludes('Ärendenummer: Ärende #9999 finns inte.')
  })

  test('show a refused entry from the ticket page in its panel', async ({ client }) => {
    const world = await createTenantWorld('acme', { modules: ['calendar'] })
    const ticket = await asTenant(world, () =>
      tickets.open({
        subject: 'Ring tillbaka',
        channel: 'email',
        answeringPointId: world.point.id,
        contactId: null,
      })
    )
    const response = await post(client, world, '/p/calendar/me/entries', {
      kind: 'callback',
      title: 'Ring kunden',
      starts_at: '2026-12-10T14:00',
      ends_at: '2026-12-10T13:00',
      ticket_number: String(ticket.number),
      back: 'ticket',
    })
    response.assertStatus(302)
    const page = await client
      .get(`/tickets/${ticket.number}`)
      .header('Host', world.host)
      .loginAs(world.agent)
      .withFlashMessages(response.flashMessages())
    page.assertTextIncludes('Slutar: Sluttiden ligger före starttiden.')
    page.assertTextIncludes('value="Ring kunden"')
  })

  test('refuse an end before the start and a reminder after it', async ({ client, assert }) => {
    const world = await createTenantWorld('acme', { modules: ['calendar'] })
    const response = await post(client, world, '/p/calendar/me/entries', {
      kind: 'appointment',
      title: 'Möte',
      starts_at: '2026-12-10T14:00',
      ends_at: '2026-12-10T13:00',
      remind_at: '2026-12-10T14:05',
    })
    response.assertStatus(302)
    assert.deepEqual(response.flashMessages().inputErrorsBag, {
      ends_at: ['Sluttiden ligger före starttiden.'],
      remind_at: ['Påminnelsen ligger efter starttiden.'],
    })
    assert.lengthOf(await asTenant(world, () => CalendarEntry.all()), 0)
  })

  test('refuse a start that the change to summer time skips', async ({ client, assert }) => {
    const world = await createTenantWorld('acme', { modules: ['calendar'] })
    const response = await post(client, world, '/p/calendar/me/entries', {
      kind: 'reminder',
      title: 'Natt',
      starts_at: '2027-03-28T02:30',
    })
    response.assertStatus(302)
    assert.deepEqual(response.flashMessages().inputErrorsBag, {
      starts_at: [
        '2027-03-28 02:30 finns inte i tidszonen Europe/Stockholm: ' +
          'klockan ställs fram den natten. Välj en annan tid.',
      ],
    })
    const garbage = await post(client, world, '/p/calendar/me/entries', {
      kind: 'reminder',
      title: 'Natt',
      starts_at: '2026-02-30T10:00',
    })
    assert.deepEqual(garbage.flashMessages().inputErrorsBag, {
      starts_at: ['Ange datum och tid som ÅÅÅÅ-MM-DD TT:MM.'],
    })
    const text = await post(client, world, '/p/calendar/me/entries', {
      kind: 'reminder',
      title: 'Natt',
      starts_at: 'imorgon',
    })
    assert.deepEqual(text.flashMessages().inputErrorsBag, { starts_at: ['Värdet har fel format.'] })
    assert.lengthOf(await asTenant(world, () => CalendarEntry.all()), 0)
  })

  test('serve the feed with an appointment and stop after revoking it', async ({
    client,
    assert,
  }) => {
    const world = await createTenantWorld('acme', { modules: ['calendar'] })
    await asTenant(world, () =>
      agenda.create(world.agent, {
        kind: 'appointment',
        title: 'Kundmöte',
        startsAt: DateTime.fromISO('2026-12-10T10:00', { zone: 'Europe/Stockholm' }),
        endsAt: DateTime.fromISO('2026-12-10T11:00', { zone: 'Europe/Stockholm' }),
      })
    )
    ;(await post(client, world, '/p/calendar/me/feed')).assertStatus(302)
    const feed = await asTenant(world, () => CalendarFeed.firstOrFail())
    const url = `/hooks/calendar/feed/${feed.token}`

    const served = await client.get(url)
    served.assertStatus(200)
    assert.match(served.header('content-type') ?? '', /^text\/calendar/)
    assert.include(served.text(), 'BEGIN:VEVENT')
    assert.include(served.text(), 'SUMMARY:Möte: Kundmöte')
    assert.include(served.text(), 'DTSTART:20261210T090000Z')

    const revoked = await client
      .delete('/p/calendar/me/feed')
      .header('Host', world.host)
      .loginAs(world.agent)
      .withCsrfToken()
      .redirects(0)
    revoked.assertStatus(302)
    ;(await client.get(url)).assertStatus(410)
    ;(await client.get('/hooks/calendar/feed/not-a-token')).assertStatus(404)
  })

  test('replace the feed address when it is made anew', async ({ client, assert }) => {
    const world = await createTenantWorld('acme', { modules: ['calendar'] })
    await post(client, world, '/p/calendar/me/feed')
    const first = await asTenant(world, () => CalendarFeed.firstOrFail())
    await post(client, world, '/p/calendar/me/feed')
    ;(await client.get(`/hooks/calendar/feed/${first.token}`)).assertStatus(410)
    const live = await asTenant(world, () => agenda.activeFeed(world.agent))
    assert.notEqual(live!.token, first.token)
    ;(await client.get(`/hooks/calendar/feed/${live!.token}`)).assertStatus(200)
  })

  test('hide the feed of a tenant that turned the module off', async ({ client }) => {
    const world = await createTenantWorld('acme', { modules: ['calendar'] })
    const feed = await asTenant(world, () => agenda.regenerateFeed(world.agent))
    const modules = (await import('#services/module_service')).default
    await modules.setEnabled(world.tenant.id, 'calendar', false)
    ;(await client.get(`/hooks/calendar/feed/${feed.token}`)).assertStatus(404)
  })

  test('import an .ics file once and name what was skipped', async ({ client, assert }) => {
    const world = await createTenantWorld('acme', { modules: ['calendar'] })
    const upload = () =>
      client
        .post('/p/calendar/me/import')
        .header('Host', world.host)
        .loginAs(world.agent)
        .file('ics', Buffer.from(ICS), { filename: 'plan.ics' })
        .withCsrfToken()
        .redirects(0)
    const first = await upload()
    first.assertStatus(302)
    first.assertFlashMessage(
      'success',
      '1 poster importerades, 1 hoppades över. broken-1@example.org: saknar starttid'
    )
    await upload()
    const entries = await asTenant(world, () => CalendarEntry.all())
    assert.lengthOf(entries, 1)
    assert.equal(entries[0].title, 'Planering med Åsa')
    assert.equal(entries[0].startsAt.toUTC().toISO(), '2026-12-10T13:00:00.000Z')
    assert.equal(entries[0].uid, 'meeting-1@example.org')
  })

  test('import zoned, floating and all-day events at their local times', async ({
    client,
    assert,
  }) => {
    const world = await createTenantWorld('acme', { modules: ['calendar'] })
    const text = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Example//Test//EN',
      'BEGIN:VEVENT',
      'UID:zoned@example.org',
      'DTSTART;TZID=Europe/Stockholm:20261210T140000',
      'SUMMARY:Zoned',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:floating@example.org',
      'DTSTART:20261210T120000',
      'SUMMARY:Floating',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:day@example.org',
      'DTSTART;VALUE=DATE:20261210',
      'SUMMARY:Day',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ].join('\r\n')
    const response = await client
      .post('/p/calendar/me/import')
      .header('Host', world.host)
      .loginAs(world.agent)
      .file('ics', Buffer.from(text), { filename: 'plan.ics' })
      .withCsrfToken()
      .redirects(0)
    response.assertFlashMessage('success', '3 poster importerades, 0 hoppades över.')
    const entries = await asTenant(world, () => CalendarEntry.query().orderBy('uid'))
    const local = (value: DateTime | null) =>
      value ? value.setZone('Europe/Stockholm').toFormat('yyyy-MM-dd HH:mm') : null
    assert.deepEqual(
      entries.map((e) => [e.title, local(e.startsAt), local(e.endsAt)]),
      [
        ['Day', '2026-12-10 00:00', '2026-12-11 00:00'],
        ['Floating', '2026-12-10 12:00', null],
        ['Zoned', '2026-12-10 14:00', null],
      ]
    )
  })

  test('report an import without a file in the user language', async ({ client }) => {
    const world = await createTenantWorld('acme', { modules: ['calendar'] })
    const response = await post(client, world, '/p/calendar/me/import')
    response.assertStatus(302)
    response.assertFlashMessage('error', 'Filen kunde inte läsas: ingen fil valdes')
  })

  test('report a file that is not iCalendar', async ({ client }) => {
    const world = await createTenantWorld('acme', { modules: ['calendar'] })
    const response = await client
      .post('/p/calendar/me/import')
      .header('Host', world.host)
      .loginAs(world.agent)
      .file('ics', Buffer.from('hello world'), { filename: 'plan.ics' })
      .withCsrfToken()
      .redirects(0)
    response.assertStatus(302)
    response.assertFlashMessage('error', 'Filen kunde inte läsas: innehållet är inte iCalendar')
  })

  test('fire due reminders once and relay them to the agent channel', async ({ assert }) => {
    const world = await createTenantWorld('acme', { modules: ['calendar'] })
    const now = DateTime.utc()
    await asTenant(world, () =>
      agenda.create(world.agent, {
        kind: 'reminder',
        title: 'Följ upp',
        startsAt: now.minus({ minutes: 1 }),
      })
    )
    await asTenant(world, () =>
      agenda.create(world.agent, {
        kind: 'reminder',
        title: 'Senare',
        startsAt: now.plus({ hours: 2 }),
      })
    )
    assert.equal(await reminders.fireDue(now), 1)
    assert.equal(await reminders.fireDue(now), 0)

    const transmit = await app.container.make('transmit')
    const channel = reminders.channel(world.tenant.id, world.agent.id)
    const sent: unknown[] = []
    const original = transmit.broadcast.bind(transmit)
    transmit.broadcast = ((name: string, payload: unknown) => {
      if (name === channel) sent.push(payload)
    }) as typeof transmit.broadcast
    try {
      const relayed = await reminders.relayOnce({
        since: now.minus({ minutes: 5 }),
        listeners: new Map([[world.agent.id, world.tenant.id]]),
      })
      assert.lengthOf(relayed, 1)
      assert.equal(relayed[0].title, 'Följ upp')
      assert.lengthOf(sent, 1)
      assert.lengthOf(
        await reminders.relayOnce({ listeners: new Map([[world.agent.id, world.tenant.id]]) }),
        0
      )
    } finally {
      transmit.broadcast = original
    }
  })

  test('send fired reminders from the worker itself over a shared transport', async ({
    assert,
  }) => {
    const world = await createTenantWorld('acme', { modules: ['calendar'] })
    const now = DateTime.utc()
    await asTenant(world, () =>
      agenda.create(world.agent, {
        kind: 'reminder',
        title: 'Ring tillbaka',
        startsAt: now.minus({ minutes: 1 }),
      })
    )

    /* As with TRANSMIT_TRANSPORT=redis: no web process relays. */
    const transmit = await app.container.make('transmit')
    const channel = reminders.channel(world.tenant.id, world.agent.id)
    const sent: any[] = []
    const original = transmit.broadcast.bind(transmit)
    const transport = app.config.get('transmit.transport', null)
    transmit.broadcast = ((name: string, payload: unknown) => {
      if (name === channel) sent.push(payload)
    }) as typeof transmit.broadcast
    app.config.set('transmit.transport', { driver: () => null })
    try {
      assert.equal(await reminders.fireDue(now), 1)
      assert.lengthOf(sent, 1)
      assert.include(sent[0], { kind: 'reminder', title: 'Ring tillbaka', ticketNumber: null })
    } finally {
      transmit.broadcast = original
      app.config.set('transmit.transport', transport)
    }
  })
})
