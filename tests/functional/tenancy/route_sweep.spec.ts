import { test } from '@japa/runner'
import type { ApiRequest } from '@japa/api-client'
import router from '@adonisjs/core/services/router'
import emitter from '@adonisjs/core/services/emitter'
import testDatabase from '#tests/helpers/database'
import Attachment from '#models/attachment'
import Contact from '#models/contact'
import ContactIdentity from '#models/contact_identity'
import InboundMessage from '#models/inbound_message'
import Message from '#models/message'
import Organisation from '#models/organisation'
import Tag from '#models/tag'
import PrivacyRequest from '#models/privacy_request'
import RetentionRun from '#models/retention_run'
import db from '@adonisjs/lucid/services/db'
import drive from '@adonisjs/drive/services/main'
import ReplyQueued from '#events/reply_queued'
import attachmentStore from '#services/attachment_store'
import tickets from '#services/ticket_service'
import Mailbox from '#plugins/email/models/mailbox'
import SlaPolicy from '#plugins/sla/models/sla_policy'
import CalendarEntry from '#plugins/calendar/models/calendar_entry'
import calendars from '#plugins/calendar/services/calendar_service'
import { asTenant, createTenantWorld, type TenantWorld } from '#tests/helpers/world'

/**
 * Records of the other tenant, one of every kind a route takes by id.
 * Their texts carry a marker that must never appear on our pages.
 */
const MARKER = 'GLOBEXSECRET'

async function foreignRecords(other: TenantWorld) {
  return asTenant(other, async () => {
    const contact = await Contact.create({ name: `${MARKER} Kund` })
    const identity = await ContactIdentity.create({
      contactId: contact.id,
      type: 'email',
      value: 'globexsecret@globex.example',
    })
    const organisation = await Organisation.create({ name: `${MARKER} AB` })
    const ticket = await tickets.open({
      subject: `${MARKER} ärende`,
      channel: 'email',
      answeringPointId: other.point.id,
      contactId: contact.id,
    })
    const message = await Message.create({
      ticketId: ticket.id,
      type: 'inbound',
      channel: 'email',
      contactId: contact.id,
      bodyText: MARKER,
    })
    const attachment = await Attachment.create({
      messageId: message.id,
      fileName: `${MARKER}.txt`,
      contentType: 'text/plain',
      size: 6,
      diskKey: await attachmentStore.put('attachments', Buffer.from(MARKER)),
    })
    const tag = await Tag.create({ name: MARKER.toLowerCase() })
    await ticket.related('tags').attach({ [tag.id]: { tenant_id: other.tenant.id } })
    const mailbox = await Mailbox.create({
      answeringPointId: other.point.id,
      name: `${MARKER} box`,
      address: 'globexsecret@globex.example',
      intake: 'forward',
      forwardToken: `globex-${Date.now()}`,
    })
    const inbound = (status: 'held' | 'failed') =>
      InboundMessage.create({
        channel: 'email',
        source: 'import',
        sourceKey: `sha256:${status}${Date.now()}`,
        contentHash: `${status}${Date.now()}`,
        status,
        error: status === 'failed' ? 'broken' : null,
        summary: { subject: MARKER, from: 'globexsecret@globex.example' },
        answeringPointId: other.point.id,
        receivedAt: ticket.createdAt,
      })
    const slaPolicy = await SlaPolicy.create({
      name: `${MARKER} SLA`,
      position: 1,
      calendar: 'always',
      firstResponseMinutes: 60,
    })
    const calendar = await calendars.baseCalendar()
    calendar.data = {
      ...calendar.data,
      deviations: [{ id: 'globex-dev', name: MARKER, open: false, conditions: {} }],
    }
    await calendar.save()
    const entry = await CalendarEntry.create({
      userId: other.agent.id,
      kind: 'reminder',
      title: MARKER,
      startsAt: ticket.createdAt,
      uid: `globex-${Date.now()}`,
    })
    const privacyRequest = await PrivacyRequest.create({
      kind: 'export',
      contactId: contact.id,
      status: 'done',
      bundleKey: await attachmentStore.put('attachments', Buffer.from(MARKER)),
      bundleSize: MARKER.length,
    })
    const retentionRun = await RetentionRun.create({
      status: 'done',
      clockAt: ticket.createdAt,
      report: { classes: {}, warnings: [], cursors: {} },
    })
    const archived = await archivedRecords(other.tenant.id)
    return {
      calendar,
      entry,
      slaPolicy,
      ticket,
      contact,
      privacyRequest,
      retentionRun,
      archived,
      identity,
      organisation,
      attachment,
      tag,
      mailbox,
      held: await inbound('held'),
      failed: await inbound('failed'),
      user: other.agent,
      point: other.point,
    }
  })
}

/**
 * An archived ticket with a message and an attachment (with its file
 * on the archive disk) of the other tenant.
 */
async function archivedRecords(tenantId: number) {
  const archive = db.connection('archive')
  const at = '2024-01-01 10:00:00'
  const id = 900_000 + tenantId
  const key = `t${tenantId}/attachments/archived-${id}`
  await drive.use('archive').put(key, Buffer.from(MARKER))
  await archive.table('tickets').insert({
    id,
    tenant_id: tenantId,
    archived_at: at,
    number: 99,
    subject: `${MARKER} arkiverat`,
    status: 'closed',
    priority: 'normal',
    channel: 'email',
    last_activity_at: at,
    created_at: at,
  })
  await archive.table('messages').insert({
    id,
    tenant_id: tenantId,
    archived_at: at,
    ticket_id: id,
    type: 'inbound',
    channel: 'email',
    body_text: MARKER,
    created_at: at,
  })
  await archive.table('attachments').insert({
    id,
    tenant_id: tenantId,
    archived_at: at,
    message_id: id,
    file_name: `${MARKER}.txt`,
    content_type: 'text/plain',
    size: MARKER.length,
    disk_key: key,
    created_at: at,
  })
  return { ticketId: id, attachmentId: id }
}

type Foreign = Awaited<ReturnType<typeof foreignRecords>>

/**
 * How each route's parameters are filled with the other tenant's
 * records. A route that takes a parameter and is missing here fails
 * the coverage test, so every new route must be added.
 */
const RESOLVERS: Record<string, (f: Foreign) => Record<string, string | number>> = {
  'tickets.show': (f) => ({ number: f.ticket.number }),
  'ticket_replies.store': (f) => ({ number: f.ticket.number }),
  'ticket_notes.store': (f) => ({ number: f.ticket.number }),
  'ticket_assignments.update': (f) => ({ number: f.ticket.number }),
  'ticket_statuses.update': (f) => ({ number: f.ticket.number }),
  'ticket_priorities.update': (f) => ({ number: f.ticket.number }),
  'ticket_tags.store': (f) => ({ number: f.ticket.number }),
  'ticket_tags.destroy': (f) => ({ number: f.ticket.number, tagId: f.tag.id }),
  'attachments.show': (f) => ({ id: f.attachment.id }),
  'contacts.show': (f) => ({ id: f.contact.id }),
  'contacts.edit': (f) => ({ id: f.contact.id }),
  'contacts.update': (f) => ({ id: f.contact.id }),
  'contact_identities.store': (f) => ({ id: f.contact.id }),
  'contact_identities.destroy': (f) => ({ id: f.contact.id, identityId: f.identity.id }),
  'organisations.show': (f) => ({ id: f.organisation.id }),
  'organisations.edit': (f) => ({ id: f.organisation.id }),
  'organisations.update': (f) => ({ id: f.organisation.id }),
  'admin.users.edit': (f) => ({ id: f.user.id }),
  'admin.users.update': (f) => ({ id: f.user.id }),
  'admin.users.destroy': (f) => ({ id: f.user.id }),
  'admin.user_password_resets.store': (f) => ({ id: f.user.id }),
  'admin.answering_points.edit': (f) => ({ id: f.point.id }),
  'admin.answering_points.update': (f) => ({ id: f.point.id }),
  'email.mailboxes.edit': (f) => ({ id: f.mailbox.id }),
  'email.mailboxes.update': (f) => ({ id: f.mailbox.id }),
  'email.mailboxes.destroy': (f) => ({ id: f.mailbox.id }),
  'email.mailboxes.rotate_token': (f) => ({ id: f.mailbox.id }),
  'email.held.show': (f) => ({ id: f.held.id }),
  'email.held.accept': (f) => ({ id: f.held.id }),
  'email.held.reject': (f) => ({ id: f.held.id }),
  'email.failed.retry': (f) => ({ id: f.failed.id }),
  'email.failed.resolve': (f) => ({ id: f.failed.id }),
  'email.inbound.raw': (f) => ({ id: f.failed.id }),
  'sla.policies.edit': (f) => ({ id: f.slaPolicy.id }),
  'sla.policies.update': (f) => ({ id: f.slaPolicy.id }),
  'sla.policies.destroy': (f) => ({ id: f.slaPolicy.id }),
  'sla.policies.move': (f) => ({ id: f.slaPolicy.id }),
  'calendar.calendars.store': (f) => ({ pointId: f.point.id }),
  'calendar.calendars.edit': (f) => ({ id: f.calendar.id }),
  'calendar.calendars.update': (f) => ({ id: f.calendar.id }),
  'calendar.calendars.destroy': (f) => ({ id: f.calendar.id }),
  'calendar.calendars.month': (f) => ({ id: f.calendar.id }),
  'calendar.deviations.store': (f) => ({ id: f.calendar.id }),
  'calendar.deviations.edit': (f) => ({ id: f.calendar.id, deviationId: 'globex-dev' }),
  'calendar.deviations.update': (f) => ({ id: f.calendar.id, deviationId: 'globex-dev' }),
  'calendar.deviations.destroy': (f) => ({ id: f.calendar.id, deviationId: 'globex-dev' }),
  'calendar.deviations.move': (f) => ({ id: f.calendar.id, deviationId: 'globex-dev' }),
  'calendar.entries.destroy': (f) => ({ id: f.entry.id }),
  'admin.privacy_bundles.show': (f) => ({ id: f.privacyRequest.id }),
  'ticket_legal_holds.update': (f) => ({ number: f.ticket.number }),
  'contact_legal_holds.update': (f) => ({ id: f.contact.id }),
  'admin.retention.update': (f) => ({ id: f.point.id }),
  'admin.retention_runs.show': (f) => ({ id: f.retentionRun.id }),
  'admin.archive.show': (f) => ({ id: f.archived.ticketId }),
  'admin.archive.confirm_destroy': (f) => ({ id: f.archived.ticketId }),
  'admin.archive.destroy': (f) => ({ id: f.archived.ticketId }),
  'admin.archive_attachments.show': (f) => ({ id: f.archived.attachmentId }),
  'admin.archive_attachments.confirm_destroy': (f) => ({ id: f.archived.attachmentId }),
  'admin.archive_attachments.destroy': (f) => ({ id: f.archived.attachmentId }),
}

/**
 * Routes with parameters that name no tenant record, and why.
 */
const NOT_TENANT_RECORDS: Record<string, string> = {
  'password_reset.edit': 'an unguessable token, tested by the auth suite',
  'password_reset.update': 'an unguessable token, tested by the auth suite',
  'admin.module_settings.edit': 'a plugin id, the same for every tenant',
  'admin.module_settings.update': 'a plugin id, the same for every tenant',
  'calendar.hooks.feed': 'an unguessable token, tested by the calendar agenda suite',
}

/**
 * A body that passes each mutating route's validation, so a 404 comes
 * from the record lookup rather than from a rejected form.
 */
function bodyFor(name: string, ours: TenantWorld): Record<string, unknown> {
  const bodies: Record<string, Record<string, unknown>> = {
    'ticket_replies.store': { body: 'Hej', status: 'pending' },
    'ticket_notes.store': { body: 'Anteckning' },
    'ticket_assignments.update': { assignee: 'me' },
    'ticket_statuses.update': { status: 'closed' },
    'ticket_priorities.update': { priority: 'urgent' },
    'ticket_tags.store': { name: 'intrång' },
    'contacts.update': { name: 'Ändrad' },
    'contact_identities.store': { email: 'ny@example.se' },
    'organisations.update': { name: 'Ändrad AB' },
    'admin.users.update': {
      full_name: 'Ändrad',
      email: 'andrad@acme.example',
      role: 'agent',
      answering_points: [ours.point.id],
    },
    'admin.answering_points.update': { name: 'Ändrad', slug: 'andrad' },
    'ticket_legal_holds.update': { hold: true },
    'contact_legal_holds.update': { hold: true },
    'admin.archive.destroy': { confirm: '1' },
    'admin.archive_attachments.destroy': { confirm: '1' },
    'admin.retention.update': { periods: { tickets: { amount: 1, unit: 'months' } } },
    'email.mailboxes.update': {
      answering_point_id: ours.point.id,
      name: 'Ändrad',
      address: 'andrad@acme.example',
      intake: 'forward',
    },
    'sla.policies.update': { name: 'Ändrad', calendar: 'always' },
    'sla.policies.move': { direction: 'up' },
    'calendar.deviations.store': { name: 'Ändrad', mode: 'closed' },
    'calendar.deviations.update': { name: 'Ändrad', mode: 'closed' },
    'calendar.deviations.move': { direction: 'up' },
  }
  return bodies[name] ?? {}
}

function routesWithParams() {
  const all = Object.values(router.toJSON()).flat()
  return all.filter((route) => route.pattern.includes(':') && route.name)
}

test.group('Tenancy | every route', (group) => {
  group.each.setup(() => testDatabase.truncate())
  group.each.setup(() => testDatabase.truncate('archive'))
  group.each.teardown(() => emitter.restore())

  test('cover every route that takes a parameter', async ({ assert }) => {
    const uncovered = routesWithParams()
      .map((route) => route.name!)
      .filter((name) => !name.startsWith('platform.'))
      .filter((name) => !(name in RESOLVERS) && !(name in NOT_TENANT_RECORDS))
    assert.deepEqual(uncovered, [], 'routes without an isolation resolver')
  })

  test('answer 404 to another tenant ids on every route and method', async ({ client, assert }) => {
    emitter.fake([ReplyQueued])
    const ours = await createTenantWorld('acme', { modules: ['email', 'sla', 'calendar'] })
    const other = await createTenantWorld('globex', { modules: ['email', 'sla', 'calendar'] })
    /* Our own ticket number 1 exists, so the other's must be higher. */
    await asTenant(ours, () =>
      tickets.open({ subject: 'vår', channel: 'email', answeringPointId: null, contactId: null })
    )
    await asTenant(other, () =>
      tickets.open({ subject: 'deras', channel: 'email', answeringPointId: null, contactId: null })
    )
    const foreign = await foreignRecords(other)

    const failures: string[] = []
    for (const route of routesWithParams()) {
      const resolve = RESOLVERS[route.name!]
      if (!resolve) continue
      let url = route.pattern
      for (const [key, value] of Object.entries(resolve(foreign))) {
        url = url.replace(`:${key}`, String(value))
      }
      for (const method of route.methods.filter((m) => m !== 'HEAD')) {
        let request: ApiRequest = client
          .request(url, method as any)
          .header('Host', ours.host)
          .loginAs(ours.admin)
        if (method !== 'GET') {
          request = request.withCsrfToken().json(bodyFor(route.name!, ours))
        }
        const response = await request
        if (response.status() !== 404) {
          failures.push(`${method} ${url} (${route.name}) -> ${response.status()}`)
        }
      }
    }
    assert.deepEqual(failures, [])
  })

  test('show none of another tenant rows on list and search pages', async ({ client, assert }) => {
    const ours = await createTenantWorld('acme', { modules: ['email', 'sla', 'calendar'] })
    const other = await createTenantWorld('globex', { modules: ['email', 'sla', 'calendar'] })
    await foreignRecords(other)

    const pages = [
      '/tickets',
      '/tickets?status=all',
      '/tickets?q=GLOBEXSEC',
      '/contacts',
      '/contacts?q=globexsec',
      '/organisations',
      '/admin/users',
      '/admin/answering-points',
      '/p/email/mailboxes',
      '/p/email/held',
      '/p/email/failed',
      '/p/sla/policies',
      '/p/sla/report',
      '/p/calendar',
      '/p/calendar/me',
      '/admin/retention',
      '/admin/archive',
      '/admin/archive?q=GLOBEXSEC',
      '/admin/archive/attachments',
      '/admin/archive/attachments?q=GLOBEXSEC',
    ]
    for (const page of pages) {
      const response = await client.get(page).header('Host', ours.host).loginAs(ours.admin)
      assert.equal(response.status(), 200, page)
      assert.notInclude(response.text(), MARKER, page)
      assert.notInclude(response.text(), 'globexsecret', page)
    }

    /* The same searches do find the rows for their own tenant. */
    for (const page of [
      '/tickets?q=GLOBEXSEC',
      '/contacts?q=globexsec',
      '/admin/archive?q=GLOBEXSEC',
      '/admin/archive/attachments?q=GLOBEXSEC',
    ]) {
      const response = await client.get(page).header('Host', other.host).loginAs(other.admin)
      assert.include(response.text(), MARKER, page)
    }
  })

  test('answer 404 to console routes on a tenant host', async ({ client, assert }) => {
    const ours = await createTenantWorld('acme')
    const console = Object.values(router.toJSON())
      .flat()
      .filter((route) => route.name?.startsWith('platform.'))
    assert.isAbove(console.length, 0)
    for (const route of console) {
      const url = route.pattern.replace(/:[a-z_]+/gi, String(ours.tenant.id))
      const method = route.methods[0].toLowerCase() as 'get'
      let request = client[method](url).header('Host', ours.host).loginAs(ours.admin)
      if (method !== 'get') request = request.withCsrfToken()
      const response = await request
      assert.equal(response.status(), 404, `${route.methods[0]} ${url}`)
    }
  })
})
