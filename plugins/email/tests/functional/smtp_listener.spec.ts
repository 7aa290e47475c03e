import { createHash } from 'node:crypto'
import { connect } from 'node:net'
import { test } from '@japa/runner'
import nodemailer from 'nodemailer'
import logger from '@adonisjs/core/services/logger'
import testDatabase from '#tests/helpers/database'
import InboundMessage from '#models/inbound_message'
import Message from '#models/message'
import Ticket from '#models/ticket'
import modules from '#services/module_service'
import Mailbox from '#plugins/email/models/mailbox'
import intake from '#plugins/email/services/intake_service'
import { newForwardToken } from '#plugins/email/services/mailbox_service'
import { mailDomain } from '#plugins/email/services/message_id'
import { SmtpListener } from '#plugins/email/services/smtp_listener'
import { rawMail } from '#plugins/email/tests/helpers/mail'
import { asTenant, createTenantWorld, type TenantWorld } from '#tests/helpers/world'

const LIMIT = 20_000

async function forwardMailbox(world: TenantWorld) {
  return asTenant(world, () =>
    Mailbox.create({
      answeringPointId: world.point.id,
      name: 'Support',
      address: `support@${world.tenant.slug}.example`,
      intake: 'forward',
      forwardToken: newForwardToken(),
    })
  )
}

function transport(port: number) {
  return nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true })
}

/**
 * Speaks SMTP line by line and returns the server's replies, one per
 * command (multi-line replies joined).
 */
async function dialog(port: number, commands: (string | Buffer)[]) {
  const socket = connect(port, '127.0.0.1')
  const replies: string[] = []
  let buffer = ''
  let waiting: ((reply: string) => void) | null = null
  socket.on('data', (chunk) => {
    buffer += chunk.toString()
    const lines = buffer.split('\r\n')
    buffer = lines.pop()!
    for (const line of lines) {
      if (/^\d{3} /.test(line)) waiting?.(line)
    }
  })
  const next = () => new Promise<string>((resolve) => (waiting = resolve))

  await next()
  for (const command of commands) {
    const reply = next()
    socket.write(command)
    replies.push(await reply)
  }
  socket.end()
  return replies
}

test.group('Channels | Email | SMTP listener', (group) => {
  let listener: SmtpListener
  let port: number

  group.setup(async () => {
    listener = new SmtpListener({ intake, logger, host: '127.0.0.1', port: 0, maxBytes: LIMIT })
    port = (await listener.start()).port
    return () => listener.stop()
  })
  group.each.setup(() => testDatabase.truncate())

  test('open a ticket from a message sent to a forward address', async ({ assert }) => {
    const world = await createTenantWorld('acme', { modules: ['email'] })
    const mailbox = await forwardMailbox(world)
    const raw = rawMail(
      {
        'From': 'Åsa Kund <asa@example.org>',
        'To': mailbox.address,
        'Subject': 'Min beställning',
        'Message-ID': '<order-1@example.org>',
      },
      'Var är mitt paket?\r\n'
    )

    const info = await transport(port).sendMail({
      envelope: { from: 'asa@example.org', to: [`${mailbox.forwardToken}@${mailDomain()}`] },
      raw,
    })
    assert.match(info.response, /^250 /)

    await asTenant(world, async () => {
      const record = await InboundMessage.query().firstOrFail()
      assert.equal(record.source, 'smtp')
      assert.equal(record.status, 'processed')
      assert.equal(record.sourceKey, `sha256:${createHash('sha256').update(raw).digest('hex')}`)

      const ticket = await Ticket.query().firstOrFail()
      assert.equal(ticket.subject, 'Min beställning')
      assert.equal(ticket.answeringPointId, world.point.id)
      const message = await Message.query().where('ticket_id', ticket.id).firstOrFail()
      assert.equal(message.fromName, 'Åsa Kund')
      assert.include(message.bodyText ?? '', 'Var är mitt paket?')
    })
  })

  test('refuse an unknown recipient at RCPT time with 550', async ({ assert }) => {
    const world = await createTenantWorld('acme', { modules: ['email'] })
    const mailbox = await forwardMailbox(world)
    const domain = mailDomain()

    const replies = await dialog(port, [
      'EHLO client.example\r\n',
      'MAIL FROM:<someone@example.org>\r\n',
      `RCPT TO:<nobody-here@${domain}>\r\n`,
      `RCPT TO:<${mailbox.forwardToken}@elsewhere.example>\r\n`,
      `RCPT TO:<${mailbox.forwardToken}@${domain}>\r\n`,
      'QUIT\r\n',
    ])
    assert.match(replies[2], /^550 /)
    assert.match(replies[3], /^550 /)
    assert.match(replies[4], /^250 /)

    /* Through a normal client the whole message is refused. */
    const error = await transport(port)
      .sendMail({ envelope: { from: 'a@example.org', to: [`nobody@${domain}`] }, raw: 'x' })
      .catch((e) => e)
    assert.equal(error.responseCode, 550)
    assert.equal(error.command, 'RCPT TO')
    assert.equal(await asTenant(world, () => InboundMessage.query().then((rows) => rows.length)), 0)
  })

  test('refuse the address of a tenant with the module disabled', async ({ assert }) => {
    const world = await createTenantWorld('acme', { modules: ['email'] })
    const mailbox = await forwardMailbox(world)
    await modules.setEnabled(world.tenant.id, 'email', false)

    const replies = await dialog(port, [
      'EHLO client.example\r\n',
      'MAIL FROM:<someone@example.org>\r\n',
      `RCPT TO:<${mailbox.forwardToken}@${mailDomain()}>\r\n`,
      'QUIT\r\n',
    ])
    assert.match(replies[2], /^550 /)
  })

  test('refuse a message over the size limit with 552', async ({ assert }) => {
    const world = await createTenantWorld('acme', { modules: ['email'] })
    const mailbox = await forwardMailbox(world)
    const rcpt = `RCPT TO:<${mailbox.forwardToken}@${mailDomain()}>\r\n`
    const big = rawMail(
      { From: 'a@example.org', Subject: 'big' },
      `${'x'.repeat(76)}\r\n`.repeat(400)
    )

    /* Announced with SIZE= at MAIL FROM. */
    const announced = await dialog(port, [
      'EHLO client.example\r\n',
      `MAIL FROM:<a@example.org> SIZE=${LIMIT + 1}\r\n`,
      'QUIT\r\n',
    ])
    assert.match(announced[0], /SIZE 20000/)
    assert.match(announced[1], /^552 /)

    /* Not announced: counted while streaming, refused after DATA. */
    const streamed = await dialog(port, [
      'EHLO client.example\r\n',
      'MAIL FROM:<a@example.org>\r\n',
      rcpt,
      'DATA\r\n',
      Buffer.concat([big, Buffer.from('\r\n.\r\n')]),
      'QUIT\r\n',
    ])
    assert.match(streamed[3], /^354 /)
    assert.match(streamed[4], /^552 /)
    assert.equal(await asTenant(world, () => InboundMessage.query().then((rows) => rows.length)), 0)
  })

  test('store the same bytes delivered twice once', async ({ assert }) => {
    const world = await createTenantWorld('acme', { modules: ['email'] })
    const mailbox = await forwardMailbox(world)
    const raw = rawMail({ 'From': 'b@example.org', 'Subject': 'Twice', 'Message-ID': '<t@x>' })
    const envelope = { from: 'b@example.org', to: [`${mailbox.forwardToken}@${mailDomain()}`] }

    await transport(port).sendMail({ envelope, raw })
    const second = await transport(port).sendMail({ envelope, raw })

    assert.match(second.response, /^250 /)
    await asTenant(world, async () => {
      assert.equal(await InboundMessage.query().then((rows) => rows.length), 1)
      assert.equal(await Ticket.query().then((rows) => rows.length), 1)
    })
  })
})
