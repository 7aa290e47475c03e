import { test } from '@japa/runner'
import ContactIdentity from '#models/contact_identity'
import testDatabase from '#tests/helpers/database'
import InboundMessage from '#models/inbound_message'
import Message from '#models/message'
import Ticket from '#models/ticket'
import Attachment from '#models/attachment'
import attachmentStore from '#services/attachment_store'
import tickets from '#services/ticket_service'
import { asTenant, createTenantWorld, type TenantWorld } from '#tests/helpers/world'
import intake, { UNKNOWN_SENDER } from '#plugins/email/services/intake_service'
import mailboxes from '#plugins/email/services/mailbox_service'
import { generate as signedMessageId, mailDomain } from '#plugins/email/services/message_id'
import { createHash } from 'node:crypto'
import { corpusAvailable, corpusFile } from '../helpers/corpus.js'
import { rawMail } from '../helpers/mail.js'

function sha(raw: Buffer) {
  return createHash('sha256').update(raw).digest('hex')
}

async function mailboxFor(world: TenantWorld, values: Record<string, unknown> = {}) {
  return asTenant(world, () =>
    mailboxes.create({
      answeringPointId: world.point.id,
      name: 'Support',
      address: 'support@acme.example.com',
      intake: 'forward',
      ...values,
    })
  )
}

function receive(world: TenantWorld, mailboxId: number | null, raw: Buffer, key?: string) {
  return intake.receive({
    tenantId: world.tenant.id,
    mailboxId,
    answeringPointId: world.point.id,
    source: 'smtp',
    sourceKey: key ?? `sha256:${sha(raw)}`,
    raw,
  })
}

test.group('Email | intake', (group) => {
  group.each.setup(() => testDatabase.truncate())

  test('open a ticket from a received message and store its raw bytes', async ({ assert }) => {
    const world = await createTenantWorld('acme', { modules: ['email'] })
    const mailbox = await mailboxFor(world)
    const raw = rawMail({
      'From': 'Kim Berg <kim@example.org>',
      'To': 'support@acme.example.com',
      'Subject': 'Re: SV: Printer broken',
      'Message-ID': '<first@example.org>',
      'Date': 'Thu, 13 Mar 2025 08:00:00 +0100',
    })

    const result = await receive(world, mailbox.id, raw)

    assert.equal(result.status, 'processed')
    assert.isTrue(result.createdTicket)
    await asTenant(world, async () => {
      const record = await InboundMessage.findOrFail(result.inboundMessageId)
      assert.equal(record.status, 'processed')
      assert.equal(record.summary?.subject, 'Re: SV: Printer broken')
      assert.equal(record.summary?.messageId, '<first@example.org>')
      assert.isNotNull(record.processedAt)
      assert.deepEqual(await attachmentStore.get(record.rawKey!), raw)

      const ticket = await Ticket.findOrFail(result.ticketId)
      assert.equal(ticket.subject, 'Printer broken')
      assert.equal(ticket.answeringPointId, world.point.id)
      const message = await Message.findByOrFail('ticket_id', ticket.id)
      assert.equal(message.fromAddress, 'kim@example.org')
      assert.equal(message.externalId, '<first@example.org>')
      assert.equal(message.meta?.originalSubject, 'Re: SV: Printer broken')
    })
  })

  test('store the same bytes once and answer duplicate', async ({ assert }) => {
    const world = await createTenantWorld('acme', { modules: ['email'] })
    const mailbox = await mailboxFor(world)
    const raw = rawMail({ From: 'kim@example.org', Subject: 'Twice' })

    const first = await receive(world, mailbox.id, raw)
    const second = await receive(world, mailbox.id, raw)

    assert.equal(first.status, 'processed')
    assert.equal(second.status, 'duplicate')
    assert.equal(second.inboundMessageId, first.inboundMessageId)
    assert.equal(second.ticketId, first.ticketId)
    const count = await asTenant(world, () => InboundMessage.query().count('* as n'))
    assert.equal(Number(count[0].$extras.n), 1)
  })

  test('keep every message that shares a Message-ID with another', async ({ assert }) => {
    const world = await createTenantWorld('acme', { modules: ['email'] })
    const mailbox = await mailboxFor(world)
    const one = rawMail({ 'From': 'a@example.org', 'Message-ID': '<same@x>', 'Subject': 'A' })
    const two = rawMail({ 'From': 'b@example.org', 'Message-ID': '<same@x>', 'Subject': 'B' })

    const first = await receive(world, mailbox.id, one)
    const second = await receive(world, mailbox.id, two)

    assert.equal(first.status, 'processed')
    assert.equal(second.status, 'processed')
    assert.notEqual(first.inboundMessageId, second.inboundMessageId)
    const messages = await asTenant(world, () => Message.query().where('external_id', '<same@x>'))
    assert.lengthOf(messages, 2)
  })

  test('treat the same bytes from the same mailbox after a UIDVALIDITY change as a duplicate', async ({
    assert,
  }) => {
    const world = await createTenantWorld('acme', { modules: ['email'] })
    const mailbox = await mailboxFor(world, { intake: 'imap' })
    const raw = rawMail({ From: 'kim@example.org', Subject: 'Fetched' })
    const fetch = (key: string) =>
      intake.receive({
        tenantId: world.tenant.id,
        mailboxId: mailbox.id,
        source: 'imap',
        sourceKey: key,
        raw,
      })

    const first = await fetch(`imap:${mailbox.id}:100:7`)
    const rescan = await fetch(`imap:${mailbox.id}:200:1`)

    assert.equal(first.status, 'processed')
    assert.equal(rescan.status, 'duplicate')
    assert.equal(rescan.inboundMessageId, first.inboundMessageId)
  })

  test('keep malformed input raw as failed with a reason', async ({ assert }) => {
    const world = await createTenantWorld('acme', { modules: ['email'] })
    const mailbox = await mailboxFor(world)
    const raw = Buffer.from([0x00, 0xff, 0x13, 0x37, 0x0a, 0x0a, 0x01, 0x02])

    const result = await receive(world, mailbox.id, raw)

    assert.equal(result.status, 'failed')
    assert.match(result.reason!, /not an email message/)
    await asTenant(world, async () => {
      const record = await InboundMessage.findOrFail(result.inboundMessageId)
      assert.equal(record.status, 'failed')
      assert.equal(record.error, result.reason)
      assert.deepEqual(await attachmentStore.get(record.rawKey!), raw)
      assert.equal(
        await Ticket.query()
          .count('* as n')
          .then((r) => Number(r[0].$extras.n)),
        0
      )
    })
  })

  test('open a ticket for a message without From or Message-ID under a placeholder sender', async ({
    assert,
  }) => {
    const world = await createTenantWorld('acme', { modules: ['email'] })
    const mailbox = await mailboxFor(world)
    const raw = rawMail({ Subject: 'Who sent this? [#1]' }, 'Anonymous text\r\n')

    const result = await receive(world, mailbox.id, raw)

    assert.equal(result.status, 'processed')
    await asTenant(world, async () => {
      const message = await Message.findOrFail(result.messageId)
      assert.equal(message.fromAddress, UNKNOWN_SENDER)
      assert.isNull(message.externalId)
      assert.isTrue(message.meta?.senderUnknown)
      assert.equal(message.bodyText?.trim(), 'Anonymous text')
    })
  })

  test('fall back to Reply-To when From is missing', async ({ assert }) => {
    const world = await createTenantWorld('acme', { modules: ['email'] })
    const mailbox = await mailboxFor(world)
    const raw = rawMail({ 'Reply-To': 'Ola <ola@example.org>', 'Subject': 'No from' })

    const result = await receive(world, mailbox.id, raw)

    const message = await asTenant(world, () => Message.findOrFail(result.messageId))
    assert.equal(message.fromAddress, 'ola@example.org')
    assert.equal(message.fromName, 'Ola')
  })

  test('list a message over the size limit as failed with its headers', async ({ assert }) => {
    const world = await createTenantWorld('acme', { modules: ['email'] })
    const mailbox = await mailboxFor(world)
    await asTenant(world, async () => {
      const { default: TenantPlugin } = await import('#models/tenant_plugin')
      const row = await TenantPlugin.findByOrFail('plugin_id', 'email')
      row.settings = { max_message_mb: 0.001 }
      await row.save()
    })
    const raw = rawMail(
      { 'From': 'big@example.org', 'Subject': 'Huge', 'Message-ID': '<big@x>' },
      'x'.repeat(4096)
    )

    const result = await receive(world, mailbox.id, raw)

    assert.equal(result.status, 'failed')
    assert.match(result.reason!, /exceeds the limit/)
    await asTenant(world, async () => {
      const record = await InboundMessage.findOrFail(result.inboundMessageId)
      assert.equal(record.summary?.subject, 'Huge')
      assert.equal(record.summary?.from, 'big@example.org')
      assert.equal(record.size, raw.length)
      assert.deepEqual(await attachmentStore.get(record.rawKey!), raw)
    })
  })

  test('ignore mail sent from the tenant’s own addresses', async ({ assert }) => {
    const world = await createTenantWorld('acme', { modules: ['email'] })
    const mailbox = await mailboxFor(world)
    const forward = `${mailbox.forwardToken}@${mailDomain()}`

    const own = await receive(world, mailbox.id, rawMail({ From: 'Support@Acme.Example.com' }))
    const viaForward = await receive(world, mailbox.id, rawMail({ From: forward, Subject: 'x' }))

    assert.equal(own.status, 'ignored')
    assert.match(own.reason!, /own address/)
    assert.equal(viaForward.status, 'ignored')
    const count = await asTenant(world, () => Ticket.query().count('* as n'))
    assert.equal(Number(count[0].$extras.n), 0)
  })

  test('hold new conversations for review and thread replies in', async ({ assert }) => {
    const world = await createTenantWorld('acme', { modules: ['email'] })
    const mailbox = await mailboxFor(world, { autoCreate: false })
    const original = rawMail({
      'From': 'kim@example.org',
      'Subject': 'Please review',
      'Message-ID': '<held@example.org>',
    })

    const held = await receive(world, mailbox.id, original)
    assert.equal(held.status, 'held')
    assert.isNull(held.ticketId)

    const accepted = await asTenant(world, () => intake.acceptHeld(held.inboundMessageId))
    assert.equal(accepted.status, 'processed')
    assert.isTrue(accepted.createdTicket)

    const reply = rawMail({
      'From': 'kim@example.org',
      'Subject': 'Re: Please review',
      'In-Reply-To': '<held@example.org>',
    })
    const threaded = await receive(world, mailbox.id, reply)
    assert.equal(threaded.status, 'processed')
    assert.equal(threaded.ticketId, accepted.ticketId)
  })

  test('reject a held message as ignored', async ({ assert }) => {
    const world = await createTenantWorld('acme', { modules: ['email'] })
    const mailbox = await mailboxFor(world, { autoCreate: false })
    const held = await receive(world, mailbox.id, rawMail({ From: 'spam@example.org' }))

    const rejected = await asTenant(world, () =>
      intake.dismiss(held.inboundMessageId, 'rejected', { user: 'admin@acme.example' })
    )

    assert.equal(rejected.status, 'ignored')
    assert.equal(rejected.reason, 'rejected by admin@acme.example')
    const record = await asTenant(world, () => InboundMessage.findOrFail(held.inboundMessageId))
    assert.deepEqual(record.summary?.reason, {
      code: 'rejected',
      params: { user: 'admin@acme.example' },
    })
    await assert.rejects(() => asTenant(world, () => intake.acceptHeld(held.inboundMessageId)))
  })

  test('thread by a signed Message-ID of ours and by the subject tag from a participant', async ({
    assert,
  }) => {
    const world = await createTenantWorld('acme', { modules: ['email'] })
    const mailbox = await mailboxFor(world)
    const first = await receive(
      world,
      mailbox.id,
      rawMail({ 'From': 'kim@example.org', 'Subject': 'Start', 'Message-ID': '<s@x>' })
    )
    const ticket = await asTenant(world, () => Ticket.findOrFail(first.ticketId))

    const signed = signedMessageId(ticket.id, first.messageId!)
    const bySigned = await receive(
      world,
      mailbox.id,
      rawMail({ From: 'other@example.org', Subject: 'Odd', References: signed })
    )
    const byTag = await receive(
      world,
      mailbox.id,
      rawMail({ From: 'kim@example.org', Subject: `AW: [#${ticket.number}] Start` })
    )
    const strangerTag = await receive(
      world,
      mailbox.id,
      rawMail({ From: 'stranger@example.org', Subject: `[#${ticket.number}] Start` })
    )

    assert.equal(bySigned.ticketId, ticket.id)
    assert.equal(byTag.ticketId, ticket.id)
    assert.notEqual(strangerTag.ticketId, ticket.id)
  })

  test('use the tenant’s subject tag pattern', async ({ assert }) => {
    const world = await createTenantWorld('acme', { modules: ['email'] })
    const mailbox = await mailboxFor(world)
    await asTenant(world, async () => {
      const { default: TenantPlugin } = await import('#models/tenant_plugin')
      const row = await TenantPlugin.findByOrFail('plugin_id', 'email')
      row.settings = { subject_tag: 'Ärende {number}:' }
      await row.save()
    })
    const first = await receive(world, mailbox.id, rawMail({ From: 'kim@example.org' }))
    const number = (await asTenant(world, () => Ticket.findOrFail(first.ticketId))).number

    const reply = await receive(
      world,
      mailbox.id,
      rawMail({ From: 'kim@example.org', Subject: `SV: Ärende ${number}: Hej` })
    )

    assert.equal(reply.ticketId, first.ticketId)
  })

  test('answer a new ticket once and never answer auto-generated mail', async ({ assert }) => {
    const world = await createTenantWorld('acme', { modules: ['email'] })
    const mailbox = await mailboxFor(world, { autoReply: true, autoReplySubject: 'Thanks' })
    const answered: number[] = []
    intake.useAutoReplier(async (ticket) => answered.push(ticket.id))
    try {
      const first = await receive(
        world,
        mailbox.id,
        rawMail({ 'From': 'kim@example.org', 'Subject': 'Q', 'Message-ID': '<q@x>' })
      )
      await asTenant(world, async () => {
        const ticket = await Ticket.findOrFail(first.ticketId)
        await tickets.change(ticket, { status: 'solved' }, null)
      })
      const auto = await receive(
        world,
        mailbox.id,
        rawMail({
          'From': 'kim@example.org',
          'Subject': 'Out of office',
          'In-Reply-To': '<q@x>',
          'Auto-Submitted': 'auto-replied',
        })
      )
      const list = await receive(
        world,
        mailbox.id,
        rawMail({ 'From': 'news@example.org', 'Subject': 'News', 'List-Id': '<news.example.org>' })
      )

      assert.deepEqual(answered, [first.ticketId])
      assert.equal(auto.ticketId, first.ticketId)
      assert.isTrue(list.createdTicket)
      await asTenant(world, async () => {
        const message = await Message.findOrFail(auto.messageId)
        assert.isTrue(message.autoGenerated)
        assert.deepEqual(message.meta?.autoReasons, ['auto-submitted'])
        assert.equal((await Ticket.findOrFail(first.ticketId)).status, 'solved')
      })
    } finally {
      intake.useAutoReplier(null)
    }
  })

  test('thread a bounce into the ticket of the original message', async ({ assert }) => {
    if (!corpusAvailable()) return
    const world = await createTenantWorld('acme', { modules: ['email'] })
    const mailbox = await mailboxFor(world)
    const bounce = corpusFile('mail-gem/multipart_report_emails/report_530.eml')
    const originalId = /Message-Id:\s*(<[^>]+>)/i.exec(
      bounce.toString('latin1').split(/text\/rfc822-headers/i)[1]
    )![1]
    const original = await receive(
      world,
      mailbox.id,
      rawMail({ 'From': 'kim@example.org', 'Subject': 'Sent', 'Message-ID': originalId })
    )

    const result = await receive(world, mailbox.id, bounce)

    assert.equal(result.status, 'processed')
    assert.equal(result.ticketId, original.ticketId)
    await asTenant(world, async () => {
      const message = await Message.findOrFail(result.messageId)
      assert.isTrue(message.autoGenerated)
      assert.equal(message.meta?.bounce.originalMessageId, originalId)
      assert.isAbove(message.meta?.bounce.recipients.length, 0)
      assert.equal(message.meta?.bounce.recipients[0].action, 'failed')
    })
  })

  test('mark a bounced address undeliverable until its owner writes again', async ({ assert }) => {
    if (!corpusAvailable()) return
    const world = await createTenantWorld('acme', { modules: ['email'] })
    const mailbox = await mailboxFor(world)
    const from = (address: string, id: string) =>
      rawMail({ 'From': address, 'Subject': 'Hej', 'Message-ID': `<${id}@example.org>` })
    await receive(world, mailbox.id, from('Edwin <Edwin@zzzzzzz.com>', 'e1'))
    await receive(world, mailbox.id, from('user-514fb9@example.org', 'd1'))
    const identity = (value: string) =>
      asTenant(world, () => ContactIdentity.findByOrFail('value', value))

    /* A permanent failure (5.3.0) marks; a delay (4.2.2) does not. */
    const dir = 'mail-gem/multipart_report_emails'
    await receive(world, mailbox.id, corpusFile(`${dir}/report_530.eml`))
    await receive(world, mailbox.id, corpusFile(`${dir}/report_422.eml`))
    const bounced = await identity('edwin@zzzzzzz.com')
    assert.isNotNull(bounced.undeliverableAt)
    assert.equal(bounced.undeliverableStatus, '5.3.0')
    assert.isNull((await identity('user-514fb9@example.org')).undeliverableAt)

    /* Edwin writes again: the address works after all. */
    await receive(world, mailbox.id, from('edwin@zzzzzzz.com', 'e2'))
    const cleared = await identity('edwin@zzzzzzz.com')
    assert.isNull(cleared.undeliverableAt)
    assert.isNull(cleared.undeliverableStatus)
  })

  test('retry a failed message from its stored raw bytes', async ({ assert }) => {
    const world = await createTenantWorld('acme', { modules: ['email'] })
    const mailbox = await mailboxFor(world)
    await asTenant(world, async () => {
      const { default: TenantPlugin } = await import('#models/tenant_plugin')
      const row = await TenantPlugin.findByOrFail('plugin_id', 'email')
      row.settings = { max_message_mb: 0.001 }
      await row.save()
    })
    const raw = rawMail({ From: 'kim@example.org', Subject: 'Big' }, 'y'.repeat(3000))
    const failed = await receive(world, mailbox.id, raw)
    assert.equal(failed.status, 'failed')

    const retried = await asTenant(world, async () => {
      const { default: TenantPlugin } = await import('#models/tenant_plugin')
      const row = await TenantPlugin.findByOrFail('plugin_id', 'email')
      row.settings = {}
      await row.save()
      return intake.retry(failed.inboundMessageId)
    })

    assert.equal(retried.status, 'processed')
    assert.equal(retried.inboundMessageId, failed.inboundMessageId)
    assert.isNumber(retried.ticketId)
  })

  test('keep attachments with their decoded names', async ({ assert }) => {
    if (!corpusAvailable()) return
    const world = await createTenantWorld('acme', { modules: ['email'] })
    const mailbox = await mailboxFor(world)
    const raw = corpusFile('mail-gem/multi_charset/japanese_attachment.eml')

    const result = await receive(world, mailbox.id, raw)

    const files = await asTenant(world, () =>
      Attachment.query().where('message_id', result.messageId!)
    )
    assert.deepEqual(
      files.map((file) => file.fileName),
      ['てすと.txt']
    )
  })

  test('keep another tenant’s mailbox out of reach', async ({ assert }) => {
    const acme = await createTenantWorld('acme', { modules: ['email'] })
    const other = await createTenantWorld('other', { modules: ['email'] })
    const foreign = await mailboxFor(other)

    const result = await intake.receive({
      tenantId: acme.tenant.id,
      mailboxId: foreign.id,
      source: 'smtp',
      sourceKey: 'sha256:x',
      raw: rawMail({ From: 'kim@example.org' }),
    })

    assert.equal(result.status, 'failed')
    assert.match(result.reason!, /no answering point/)
  })
})
