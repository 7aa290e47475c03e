import { createHash } from 'node:crypto'
import { test } from '@japa/runner'
import { fixedBackoff } from '@adonisjs/queue'
import emitter from '@adonisjs/core/services/emitter'
import testDatabase from '#tests/helpers/database'
import mail from '@adonisjs/mail/services/main'
import { Mailer } from '@adonisjs/mail'
import { SMTPTransport } from '@adonisjs/mail/transports/smtp'
import Attachment from '#models/attachment'
import Message from '#models/message'
import Ticket from '#models/ticket'
import attachmentStore from '#services/attachment_store'
import replies from '#services/reply_service'
import ReplyQueued from '#events/reply_queued'
import Mailbox from '#plugins/email/models/mailbox'
import DeliverReplyJob from '#plugins/email/jobs/deliver_reply_job'
import intake from '#plugins/email/services/intake_service'
import outbound from '#plugins/email/services/outbound_service'
import { newForwardToken } from '#plugins/email/services/mailbox_service'
import { generate, loopMarker, verify } from '#plugins/email/services/message_id'
import { rawMail } from '#plugins/email/tests/helpers/mail'
import { startSmtpSink, type SmtpSink } from '#tests/helpers/smtp_sink'
import { asTenant, createTenantWorld, type TenantWorld } from '#tests/helpers/world'

const PLATFORM_FROM = (mail.config.from as { address: string }).address

async function supportMailbox(world: TenantWorld, values: Partial<Mailbox> = {}) {
  return asTenant(world, () =>
    Mailbox.create({
      answeringPointId: world.point.id,
      name: 'Acme Support',
      address: 'support@acme.example',
      intake: 'forward',
      forwardToken: newForwardToken(),
      ...values,
    })
  )
}

/**
 * A customer's email received into the world's mailbox; returns the
 * ticket it opened.
 */
async function customerWrites(world: TenantWorld, mailbox: Mailbox, headers = {}) {
  const raw = rawMail(
    {
      'From': 'Kim Kund <kim@example.org>',
      'To': mailbox.address,
      'Subject': 'Trasig leverans',
      'Message-ID': '<kim-1@example.org>',
      'Date': 'Tue, 01 Dec 2026 09:30:00 +0100',
      ...headers,
    },
    'Paketet kom fram trasigt.\r\nVad gör jag nu?\r\n'
  )
  const result = await intake.receive({
    tenantId: world.tenant.id,
    mailboxId: mailbox.id,
    source: 'smtp',
    sourceKey: `sha256:${createHash('sha256').update(raw).digest('hex')}`,
    raw,
  })
  return asTenant(world, () => Ticket.findOrFail(result.ticketId!))
}

test.group('Channels | Email | outbound delivery', (group) => {
  let sink: SmtpSink
  const options = DeliverReplyJob.options

  group.setup(async () => {
    sink = await startSmtpSink()
    const transport = new SMTPTransport({
      host: sink.host,
      port: sink.port,
      secure: false,
      ignoreTLS: true,
    })
    outbound.useRelay(new Mailer('sink', transport, emitter as any, mail.config))
    /* Retries without waiting minutes between them. */
    DeliverReplyJob.options = { ...options, retry: { maxRetries: 2, backoff: fixedBackoff(10) } }
    return async () => {
      DeliverReplyJob.options = options
      outbound.useRelay(null)
      await sink.stop()
    }
  })
  group.each.setup(() => {
    sink.clear()
    sink.failWith(null)
    return testDatabase.truncate()
  })

  test('deliver a reply through the platform relay with threading headers', async ({ assert }) => {
    const world = await createTenantWorld('acme', { modules: ['email'] })
    const mailbox = await supportMailbox(world)
    const ticket = await customerWrites(world, mailbox)

    const reply = await asTenant(world, () =>
      replies.reply(ticket, world.agent, { body: 'Vi skickar ett nytt paket i dag.' })
    )
    const [sent] = await sink.waitFor(1)
    const stored = await asTenant(world, () => Message.findOrFail(reply.id))
    const id = generate(ticket.id, reply.id, 'localhost')
    const parsed = sent.parsed

    assert.deepEqual(sent.to, ['kim@example.org'])
    assert.deepEqual(parsed.from?.value, [{ address: PLATFORM_FROM, name: 'Support' }])
    assert.deepEqual(parsed.replyTo?.value, [{ address: mailbox.address, name: 'Support' }])
    assert.equal(parsed.subject, `Re: Trasig leverans [#${ticket.number}]`)
    assert.equal(parsed.messageId, id)
    assert.deepEqual(verify(parsed.messageId), { ticketId: ticket.id, messageId: reply.id })
    assert.equal(parsed.inReplyTo, '<kim-1@example.org>')
    assert.deepEqual([parsed.references].flat(), ['<kim-1@example.org>'])
    assert.equal(parsed.headers.get('x-loop'), loopMarker())
    assert.isFalse(parsed.headers.has('auto-submitted'))

    /* The reply with the customer's message quoted in Swedish. */
    assert.match(parsed.text ?? '', /^Vi skickar ett nytt paket i dag\.\n\n.+ skrev Kim Kund:\n/)
    assert.include(parsed.text ?? '', '> Paketet kom fram trasigt.\n> Vad gör jag nu?')

    assert.equal(stored.deliveryStatus, 'sent')
    assert.isNotNull(stored.sentAt)
    assert.equal(stored.deliveryAttempts, 1)
    assert.equal(stored.externalId, id)
    assert.isNotNull(stored.externalIdHash)
  })

  test('send from the mailbox address through its own SMTP server', async ({ assert }) => {
    const world = await createTenantWorld('acme', { modules: ['email'] })
    const mailbox = await supportMailbox(world, {
      smtpHost: sink.host,
      smtpPort: sink.port,
      smtpTls: false,
    })
    const ticket = await customerWrites(world, mailbox)

    await asTenant(world, () => replies.reply(ticket, world.agent, { body: 'Hej!' }))
    const [sent] = await sink.waitFor(1)

    assert.deepEqual(sent.parsed.from?.value, [{ address: mailbox.address, name: 'Support' }])
    assert.isUndefined(sent.parsed.replyTo)
    assert.match(sent.parsed.messageId ?? '', /@acme\.example>$/)
    assert.isNotNull(verify(sent.parsed.messageId))
  })

  test('attach the stored files under their original names', async ({ assert }) => {
    const world = await createTenantWorld('acme', { modules: ['email'] })
    const mailbox = await supportMailbox(world)
    const ticket = await customerWrites(world, mailbox)

    /* A reply stored the way the core stores one, announced by hand. */
    const reply = await asTenant(world, async () => {
      const message = await Message.create({
        ticketId: ticket.id,
        type: 'outbound',
        channel: 'email',
        authorId: world.agent.id,
        fromName: world.agent.fullName,
        bodyText: 'Här är offerten.',
        deliveryStatus: 'queued',
      })
      const content = Buffer.from('%PDF-1.4 offert')
      await Attachment.create({
        messageId: message.id,
        fileName: 'Offert åäö 2026.pdf',
        contentType: 'application/pdf',
        size: content.length,
        diskKey: await attachmentStore.put('attachments', content),
      })
      return message
    })
    await ReplyQueued.dispatch(ticket, reply)
    const [sent] = await sink.waitFor(1)

    assert.deepEqual(
      sent.parsed.attachments.map((a) => [a.filename, a.contentType, a.content.toString()]),
      [['Offert åäö 2026.pdf', 'application/pdf', '%PDF-1.4 offert']]
    )
  })

  test('mark a reply failed with the SMTP error after the retries', async ({ assert }) => {
    const world = await createTenantWorld('acme', { modules: ['email'] })
    const mailbox = await supportMailbox(world)
    const ticket = await customerWrites(world, mailbox)
    sink.failWith({ code: 451, message: 'Mailbox busy, try later' })

    const reply = await asTenant(world, () =>
      replies.reply(ticket, world.agent, { body: 'Hallå?' })
    )
    const stored = await asTenant(world, () => Message.findOrFail(reply.id))

    assert.equal(stored.deliveryStatus, 'failed')
    assert.equal(stored.deliveryAttempts, 3)
    assert.include(stored.deliveryError ?? '', '451 Mailbox busy, try later')
    assert.isNull(stored.sentAt)
  })

  test('fail at once when the server refuses permanently', async ({ assert }) => {
    const world = await createTenantWorld('acme', { modules: ['email'] })
    const mailbox = await supportMailbox(world)
    const ticket = await customerWrites(world, mailbox)
    sink.failWith({ code: 554, message: 'Message rejected as spam' })

    const reply = await asTenant(world, () =>
      replies.reply(ticket, world.agent, { body: 'Hallå?' })
    )
    const stored = await asTenant(world, () => Message.findOrFail(reply.id))

    assert.equal(stored.deliveryStatus, 'failed')
    assert.equal(stored.deliveryAttempts, 1)
    assert.include(stored.deliveryError ?? '', '554 Message rejected as spam')
  })

  test('acknowledge a new ticket automatically, but never a robot', async ({ assert }) => {
    const world = await createTenantWorld('acme', { modules: ['email'] })
    const mailbox = await supportMailbox(world, {
      autoReply: true,
      autoReplySubject: 'Vi har tagit emot ditt ärende [#{number}]',
      autoReplyBody: 'Hej {name}, vi svarar inom en arbetsdag.',
    })

    const ticket = await customerWrites(world, mailbox)
    const [ack] = await sink.waitFor(1)
    await customerWrites(world, mailbox, {
      'From': 'Out of office <ooo@example.org>',
      'Message-ID': '<ooo-1@example.org>',
      'Subject': 'Frånvaro',
      'Auto-Submitted': 'auto-replied',
    })

    assert.equal(ack.parsed.subject, `Vi har tagit emot ditt ärende [#${ticket.number}]`)
    assert.equal(ack.parsed.text?.trim(), 'Hej Kim Kund, vi svarar inom en arbetsdag.')
    assert.equal(ack.parsed.headers.get('auto-submitted'), 'auto-replied')
    assert.equal(ack.parsed.headers.get('x-auto-response-suppress'), 'All')
    assert.equal(ack.parsed.headers.get('precedence'), 'bulk')
    assert.equal(ack.parsed.inReplyTo, '<kim-1@example.org>')
    assert.lengthOf(sink.messages, 1)

    const stored = await asTenant(world, () =>
      Message.query().where('ticket_id', ticket.id).where('type', 'outbound').firstOrFail()
    )
    assert.isTrue(stored.autoGenerated)
    assert.equal(stored.deliveryStatus, 'sent')
  })
})
