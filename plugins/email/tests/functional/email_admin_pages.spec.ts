import { createHash } from 'node:crypto'
import { test } from '@japa/runner'
import testDatabase from '#tests/helpers/database'
import type User from '#models/user'
import InboundMessage from '#models/inbound_message'
import Ticket from '#models/ticket'
import TenantPlugin from '#models/tenant_plugin'
import { asTenant, createTenantWorld, type TenantWorld } from '#tests/helpers/world'
import Mailbox from '#plugins/email/models/mailbox'
import mailboxes from '#plugins/email/services/mailbox_service'
import intake from '#plugins/email/services/intake_service'
import { mailDomain } from '#plugins/email/services/message_id'
import { rawMail } from '../helpers/mail.js'

type Method = 'get' | 'post' | 'put' | 'delete'
type Route = [Method, string, Record<string, string> | null]

function send(client: any, world: TenantWorld, user: User, [method, path, body]: Route) {
  const request = client[method](path).header('Host', world.host).loginAs(user).redirects(0)
  return body === null ? request : request.form(body).withCsrfToken()
}

const mailboxBody = (pointId: number, values: Record<string, string> = {}) => ({
  answering_point_id: String(pointId),
  name: 'Support',
  address: 'support@acme.example.com',
  intake: 'forward',
  auto_create: '1',
  active: '1',
  ...values,
})

async function mailboxFor(world: TenantWorld, values: Record<string, unknown> = {}) {
  return asTenant(world, () =>
    mailboxes.create({
      answeringPointId: world.point.id,
      name: 'Support',
      address: `support@${world.tenant.slug}.example.com`,
      intake: 'forward',
      ...values,
    })
  )
}

function deliver(world: TenantWorld, mailboxId: number, raw: Buffer) {
  return intake.receive({
    tenantId: world.tenant.id,
    mailboxId,
    source: 'smtp',
    sourceKey: `sha256:${createHash('sha256').update(raw).digest('hex')}`,
    raw,
  })
}

async function setLimit(world: TenantWorld, mb: number | null) {
  await asTenant(world, async () => {
    const row = await TenantPlugin.findByOrFail('plugin_id', 'email')
    row.settings = mb === null ? {} : { max_message_mb: mb }
    await row.save()
  })
}

test.group('Email | admin pages', (group) => {
  group.each.setup(() => testDatabase.truncate())

  test('create a mailbox with a sealed password and a forward address', async ({
    client,
    assert,
  }) => {
    const world = await createTenantWorld('acme', { modules: ['email'] })
    const body = mailboxBody(world.point.id, {
      intake: 'imap',
      imap_host: 'imap.acme.example.com',
      imap_port: '993',
      imap_tls: '1',
      imap_user: 'support',
      imap_password: 'imap-secret',
    })

    const response = await send(client, world, world.admin, ['post', '/p/email/mailboxes', body])

    response.assertStatus(302)
    const mailbox = await asTenant(world, () => Mailbox.findByOrFail('address', body.address))
    assert.equal(mailbox.intake, 'imap')
    assert.notEqual(mailbox.imapPassword, 'imap-secret')
    assert.equal(mailbox.imapSecret, 'imap-secret')
    assert.match(mailbox.forwardToken, /^[0-9a-f]{32}$/)
    assert.isTrue(mailbox.autoCreate)
    assert.isFalse(mailbox.autoReply)

    const edit = await send(client, world, world.admin, [
      'get',
      `/p/email/mailboxes/${mailbox.id}/edit`,
      null,
    ])
    edit.assertStatus(200)
    edit.assertTextIncludes(`${mailbox.forwardToken}@${mailDomain()}`)
    assert.notInclude(edit.text(), 'imap-secret')
  })

  test('keep the stored password when the field is left blank', async ({ client, assert }) => {
    const world = await createTenantWorld('acme', { modules: ['email'] })
    const mailbox = await mailboxFor(world, {
      intake: 'imap',
      imapHost: 'imap.example.com',
      imapUser: 'u',
      imapPassword: 'first',
    })
    const body = mailboxBody(world.point.id, {
      address: mailbox.address,
      intake: 'imap',
      imap_host: 'imap.example.com',
      imap_user: 'u',
      imap_password: '',
      auto_reply: '1',
      auto_reply_subject: 'Thanks',
      auto_reply_body: 'We got it.',
    })

    const response = await send(client, world, world.admin, [
      'put',
      `/p/email/mailboxes/${mailbox.id}`,
      body,
    ])

    response.assertStatus(302)
    await asTenant(world, () => mailbox.refresh())
    assert.equal(mailbox.imapSecret, 'first')
    assert.isTrue(mailbox.autoReply)
    assert.equal(mailbox.autoReplyBody, 'We got it.')
  })

  test('refuse an invalid mailbox and keep the input', async ({ client, assert }) => {
    const world = await createTenantWorld('acme', { modules: ['email'] })
    await mailboxFor(world)
    const body = mailboxBody(world.point.id, {
      address: `support@acme.example.com`,
      intake: 'imap',
    })

    const response = await send(client, world, world.admin, ['post', '/p/email/mailboxes', body])

    response.assertStatus(302)
    const errors = response.flashMessages().inputErrorsBag
    assert.properties(errors, ['address', 'imap_host', 'imap_user', 'imap_password'])
    assert.equal(
      await asTenant(world, () => Mailbox.query().count('* as n')).then((r) =>
        Number(r[0].$extras.n)
      ),
      1
    )
  })

  test('list mailboxes with status and last error', async ({ client }) => {
    const world = await createTenantWorld('acme', { modules: ['email'] })
    const mailbox = await mailboxFor(world, { intake: 'imap', imapHost: 'h', imapUser: 'u' })
    await asTenant(world, async () => {
      mailbox.status = 'error'
      mailbox.lastError = 'AUTHENTICATIONFAILED Invalid credentials'
      await mailbox.save()
    })

    const response = await send(client, world, world.admin, ['get', '/p/email/mailboxes', null])

    response.assertStatus(200)
    response.assertTextIncludes('support@acme.example.com')
    response.assertTextIncludes('AUTHENTICATIONFAILED Invalid credentials')
  })

  test('list failed mail, download its raw bytes, retry and resolve it', async ({
    client,
    assert,
  }) => {
    const world = await createTenantWorld('acme', { modules: ['email'] })
    const mailbox = await mailboxFor(world)
    await setLimit(world, 0.001)
    const raw = rawMail({ From: 'Kim <kim@example.org>', Subject: 'Too big' }, 'z'.repeat(3000))
    const other = rawMail({ From: 'ola@example.org', Subject: 'Also big' }, 'q'.repeat(3000))
    const failed = await deliver(world, mailbox.id, raw)
    const second = await deliver(world, mailbox.id, other)

    const list = await send(client, world, world.admin, ['get', '/p/email/failed', null])
    list.assertStatus(200)
    list.assertTextIncludes('Too big')
    list.assertTextIncludes('Kim')

    const download = await send(client, world, world.admin, [
      'get',
      `/p/email/inbound/${failed.inboundMessageId}/raw`,
      null,
    ])
    download.assertStatus(200)
    download.assertHeader('content-type', 'message/rfc822')
    download.assertHeader(
      'content-disposition',
      `attachment; filename="message-${failed.inboundMessageId}.eml"`
    )
    assert.equal(download.text(), raw.toString())

    await setLimit(world, null)
    const retry = await send(client, world, world.admin, [
      'post',
      `/p/email/failed/${failed.inboundMessageId}/retry`,
      {},
    ])
    retry.assertStatus(302)
    const resolve = await send(client, world, world.admin, [
      'post',
      `/p/email/failed/${second.inboundMessageId}/resolve`,
      {},
    ])
    resolve.assertStatus(302)

    await asTenant(world, async () => {
      const retried = await InboundMessage.findOrFail(failed.inboundMessageId)
      const resolved = await InboundMessage.findOrFail(second.inboundMessageId)
      assert.equal(retried.status, 'processed')
      assert.isNotNull(retried.ticketId)
      assert.equal(resolved.status, 'ignored')
      assert.equal(resolved.summary?.reason.code, 'resolved')
    })
  })

  test('accept and reject held mail from the held list', async ({ client, assert }) => {
    const world = await createTenantWorld('acme', { modules: ['email'] })
    const mailbox = await mailboxFor(world, { autoCreate: false })
    const keep = await deliver(
      world,
      mailbox.id,
      rawMail({ From: 'a@example.org', Subject: 'Keep me' })
    )
    const drop = await deliver(
      world,
      mailbox.id,
      rawMail({ From: 'b@example.org', Subject: 'Spam' })
    )
    assert.equal(keep.status, 'held')

    const list = await send(client, world, world.admin, ['get', '/p/email/held', null])
    list.assertStatus(200)
    list.assertTextIncludes('Keep me')
    const show = await send(client, world, world.admin, [
      'get',
      `/p/email/held/${keep.inboundMessageId}`,
      null,
    ])
    show.assertStatus(200)
    show.assertTextIncludes('a@example.org')

    const accept = await send(client, world, world.admin, [
      'post',
      `/p/email/held/${keep.inboundMessageId}/accept`,
      {},
    ])
    const reject = await send(client, world, world.admin, [
      'post',
      `/p/email/held/${drop.inboundMessageId}/reject`,
      {},
    ])
    accept.assertStatus(302)
    reject.assertStatus(302)

    await asTenant(world, async () => {
      const accepted = await InboundMessage.findOrFail(keep.inboundMessageId)
      const rejected = await InboundMessage.findOrFail(drop.inboundMessageId)
      assert.equal(accepted.status, 'processed')
      assert.equal(rejected.status, 'ignored')
      const subjects = (await Ticket.all()).map((ticket) => ticket.subject)
      assert.deepEqual(subjects, ['Keep me'])
    })
  })

  test('keep the email pages from agents and supervisors', async ({ client }) => {
    const world = await createTenantWorld('acme', { modules: ['email'] })
    const mailbox = await mailboxFor(world)
    for (const user of [world.agent, world.supervisor]) {
      for (const path of [
        '/p/email/mailboxes',
        '/p/email/failed',
        '/p/email/held',
        `/p/email/mailboxes/${mailbox.id}/edit`,
      ]) {
        const response = await send(client, world, user, ['get', path, null])
        response.assertStatus(403)
      }
    }
  })

  test('answer 404 for every route given another tenant’s ids', async ({ client, assert }) => {
    const acme = await createTenantWorld('acme', { modules: ['email'] })
    const other = await createTenantWorld('other', { modules: ['email'] })
    const foreignBox = await mailboxFor(other, { autoCreate: false })
    await setLimit(other, 0.001)
    const failed = await deliver(
      other,
      foreignBox.id,
      rawMail({ From: 'x@example.org' }, 'x'.repeat(3000))
    )
    await setLimit(other, null)
    const held = await deliver(other, foreignBox.id, rawMail({ From: 'y@example.org' }))
    assert.equal(failed.status, 'failed')
    assert.equal(held.status, 'held')

    const body = mailboxBody(acme.point.id, { address: 'new@acme.example.com' })
    const routes: Route[] = [
      ['get', `/p/email/mailboxes/${foreignBox.id}/edit`, null],
      ['put', `/p/email/mailboxes/${foreignBox.id}`, body],
      ['delete', `/p/email/mailboxes/${foreignBox.id}`, {}],
      ['post', `/p/email/mailboxes/${foreignBox.id}/forward-token`, {}],
      ['get', `/p/email/held/${held.inboundMessageId}`, null],
      ['post', `/p/email/held/${held.inboundMessageId}/accept`, {}],
      ['post', `/p/email/held/${held.inboundMessageId}/reject`, {}],
      ['post', `/p/email/failed/${failed.inboundMessageId}/retry`, {}],
      ['post', `/p/email/failed/${failed.inboundMessageId}/resolve`, {}],
      ['get', `/p/email/inbound/${failed.inboundMessageId}/raw`, null],
    ]
    for (const route of routes) {
      const response = await send(client, acme, acme.admin, route)
      assert.equal(response.status(), 404, `${route[0]} ${route[1]}`)
    }

    const created = await send(client, acme, acme.admin, [
      'post',
      '/p/email/mailboxes',
      mailboxBody(other.point.id, { address: 'sneaky@acme.example.com' }),
    ])
    assert.properties(created.flashMessages().inputErrorsBag, ['answering_point_id'])

    for (const path of ['/p/email/mailboxes', '/p/email/failed', '/p/email/held']) {
      const response = await send(client, acme, acme.admin, ['get', path, null])
      response.assertStatus(200)
      assert.notInclude(response.text(), foreignBox.address)
      assert.notInclude(response.text(), 'x@example.org')
      assert.notInclude(response.text(), 'y@example.org')
    }
    await asTenant(other, () => foreignBox.refresh())
    assert.equal(foreignBox.name, 'Support')
  })

  test('answer 404 when the email module is disabled', async ({ client }) => {
    const world = await createTenantWorld('acme')
    const response = await send(client, world, world.admin, ['get', '/p/email/mailboxes', null])
    response.assertStatus(404)
  })
})
