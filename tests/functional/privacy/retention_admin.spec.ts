import { rm } from 'node:fs/promises'
import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import drive from '@adonisjs/drive/services/main'
import { DateTime } from 'luxon'
import env from '#start/env'
import Contact from '#models/contact'
import RetentionOverride from '#models/retention_override'
import PrivacyAuditLog from '#models/privacy_audit_log'
import RetentionRun from '#models/retention_run'
import Ticket from '#models/ticket'
import retention from '#services/retention/retention_service'
import { fixedClock } from '#services/retention/clock'
import testDatabase from '#tests/helpers/database'
import { countRows, seedOldTicket } from '#tests/helpers/retention_fixtures'
import { asTenant, createTenantWorld, type TenantWorld } from '#tests/helpers/world'

const T0 = DateTime.utc().startOf('second')

/**
 * A ticket of the world's point whose whole thread is three years
 * old, with an attachment: the next run archives it.
 */
async function archivedTicket(world: TenantWorld) {
  const seeded = await seedOldTicket(world.tenant.id, {
    at: T0.minus({ years: 3 }),
    answeringPointId: world.point.id,
    attachment: true,
  })
  const run = await retention.run(world.tenant.id, { clock: fixedClock(T0) })
  const ticket = await db.connection('archive').from('tickets').where('id', seeded.ticketId).first()
  return { seeded, run, ticket }
}

test.group('Privacy | retention admin', (group) => {
  const storage = app.makePath(env.get('STORAGE_PATH', 'storage'))
  const archiveStorage = app.makePath(env.get('ARCHIVE_STORAGE_PATH', `${storage}-archive`))

  group.each.setup(async () => {
    await rm(storage, { recursive: true, force: true })
    await rm(archiveStorage, { recursive: true, force: true })
    return testDatabase.truncate()
  })
  group.each.setup(() => testDatabase.truncate('archive'))

  test('show the retention table and save a shorter period per point', async ({
    client,
    assert,
  }) => {
    const world = await createTenantWorld('acme')

    const page = await client
      .get('/admin/retention')
      .header('Host', world.host)
      .loginAs(world.admin)
    page.assertStatus(200)
    for (const text of ['Ärenden', '2 år', 'flyttas till arkivet', 'Support']) {
      page.assertTextIncludes(text)
    }

    const saved = await client
      .put(`/admin/retention/points/${world.point.id}`)
      .header('Host', world.host)
      .loginAs(world.admin)
      .withCsrfToken()
      .form({
        'periods[tickets][amount]': '6',
        'periods[tickets][unit]': 'months',
        'periods[attachments][amount]': '',
        'periods[attachments][unit]': 'months',
      })
      .redirects(0)
    saved.assertStatus(302)
    saved.assertHeader('location', '/admin/retention')
    const overrides = await asTenant(world, () => RetentionOverride.query())
    assert.deepEqual(
      overrides.map((row) => [row.answeringPointId, row.classId, row.period]),
      [[world.point.id, 'tickets', 'P6M']]
    )

    const shown = await client
      .get('/admin/retention')
      .header('Host', world.host)
      .loginAs(world.admin)
    assert.match(shown.text(), /name="periods\[tickets\]\[amount\]"[^>]*value="6"/)
  })

  test('refuse a period longer than the platform and keep the saved one', async ({
    client,
    assert,
  }) => {
    const world = await createTenantWorld('acme')
    await asTenant(world, () =>
      RetentionOverride.create({
        answeringPointId: world.point.id,
        classId: 'tickets',
        period: 'P6M',
      })
    )

    const refused = await client
      .put(`/admin/retention/points/${world.point.id}`)
      .header('Host', world.host)
      .header('Referer', '/admin/retention')
      .loginAs(world.admin)
      .withCsrfToken()
      .form({
        'periods[tickets][amount]': '3',
        'periods[tickets][unit]': 'months',
        'periods[raw_email][amount]': '4',
        'periods[raw_email][unit]': 'months',
      })
      .redirects(0)
    refused.assertStatus(302)
    /* The message names the data and the platform's maximum. */
    assert.equal(
      refused.flashMessage('error'),
      '”Originalmejl (råkälla)” får sparas högst 3 månader (plattformens gräns). ' +
        'Välj en kortare tid eller lämna fältet tomt.'
    )
    /* The form comes back with what was typed, in this point's form only. */
    const again = await client
      .get('/admin/retention')
      .header('Host', world.host)
      .loginAs(world.admin)
      .withFlashMessages({
        point: String(world.point.id),
        periods: { raw_email: { amount: '4', unit: 'months' } },
      })
    assert.match(again.text(), /name="periods\[raw_email\]\[amount\]"[^>]*value="4"/)
    const periods = await asTenant(world, () => RetentionOverride.query())
    assert.deepEqual(
      periods.map((row) => [row.classId, row.period]),
      [['tickets', 'P6M']]
    )

    const json = await client
      .put(`/admin/retention/points/${world.point.id}`)
      .header('Host', world.host)
      .header('Accept', 'application/json')
      .loginAs(world.admin)
      .withCsrfToken()
      .json({ periods: { tickets: { amount: 25, unit: 'months' } } })
    json.assertStatus(422)
    assert.equal(json.body().errors[0].code, 'E_RETENTION_LONGER')

    const invalid = await client
      .put(`/admin/retention/points/${world.point.id}`)
      .header('Host', world.host)
      .header('Accept', 'application/json')
      .loginAs(world.admin)
      .withCsrfToken()
      .json({ periods: { tickets: { amount: 0, unit: 'weeks' } } })
    invalid.assertStatus(422)
    const still = await asTenant(world, () => RetentionOverride.query())
    assert.deepEqual(
      still.map((row) => row.period),
      ['P6M']
    )
  })

  test('show each run with its report per class', async ({ client, assert }) => {
    const world = await createTenantWorld('acme')
    const { run } = await archivedTicket(world)
    assert.equal(run.report!.classes.tickets.archived, 1)

    const page = await client
      .get('/admin/retention')
      .header('Host', world.host)
      .loginAs(world.admin)
    page.assertStatus(200)
    page.assertTextIncludes(`/admin/retention/runs/${run.id}`)
    page.assertTextIncludes('1 arkiverade, 0 raderade, 0 anonymiserade')

    const report = await client
      .get(`/admin/retention/runs/${run.id}`)
      .header('Host', world.host)
      .loginAs(world.admin)
    report.assertStatus(200)
    report.assertTextIncludes('Rapport från gallringskörning')
    assert.match(report.text(), /<th scope="row">Ärenden<\/th>\s*<td>1<\/td>/)
  })

  test('warn admins of a failed message source about to expire', async ({ client, assert }) => {
    const world = await createTenantWorld('acme', { modules: ['email'] })
    const quiet = await client
      .get('/p/email/failed')
      .header('Host', world.host)
      .loginAs(world.admin)
    quiet.assertStatus(200)
    assert.notInclude(quiet.text(), 'Väntar på er')
    await seedOldTicket(world.tenant.id, { at: T0.minus({ months: 4 }), raw: 'failed' })

    for (const url of ['/admin/retention', '/p/email/failed', '/p/email/held']) {
      const page = await client.get(url).header('Host', world.host).loginAs(world.admin)
      page.assertStatus(200)
      page.assertTextIncludes('Väntar på er')
      page.assertTextIncludes('1 post av ”Originalmejl')
    }
  })

  test('browse, search and read an archived ticket, read-only', async ({ client, assert }) => {
    const world = await createTenantWorld('acme')
    const { seeded, ticket } = await archivedTicket(world)
    assert.equal(await countRows('tickets', world.tenant.id), 0)

    const list = await client.get('/admin/archive').header('Host', world.host).loginAs(world.admin)
    list.assertStatus(200)
    list.assertTextIncludes('Gammalt ärende')
    list.assertTextIncludes(`/admin/archive/tickets/${ticket.id}`)

    const hit = await client
      .get(`/admin/archive?q=%23${ticket.number}`)
      .header('Host', world.host)
      .loginAs(world.admin)
    hit.assertTextIncludes('Gammalt ärende')
    for (const q of ['Meddelande%201', 'kund%40example.se']) {
      const found = await client
        .get(`/admin/archive?q=${q}`)
        .header('Host', world.host)
        .loginAs(world.admin)
      found.assertTextIncludes(`/admin/archive/tickets/${ticket.id}`)
    }
    const miss = await client
      .get('/admin/archive?q=100%25_finns_inte')
      .header('Host', world.host)
      .loginAs(world.admin)
    miss.assertStatus(200)
    miss.assertTextIncludes('Inget i arkivet matchar')

    const shown = await client
      .get(`/admin/archive/tickets/${ticket.id}`)
      .header('Host', world.host)
      .loginAs(world.admin)
    shown.assertStatus(200)
    shown.assertTextIncludes('Arkiverat: skrivskyddat.')
    shown.assertTextIncludes('Meddelande 0')
    shown.assertTextIncludes('bilaga.txt')
    assert.notMatch(shown.text(), /<textarea|name="body"/)

    const files = await client
      .get('/admin/archive/attachments?q=bilaga')
      .header('Host', world.host)
      .loginAs(world.admin)
    files.assertTextIncludes('bilaga.txt')
    const attachment = await db.connection('archive').from('attachments').firstOrFail()
    const download = await client
      .get(`/admin/archive/attachments/${attachment.id}`)
      .header('Host', world.host)
      .loginAs(world.admin)
    download.assertStatus(200)
    download.assertHeader('content-type', 'application/octet-stream')
    download.assertHeader('cache-control', 'private, no-store')
    assert.equal(Buffer.from(download.body()).toString('utf8'), 'bilaga')
    assert.isTrue(await drive.use('archive').exists(attachment.disk_key))
    assert.isNotNull(seeded.attachmentKey)
  })

  test('delete an archived ticket with its thread and files', async ({ client, assert }) => {
    const world = await createTenantWorld('acme')
    const { ticket } = await archivedTicket(world)
    const attachment = await db.connection('archive').from('attachments').firstOrFail()

    /* One click leads to a confirmation page, not a deletion. */
    const shown = await client
      .get(`/admin/archive/tickets/${ticket.id}`)
      .header('Host', world.host)
      .loginAs(world.admin)
    assert.notInclude(shown.text(), '_method=DELETE')
    shown.assertTextIncludes(`/admin/archive/tickets/${ticket.id}/delete`)
    const confirmPage = await client
      .get(`/admin/archive/tickets/${ticket.id}/delete`)
      .header('Host', world.host)
      .loginAs(world.admin)
    confirmPage.assertStatus(200)
    confirmPage.assertTextIncludes(`#${ticket.number}`)
    confirmPage.assertTextIncludes('Radera för gott')
    confirmPage.assertTextIncludes('name="confirm" value="1"')
    confirmPage.assertTextIncludes(`href="/admin/archive/tickets/${ticket.id}"`)

    /* Without confirm=1 nothing is deleted. */
    const unconfirmed = await client
      .delete(`/admin/archive/tickets/${ticket.id}`)
      .header('Host', world.host)
      .loginAs(world.admin)
      .withCsrfToken()
      .redirects(0)
    unconfirmed.assertStatus(302)
    assert.include(unconfirmed.flashMessage('error'), 'inget har raderats')
    assert.equal(await countRows('tickets', world.tenant.id, 'archive'), 1)
    assert.isTrue(await drive.use('archive').exists(attachment.disk_key))

    const deleted = await client
      .delete(`/admin/archive/tickets/${ticket.id}`)
      .header('Host', world.host)
      .loginAs(world.admin)
      .withCsrfToken()
      .form({ confirm: '1' })
      .redirects(0)
    deleted.assertStatus(302)
    deleted.assertHeader('location', '/admin/archive')
    for (const table of ['tickets', 'messages', 'attachments', 'ticket_events']) {
      assert.equal(await countRows(table, world.tenant.id, 'archive'), 0, table)
    }
    assert.isFalse(await drive.use('archive').exists(attachment.disk_key))
    const [entry] = await asTenant(world, () => PrivacyAuditLog.query())
    assert.equal(entry.action, 'archive_deleted')
    assert.equal(entry.actorId, world.admin.id)
    assert.deepEqual(entry.counts, { tickets: 1 })
  })

  test('delete an archived attachment only after its confirmation step', async ({
    client,
    assert,
  }) => {
    const world = await createTenantWorld('acme')
    await archivedTicket(world)
    const attachment = await db.connection('archive').from('attachments').firstOrFail()

    const list = await client
      .get('/admin/archive/attachments')
      .header('Host', world.host)
      .loginAs(world.admin)
    assert.notInclude(list.text(), '_method=DELETE')
    list.assertTextIncludes(`/admin/archive/attachments/${attachment.id}/delete`)
    const confirmPage = await client
      .get(`/admin/archive/attachments/${attachment.id}/delete`)
      .header('Host', world.host)
      .loginAs(world.admin)
    confirmPage.assertStatus(200)
    confirmPage.assertTextIncludes('bilaga.txt')
    confirmPage.assertTextIncludes('Radera för gott')

    const unconfirmed = await client
      .delete(`/admin/archive/attachments/${attachment.id}`)
      .header('Host', world.host)
      .header('Accept', 'application/json')
      .loginAs(world.admin)
      .withCsrfToken()
    unconfirmed.assertStatus(422)
    assert.equal(unconfirmed.body().errors[0].code, 'E_ARCHIVE_DELETE_UNCONFIRMED')
    assert.isTrue(await drive.use('archive').exists(attachment.disk_key))
    assert.lengthOf(await db.connection('archive').from('attachments'), 1)

    const deleted = await client
      .delete(`/admin/archive/attachments/${attachment.id}`)
      .header('Host', world.host)
      .loginAs(world.admin)
      .withCsrfToken()
      .form({ confirm: '1' })
      .redirects(0)
    deleted.assertStatus(302)
    assert.lengthOf(await db.connection('archive').from('attachments'), 0)
    assert.isFalse(await drive.use('archive').exists(attachment.disk_key))
  })

  test('refuse to delete an archived ticket of a contact on legal hold', async ({
    client,
    assert,
  }) => {
    const world = await createTenantWorld('acme')
    const contact = await asTenant(world, () => Contact.create({ name: 'Kim Berg' }))
    const seeded = await seedOldTicket(world.tenant.id, {
      at: T0.minus({ years: 3 }),
      contactId: contact.id,
    })
    await retention.run(world.tenant.id, { clock: fixedClock(T0) })
    await asTenant(world, async () => {
      contact.legalHold = true
      await contact.save()
    })

    const shown = await client
      .get(`/admin/archive/tickets/${seeded.ticketId}`)
      .header('Host', world.host)
      .loginAs(world.admin)
    shown.assertTextIncludes('Rättsligt bevarande')
    assert.notInclude(shown.text(), 'Radera ur arkivet')

    const refused = await client
      .delete(`/admin/archive/tickets/${seeded.ticketId}`)
      .header('Host', world.host)
      .header('Accept', 'application/json')
      .loginAs(world.admin)
      .withCsrfToken()
      .form({ confirm: '1' })
    refused.assertStatus(409)
    assert.equal(refused.body().errors[0].code, 'E_ARCHIVE_LEGAL_HOLD')
    assert.equal(await countRows('tickets', world.tenant.id, 'archive'), 1)
  })

  test('keep retention and archive pages to admins', async ({ client }) => {
    const world = await createTenantWorld('acme')
    const { run, ticket } = await archivedTicket(world)
    for (const user of [world.supervisor, world.agent]) {
      for (const page of [
        '/admin/retention',
        `/admin/retention/runs/${run.id}`,
        '/admin/archive',
        `/admin/archive/tickets/${ticket.id}`,
        '/admin/archive/attachments',
      ]) {
        const response = await client.get(page).header('Host', world.host).loginAs(user)
        response.assertStatus(403)
      }
    }
  })

  test('place and release a legal hold that retention respects', async ({ client, assert }) => {
    const world = await createTenantWorld('acme')
    const contact = await asTenant(world, () => Contact.create({ name: 'Kim Berg' }))
    const held = await seedOldTicket(world.tenant.id, {
      at: T0.minus({ years: 3 }),
      answeringPointId: world.point.id,
    })
    const ofContact = await seedOldTicket(world.tenant.id, {
      at: T0.minus({ years: 3 }),
      answeringPointId: world.point.id,
      contactId: contact.id,
    })
    const ticket = await asTenant(world, () => Ticket.findOrFail(held.ticketId))

    const page = await client
      .get(`/tickets/${ticket.number}`)
      .header('Host', world.host)
      .loginAs(world.supervisor)
    page.assertTextIncludes('Sätt rättsligt bevarande')

    const placed = await client
      .post(`/tickets/${ticket.number}/legal-hold`)
      .header('Host', world.host)
      .loginAs(world.supervisor)
      .withCsrfToken()
      .form({ hold: 'true' })
      .redirects(0)
    placed.assertStatus(302)
    placed.assertHeader('location', `/tickets/${ticket.number}`)
    const contactHold = await client
      .post(`/contacts/${contact.id}/legal-hold`)
      .header('Host', world.host)
      .loginAs(world.admin)
      .withCsrfToken()
      .form({ hold: 'true' })
      .redirects(0)
    contactHold.assertStatus(302)

    const agent = await client
      .post(`/tickets/${ticket.number}/legal-hold`)
      .header('Host', world.host)
      .loginAs(world.agent)
      .withCsrfToken()
      .form({ hold: 'false' })
      .redirects(0)
    agent.assertStatus(403)

    await retention.run(world.tenant.id, { clock: fixedClock(T0) })
    assert.equal(await countRows('tickets', world.tenant.id), 2)
    const shown = await client
      .get(`/tickets/${ticket.number}`)
      .header('Host', world.host)
      .loginAs(world.admin)
    shown.assertTextIncludes('Häv rättsligt bevarande')
    shown.assertTextIncludes('satte ärendet under rättsligt bevarande')

    for (const [url, id] of [
      [`/tickets/${ticket.number}/legal-hold`, held.ticketId],
      [`/contacts/${contact.id}/legal-hold`, ofContact.ticketId],
    ] as const) {
      await client
        .post(url)
        .header('Host', world.host)
        .loginAs(world.admin)
        .withCsrfToken()
        .form({ hold: 'false' })
        .redirects(0)
      await retention.run(world.tenant.id, { clock: fixedClock(T0.plus({ days: 1 })) })
      const archived = await db.connection('archive').from('tickets').where('id', id).first()
      assert.isNotNull(archived, url)
    }
    assert.equal(await countRows('tickets', world.tenant.id), 0)
    assert.equal((await asTenant(world, () => RetentionRun.query())).length, 3)
    const entries = await asTenant(world, () => PrivacyAuditLog.query().orderBy('id'))
    assert.deepEqual(
      entries.map((entry) => [entry.action, entry.contactId, entry.actorId, entry.counts]),
      [
        ['legal_hold_placed', null, world.supervisor.id, { tickets: 1 }],
        ['legal_hold_placed', contact.id, world.admin.id, null],
        ['legal_hold_released', null, world.admin.id, { tickets: 1 }],
        ['legal_hold_released', contact.id, world.admin.id, null],
      ]
    )
  })
})
