import { rm } from 'node:fs/promises'
import { test } from '@japa/runner'
import CalendarEntry from '#plugins/calendar/models/calendar_entry'
import { unzipSync, strFromU8 } from 'fflate'
import app from '@adonisjs/core/services/app'
import emitter from '@adonisjs/core/services/emitter'
import testDatabase from '#tests/helpers/database'
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import env from '#start/env'
import ReplyQueued from '#events/reply_queued'
import Contact from '#models/contact'
import ContactIdentity from '#models/contact_identity'
import PrivacyAuditLog from '#models/privacy_audit_log'
import PrivacyRequest from '#models/privacy_request'
import Ticket from '#models/ticket'
import replies from '#services/reply_service'
import requests from '#services/privacy/privacy_request_service'
import PrivacyBundleExpiryJob from '#jobs/privacy_bundle_expiry_job'
import RetentionScheduleJob from '#jobs/retention_schedule_job'
import drive from '@adonisjs/drive/services/main'
import tickets from '#services/ticket_service'
import { TenantContext } from '#services/tenant_context'
import retention from '#services/retention/retention_service'
import intake from '#plugins/email/services/intake_service'
import mailboxes from '#plugins/email/services/mailbox_service'
import { rawMail } from '#plugins/email/tests/helpers/mail'
import { dumpTables, readTree, sourceKey } from '#tests/helpers/privacy'
import { asTenant, createTenantWorld, type TenantWorld } from '#tests/helpers/world'

/**
 * What identifies the person; none of it may survive anonymisation.
 */
const TRACES = [
  'Bergström',
  'Bergstrom',
  'kim.bergstrom@example.org',
  '701234567',
  '070-123 45 67',
  'Ossian',
  'zebrafink',
  'Hammarbyvägen',
]

const KEEP = 'Lena Holm'

function mail(subject: string, body: string, extra: Record<string, string> = {}) {
  return rawMail(
    {
      From: 'Kim Bergström <kim.bergstrom@example.org>',
      To: 'support@acme.example',
      Subject: subject,
      Date: 'Thu, 13 Mar 2025 08:00:00 +0100',
      ...extra,
    },
    body
  )
}

function withAttachment(subject: string, messageId: string) {
  const boundary = 'b0undary'
  const receipt = Buffer.from('KVITTO Hammarbyvägen 12, Kim Bergström, fågelbur 499 kr\n')
  const body = [
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Här är kvittot för Ossians bur.',
    `--${boundary}`,
    'Content-Type: text/plain; name="kvitto-bergstrom.txt"',
    'Content-Disposition: attachment; filename="kvitto-bergstrom.txt"',
    'Content-Transfer-Encoding: base64',
    '',
    receipt.toString('base64'),
    `--${boundary}--`,
    '',
  ].join('\r\n')
  return mail(subject, body, {
    'Message-ID': messageId,
    'Content-Type': `multipart/mixed; boundary="${boundary}"`,
  })
}

/**
 * A contact with three email tickets (one with an attachment, one
 * thread with two inbound emails), a reply, a note and history, and a
 * second contact who must stay untouched.
 */
async function seedPerson(world: TenantWorld) {
  const mailbox = await asTenant(world, () =>
    mailboxes.create({
      answeringPointId: world.point.id,
      name: 'Support',
      address: 'support@acme.example',
      intake: 'forward',
    })
  )
  const receive = (raw: Buffer) =>
    intake.receive({
      tenantId: world.tenant.id,
      mailboxId: mailbox.id,
      answeringPointId: world.point.id,
      source: 'smtp',
      sourceKey: sourceKey(raw),
      raw,
    })

  const first = await receive(
    mail('Zebrafinken har rymt', 'Min zebrafink Ossian har rymt. Ring 070-123 45 67.\r\n', {
      'Message-ID': '<k1@example.org>',
    })
  )
  await receive(
    mail('Re: Zebrafinken har rymt', 'Ossian är tillbaka i buren!\r\n', {
      'Message-ID': '<k2@example.org>',
      'In-Reply-To': '<k1@example.org>',
    })
  )
  await receive(withAttachment('Kvitto för fågelburen', '<k3@example.org>'))
  await receive(
    mail('Ny adress', 'Jag bor nu på Hammarbyvägen 12.\r\n', { 'Message-ID': '<k4@example.org>' })
  )
  const other = await receive(
    rawMail(
      {
        'From': `${KEEP} <lena@example.net>`,
        'To': 'support@acme.example',
        'Subject': 'Skrivaren',
        'Message-ID': '<l1@example.net>',
      },
      'Skrivaren på plan 3 är trasig.\r\n'
    )
  )

  return asTenant(world, async () => {
    const ticket = await Ticket.findOrFail(first.ticketId)
    const contact = await Contact.findOrFail(ticket.contactId)
    await ContactIdentity.create({ contactId: contact.id, type: 'phone', value: '+46701234567' })
    contact.notes = 'Äger zebrafinken Ossian'
    await contact.save()
    await replies.reply(ticket, world.agent, {
      body: 'Hej Kim Bergström, vi håller utkik efter Ossian.',
    })
    await replies.note(ticket, world.agent, { body: 'Kim ringde från 070-123 45 67' })
    await tickets.record(
      ticket,
      'subject_changed',
      { from: 'Zebrafinken har rymt', to: 'Ossian' },
      world.agent.id
    )
    /* The agent's calendar: a call-back about the person's ticket,
       and one for the other contact that must stay. */
    await CalendarEntry.create({
      userId: world.agent.id,
      kind: 'callback',
      title: 'Ring Kim Bergström om Ossian',
      notes: 'Nås på 070-123 45 67',
      startsAt: DateTime.utc().plus({ days: 1 }),
      ticketId: ticket.id,
      contactId: contact.id,
      uid: 'cb-1@ehelpdesk',
    })
    const otherTicket = await Ticket.findOrFail(other.ticketId)
    await CalendarEntry.create({
      userId: world.agent.id,
      kind: 'callback',
      title: `Ring ${KEEP}`,
      startsAt: DateTime.utc().plus({ days: 1 }),
      contactId: otherTicket.contactId,
      uid: 'cb-2@ehelpdesk',
    })
    return { contact, otherTicketId: other.ticketId! }
  })
}

/**
 * The ids of every row linked to the contact, per class, in production
 * and archive, read with plain queries independent of the engine.
 */
async function expectedIds(tenantId: number, contactId: number) {
  const ids: Record<string, number[]> = { contacts: [contactId] }
  const push = (key: string, rows: { id: number }[]) => {
    ids[key] = [...(ids[key] ?? []), ...rows.map((row) => row.id)]
  }
  for (const store of [db.connection(), db.connection('archive')]) {
    const ticketRows = await store
      .from('tickets')
      .where({ tenant_id: tenantId, contact_id: contactId })
      .select('id')
    const ticketIds = ticketRows.map((row) => row.id)
    const messages = await store
      .from('messages')
      .where('tenant_id', tenantId)
      .whereIn('ticket_id', ticketIds)
      .select('id', 'inbound_message_id')
    push('tickets', ticketRows)
    push('messages', messages)
    push(
      'inbound_messages',
      messages
        .filter((row) => row.inbound_message_id)
        .map((row) => ({ id: row.inbound_message_id }))
    )
    push(
      'attachments',
      await store
        .from('attachments')
        .whereIn(
          'message_id',
          messages.map((row) => row.id)
        )
        .select('id')
    )
    push(
      'ticket_events',
      await store.from('ticket_events').whereIn('ticket_id', ticketIds).select('id')
    )
  }
  push(
    'contact_identities',
    await db.from('contact_identities').where('contact_id', contactId).select('id')
  )
  push(
    'calendar_entries',
    await db.from('calendar_entries').where('contact_id', contactId).select('id')
  )
  return ids
}

/**
 * Moves the ticket with the attachment to the archive through the
 * retention engine: its last activity is set three years back.
 */
async function archiveOne(world: TenantWorld, contactId: number) {
  const ticket = await db
    .from('tickets')
    .where({ tenant_id: world.tenant.id, contact_id: contactId, subject: 'Kvitto för fågelburen' })
    .firstOrFail()
  await db
    .from('tickets')
    .where('id', ticket.id)
    .update({
      last_activity_at: DateTime.utc().minus({ years: 3 }).toFormat('yyyy-MM-dd HH:mm:ss'),
    })
  await retention.run(world.tenant.id, { only: ['tickets'] })
  const archived = await db.connection('archive').from('tickets').where('id', ticket.id).first()
  if (!archived) throw new Error('the retention engine did not archive the ticket')
}

function sorted(ids: unknown[]) {
  return [...new Set(ids.map(Number))].sort((a, b) => a - b)
}

test.group('Privacy | data-subject requests', (group) => {
  const storage = app.makePath(env.get('STORAGE_PATH', 'storage'))
  const archiveStorage = app.makePath(env.get('ARCHIVE_STORAGE_PATH', `${storage}-archive`))

  group.each.setup(async () => {
    await rm(storage, { recursive: true, force: true })
    await rm(archiveStorage, { recursive: true, force: true })
    return testDatabase.truncate()
  })
  group.each.setup(() => testDatabase.truncate('archive'))
  group.each.teardown(() => emitter.restore())

  test('export every record of a person, then anonymise them everywhere', async ({
    client,
    assert,
  }) => {
    emitter.fake([ReplyQueued])
    const world = await createTenantWorld('acme', { modules: ['email'] })
    const { contact, otherTicketId } = await seedPerson(world)
    await archiveOne(world, contact.id)
    const expected = await expectedIds(world.tenant.id, contact.id)
    assert.lengthOf(expected.tickets, 3)
    const archived = await db.connection('archive').from('messages').select('id')
    assert.isAbove(archived.length, 0)
    assert.isAtLeast(expected.attachments.length, 1)
    assert.lengthOf(expected.inbound_messages, 4)

    /* Export: confirm, the job runs, the bundle downloads. */
    const queued = await client
      .post('/admin/data-subjects')
      .header('Host', world.host)
      .loginAs(world.admin)
      .withCsrfToken()
      .form({ contact_id: String(contact.id), kind: 'export', confirm: '1' })
      .redirects(0)
    queued.assertStatus(302)
    const exportRequest = await asTenant(world, () =>
      PrivacyRequest.query().where('kind', 'export').firstOrFail()
    )
    assert.equal(exportRequest.status, 'done')
    assert.isTrue(exportRequest.downloadable)

    const page = await client
      .get('/admin/data-subjects')
      .header('Host', world.host)
      .loginAs(world.admin)
    page.assertStatus(200)
    page.assertTextIncludes(`/admin/data-subjects/${exportRequest.id}/bundle`)

    const download = await client
      .get(`/admin/data-subjects/${exportRequest.id}/bundle`)
      .header('Host', world.host)
      .loginAs(world.admin)
    download.assertStatus(200)
    download.assertHeader('content-type', 'application/zip')
    const bundle = unzipSync(new Uint8Array(await bundleBytes(exportRequest.bundleKey!)))

    for (const [classId, ids] of Object.entries(expected)) {
      const data = JSON.parse(strFromU8(bundle[`data/${classId}.json`]))
      const found = [...data.production, ...data.archive].map((row: { id: number }) => row.id)
      assert.deepEqual(sorted(found), sorted(ids), `every ${classId} record in the bundle`)
    }
    const summary = strFromU8(bundle['summary.txt'])
    assert.include(summary, 'Personuppgifter hos')
    assert.include(summary, 'Zebrafinken har rymt')
    assert.notMatch(summary, /\((new|open|pending|solved|closed),/, 'statuses in Swedish')
    assert.notInclude(summary, '  email:', 'identity types in Swedish')
    const names = Object.keys(bundle)
    assert.isTrue(
      names.some((name) => /^files\/attachments\/\d+-kvitto-bergstrom\.txt$/.test(name))
    )
    /* Raw emails are named after their subject. */
    const emails = names.filter((name) => /^files\/raw_email\/\d+-[\p{L}\p{N}-]+\.eml$/u.test(name))
    assert.lengthOf(emails, 4)
    assert.isTrue(emails.some((name) => /\/\d+-Re-Zebrafinken-har-rymt\.eml$/.test(name)))
    assert.isTrue(emails.some((name) => /\/\d+-Kvitto-för-fågelburen\.eml$/.test(name)))
    const receipt = names.find((name) => name.startsWith('files/attachments/'))!
    assert.include(strFromU8(bundle[receipt]), 'Hammarbyvägen 12')

    /* Anonymise: confirmation is required, then the job runs. */
    const before = await statistics(world.tenant.id)
    const unconfirmed = await client
      .post('/admin/data-subjects')
      .header('Host', world.host)
      .loginAs(world.admin)
      .withCsrfToken()
      .form({ contact_id: String(contact.id), kind: 'anonymise' })
      .redirects(0)
    unconfirmed.assertStatus(302)
    assert.deepEqual(
      await asTenant(world, () => PrivacyRequest.query().where('kind', 'anonymise')),
      []
    )

    await client
      .post('/admin/data-subjects')
      .header('Host', world.host)
      .loginAs(world.admin)
      .withCsrfToken()
      .form({ contact_id: String(contact.id), kind: 'anonymise', confirm: '1' })
      .redirects(0)
    const anonymisation = await asTenant(world, () =>
      PrivacyRequest.query().where('kind', 'anonymise').firstOrFail()
    )
    assert.equal(anonymisation.status, 'done')

    /* No trace in any table of production or archive, or any file. */
    const dumps = [...(await dumpTables()), ...(await dumpTables('archive'))]
    for (const [table, text] of dumps) {
      for (const trace of TRACES) {
        assert.notInclude(text.toLowerCase(), trace.toLowerCase(), `${trace} left in ${table}`)
      }
    }
    const files = new Map([...(await readTree(storage)), ...(await readTree(archiveStorage))])
    assert.isAbove(files.size, 0)
    for (const [path, bytes] of files) {
      const text = bytes.toString('utf8').toLowerCase()
      for (const trace of TRACES) {
        assert.notInclude(text, trace.toLowerCase(), `${trace} left in ${path}`)
      }
    }

    /* Statistics keep their counts; the other contact is untouched. */
    assert.deepEqual(await statistics(world.tenant.id), before)
    const kept = dumps.find(([table]) => table === 'contacts')![1]
    assert.include(kept, KEEP)
    const calendar = dumps.find(([table]) => table === 'calendar_entries')![1]
    assert.include(calendar, `Ring ${KEEP}`)
    const otherTicket = await asTenant(world, () => Ticket.findOrFail(otherTicketId))
    assert.equal(otherTicket.subject, 'Skrivaren')
    const anonymised = await asTenant(world, () => Contact.findOrFail(contact.id))
    /* Placeholders in the tenant's language (Swedish here). */
    assert.equal(anonymised.name, `Anonymiserad kontakt #${contact.id}`)
    assert.equal(anonymised.notes, '[anonymiserad]')
    /* A text column that was empty gets no placeholder. */
    const inbound = await db
      .from('messages')
      .where('contact_id', contact.id)
      .where('type', 'inbound')
      .select('delivery_error')
    assert.isAbove(inbound.length, 0)
    for (const row of inbound) assert.isNull(row.delivery_error)

    /* The export bundle was personal data too: gone. */
    await exportRequest.refresh()
    assert.isNull(exportRequest.bundleKey)
    assert.equal(exportRequest.status, 'expired')

    /* The audit log: who, when, what, with ids and counts only. */
    const entries = await asTenant(world, () => PrivacyAuditLog.query().orderBy('id'))
    assert.deepEqual(
      entries.map((entry) => entry.action),
      [
        'export_requested',
        'export_completed',
        'export_downloaded',
        'anonymise_requested',
        'export_expired',
        'anonymised',
      ]
    )
    for (const entry of entries) {
      assert.equal(entry.contactId, contact.id)
      const text = JSON.stringify(entry.serialize())
      for (const trace of TRACES) assert.notInclude(text.toLowerCase(), trace.toLowerCase())
    }
    assert.equal(entries[0].actorId, world.admin.id)
    assert.equal(entries[5].counts?.tickets, 3)

    /* People read labels and names, not table names and user ids. */
    assert.include(summary, '  Ärenden: ')
    assert.notMatch(summary, /^ {2}(tickets|ticket_events|messages):/m)
    const listed = await client
      .get('/admin/data-subjects')
      .header('Host', world.host)
      .loginAs(world.admin)
    listed.assertTextIncludes('Ärenden: 3')
    listed.assertTextIncludes('Ärendehistorik: ')
    assert.notMatch(listed.text(), /tickets: \d|ticket_events: \d|files_missing: \d/)
    await asTenant(world, () =>
      PrivacyAuditLog.create({
        actorType: 'user',
        actorId: 987654,
        action: 'export_requested',
        contactId: contact.id,
      })
    )
    const log = await client
      .get('/admin/data-protection')
      .header('Host', world.host)
      .loginAs(world.admin)
    log.assertTextIncludes(`<td>${world.admin.fullName}</td>`)
    log.assertTextIncludes('Användare #987654')
    log.assertTextIncludes('Ärenden: 3')
    assert.notMatch(log.text(), /tickets: \d|files: \d|bundles: \d/)
  })

  test('find a person by email address, phone number or contact number', async ({
    client,
    assert,
  }) => {
    const world = await createTenantWorld('acme')
    const contact = await asTenant(world, async () => {
      const found = await Contact.create({ name: 'Kim Berg' })
      await ContactIdentity.create({ contactId: found.id, type: 'email', value: 'kim@example.org' })
      await ContactIdentity.create({ contactId: found.id, type: 'phone', value: '+46701234567' })
      await Contact.create({ name: 'Lena Holm' })
      for (const subject of ['Skrivaren', 'Fakturan']) {
        await tickets.open({
          subject,
          channel: 'email',
          answeringPointId: world.point.id,
          contactId: found.id,
        })
      }
      return found
    })

    const queries = ['kim@example.org', '070-123 45 67', '0701234567', `#${contact.id}`, 'Kim Berg']
    for (const q of queries) {
      const page = await client
        .get('/admin/data-subjects')
        .qs({ q })
        .header('Host', world.host)
        .loginAs(world.admin)
      page.assertStatus(200)
      page.assertTextIncludes('En kontakt matchar')
      page.assertTextIncludes('kim@example.org, +46701234567')
      page.assertTextIncludes(`contact_id=${contact.id}&amp;kind=anonymise`)
      assert.notInclude(page.text(), 'Lena Holm', q)
    }
    const none = await client
      .get('/admin/data-subjects')
      .qs({ q: 'nobody@example.org' })
      .header('Host', world.host)
      .loginAs(world.admin)
    none.assertTextIncludes('Inga kontakter matchar')
  })

  test('refuse to anonymise a contact with a ticket on legal hold', async ({ client, assert }) => {
    const world = await createTenantWorld('acme')
    const contact = await asTenant(world, async () => {
      const held = await Contact.create({ name: 'Kim Berg' })
      const ticket = await tickets.open({
        subject: 'Tvisten',
        channel: 'email',
        answeringPointId: world.point.id,
        contactId: held.id,
      })
      ticket.legalHold = true
      await ticket.save()
      return held
    })

    const response = await client
      .post('/admin/data-subjects')
      .header('Host', world.host)
      .loginAs(world.admin)
      .withCsrfToken()
      .form({ contact_id: String(contact.id), kind: 'anonymise', confirm: '1' })
      .redirects(0)
    response.assertStatus(302)
    response.assertHeader('location', '/admin/data-subjects')
    assert.include(response.flashMessage('error'), 'rättsligt bevarande')
    assert.deepEqual(await asTenant(world, () => PrivacyRequest.query()), [])
    await asTenant(world, () => contact.refresh())
    assert.equal(contact.name, 'Kim Berg')
  })

  test('queue privacy and retention jobs with ids only', async ({ assert }) => {
    const world = await createTenantWorld('acme')
    const contact = await asTenant(world, async () => {
      const person = await Contact.create({ name: 'Kim Bergström' })
      await ContactIdentity.create({
        contactId: person.id,
        type: 'email',
        value: 'kim.bergstrom@example.org',
      })
      return person
    })
    const queue = await app.container.make('queue.manager')
    const fake = queue.fake()
    try {
      await asTenant(world, async () => {
        await requests.request('export', contact.id, world.admin.id)
        await requests.request('anonymise', contact.id, world.admin.id)
      })
      await RetentionScheduleJob.dispatch({})
      const { default: RetentionTenantJob } = await import('#jobs/retention_tenant_job')
      await RetentionTenantJob.dispatch({ tenantId: world.tenant.id })

      const pushed = fake.getPushedJobs().map((record) => record.job)
      assert.sameMembers(
        pushed.map((job) => job.name),
        ['privacy.Export', 'privacy.Anonymise', 'retention.Schedule', 'retention.Tenant']
      )
      for (const job of pushed) {
        for (const [key, value] of Object.entries(job.payload ?? {})) {
          assert.match(key, /^(tenantId|requestId)$/, job.name)
          assert.isNumber(value, `${job.name}.${key}`)
        }
        const text = JSON.stringify(job).toLowerCase()
        for (const trace of TRACES) assert.notInclude(text, trace.toLowerCase(), job.name)
      }
    } finally {
      queue.restore()
    }
  })

  test('delete export bundles once they expire', async ({ client, assert }) => {
    const world = await createTenantWorld('acme')
    const contact = await asTenant(world, () => Contact.create({ name: 'Kim Berg' }))
    const request = await asTenant(world, () =>
      requests.request('export', contact.id, world.admin.id)
    )
    assert.isTrue(request.downloadable)
    assert.isTrue(await drive.use().exists(request.bundleKey!))
    const key = request.bundleKey!

    /* Not yet due: the scheduled job keeps it. */
    await PrivacyBundleExpiryJob.dispatch({})
    await asTenant(world, () => request.refresh())
    assert.equal(request.bundleKey, key)

    request.expiresAt = DateTime.utc().minus({ minutes: 1 })
    await asTenant(world, () => request.save())
    await PrivacyBundleExpiryJob.dispatch({})
    await asTenant(world, () => request.refresh())
    assert.isNull(request.bundleKey)
    assert.equal(request.status, 'expired')
    assert.isFalse(await drive.use().exists(key))

    const download = await client
      .get(`/admin/data-subjects/${request.id}/bundle`)
      .header('Host', world.host)
      .loginAs(world.admin)
    download.assertStatus(404)
    const actions = await asTenant(world, () => PrivacyAuditLog.query().orderBy('id'))
    assert.deepEqual(
      actions.map((entry) => entry.action),
      ['export_requested', 'export_completed', 'export_expired']
    )
  })

  test('answer 404 to another tenant contact and bundle ids', async ({ client, assert }) => {
    const ours = await createTenantWorld('acme')
    const other = await createTenantWorld('globex')
    const foreign = await asTenant(other, async () => {
      const contact = await Contact.create({ name: 'Globex Kund' })
      const request = await PrivacyRequest.create({
        kind: 'export',
        contactId: contact.id,
        status: 'done',
        bundleKey: `t${other.tenant.id}/exports/x.zip`,
      })
      return { contact, request }
    })

    const bundle = await client
      .get(`/admin/data-subjects/${foreign.request.id}/bundle`)
      .header('Host', ours.host)
      .loginAs(ours.admin)
    bundle.assertStatus(404)
    const confirm = await client
      .get('/admin/data-subjects/new')
      .qs({ contact_id: foreign.contact.id, kind: 'anonymise' })
      .header('Host', ours.host)
      .loginAs(ours.admin)
    confirm.assertStatus(404)
    const store = await client
      .post('/admin/data-subjects')
      .header('Host', ours.host)
      .loginAs(ours.admin)
      .withCsrfToken()
      .form({ contact_id: String(foreign.contact.id), kind: 'anonymise', confirm: '1' })
    store.assertStatus(404)
    assert.lengthOf(await TenantContext.bypass(() => PrivacyRequest.query()), 1)
  })

  test('refuse data-subject pages to supervisors and agents', async ({ client }) => {
    const world = await createTenantWorld('acme')
    for (const user of [world.supervisor, world.agent]) {
      for (const path of ['/admin/data-protection', '/admin/data-subjects']) {
        const response = await client.get(path).header('Host', world.host).loginAs(user)
        response.assertStatus(403)
      }
    }
  })
})

async function bundleBytes(key: string) {
  const { default: attachmentStore } = await import('#services/attachment_store')
  return attachmentStore.get(key)
}

/**
 * Rows that statistics count.
 */
async function statistics(tenantId: number) {
  const count = async (table: string) =>
    Number((await db.from(table).where('tenant_id', tenantId).count('* as total').first())?.total)
  return { tickets: await count('tickets'), messages: await count('messages') }
}
