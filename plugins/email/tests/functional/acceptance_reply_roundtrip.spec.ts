import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from '@japa/runner'
import nodemailer from 'nodemailer'
import emitter from '@adonisjs/core/services/emitter'
import logger from '@adonisjs/core/services/logger'
import testDatabase from '#tests/helpers/database'
import mail from '@adonisjs/mail/services/main'
import { Mailer } from '@adonisjs/mail'
import { SMTPTransport } from '@adonisjs/mail/transports/smtp'
import Message from '#models/message'
import Ticket from '#models/ticket'
import replies from '#services/reply_service'
import intake from '#plugins/email/services/intake_service'
import outbound from '#plugins/email/services/outbound_service'
import { MailboxFetcher } from '#plugins/email/services/fetcher'
import { mailDomain } from '#plugins/email/services/message_id'
import { SmtpListener } from '#plugins/email/services/smtp_listener'
import { corpusAvailable, MAIL_GEM } from '#plugins/email/tests/helpers/corpus'
import { createImapMailbox, rawMail } from '#plugins/email/tests/helpers/mail'
import { dovecotBinary, startDovecot, type DovecotServer } from '#tests/helpers/dovecot'
import { reportSkipped } from '#tests/helpers/skip'
import { startSmtpSink, type SmtpSink } from '#tests/helpers/smtp_sink'
import { asTenant, createTenantWorld } from '#tests/helpers/world'

const hasDovecot = dovecotBinary() !== null
if (!hasDovecot) reportSkipped('imap', 'dovecot not installed')
const hasCorpus = corpusAvailable('imap-corpus')

test.group('Channels | Email | acceptance | reply round trip', (group) => {
  let dovecot: DovecotServer
  let sink: SmtpSink
  let listener: SmtpListener
  let listenerPort: number

  group.setup(async () => {
    if (!hasDovecot || !hasCorpus) return () => {}
    dovecot = await startDovecot()
    sink = await startSmtpSink()
    const transport = new SMTPTransport({
      host: sink.host,
      port: sink.port,
      secure: false,
      ignoreTLS: true,
    })
    outbound.useRelay(new Mailer('sink', transport, emitter as any, mail.config))
    listener = new SmtpListener({ intake, logger, host: '127.0.0.1', port: 0 })
    listenerPort = (await listener.start()).port
    return async () => {
      outbound.useRelay(null)
      await listener.stop()
      await sink.stop()
      await dovecot.stop()
    }
  })
  group.each.setup(() => testDatabase.truncate())

  test('thread the customer answers to an agent reply into the same ticket', async ({ assert }) => {
    /* A corpus message arrives in the customer's IMAP mailbox. */
    await dovecot.addUser('support', 'pass')
    await dovecot.append('support', readFileSync(join(MAIL_GEM, 'rfc2822', 'example01.eml')))
    const world = await createTenantWorld('acme', { modules: ['email'] })
    const mailbox = await createImapMailbox(world, dovecot, {
      password: 'pass',
      address: 'support@acme.example',
    })
    const fetcher = new MailboxFetcher(world.tenant.id, mailbox.id, intake, { logger })
    await fetcher.syncOnce()
    const ticket = await asTenant(world, () => Ticket.query().firstOrFail())
    assert.equal(ticket.subject, 'Saying Hello')

    /* The agent answers; the reply reaches the customer. */
    await asTenant(world, () => replies.reply(ticket, world.agent, { body: 'Hello John!' }))
    const [reply] = await sink.waitFor(1)
    assert.deepEqual(reply.to, ['jdoe@machine.example'])
    assert.equal(reply.parsed.inReplyTo, '<1234@local.machine.example>')
    assert.deepEqual([reply.parsed.references].flat(), ['<1234@local.machine.example>'])
    assert.deepEqual(reply.parsed.replyTo?.value[0].address, mailbox.address)
    assert.equal(reply.parsed.subject, `Re: Saying Hello [#${ticket.number}]`)

    /* The customer's answer, sent to the Reply-To and forwarded to
       the platform's SMTP intake, threads by In-Reply-To alone. */
    const answer = (n: number) =>
      rawMail(
        {
          'From': 'John Doe <jdoe@machine.example>',
          'To': mailbox.address,
          'Subject': 'Re: Saying Hello',
          'Message-ID': `<answer-${n}@machine.example>`,
          'In-Reply-To': reply.parsed.messageId!,
          'References': `<1234@local.machine.example> ${reply.parsed.messageId}`,
        },
        `Thanks, answer ${n}.\r\n`
      )
    await nodemailer
      .createTransport({ host: '127.0.0.1', port: listenerPort, secure: false, ignoreTLS: true })
      .sendMail({
        envelope: { from: 'jdoe@machine.example', to: [mailbox.forwardAddress] },
        raw: answer(1),
      })
    assert.equal(mailbox.forwardAddress, `${mailbox.forwardToken}@${mailDomain()}`)

    /* A second answer lands in the IMAP mailbox and is fetched. */
    await dovecot.append('support', answer(2))
    const second = await fetcher.syncOnce()
    assert.equal(second.statuses.processed, 1)

    const thread = await asTenant(world, () =>
      Message.query().where('ticket_id', ticket.id).orderBy('id')
    )
    assert.deepEqual(
      thread.map((m) => [m.type, m.bodyText?.trim().split('\n')[0]]),
      [
        ['inbound', 'This is a message just to say hello.'],
        ['outbound', 'Hello John!'],
        ['inbound', 'Thanks, answer 1.'],
        ['inbound', 'Thanks, answer 2.'],
      ]
    )
    assert.equal(await asTenant(world, () => Ticket.query().then((rows) => rows.length)), 1)
  })
    /* One call: a second `skip(false)` would undo the first. */
    .skip(!hasDovecot || !hasCorpus, hasDovecot ? 'corpus missing' : 'dovecot not installed')
    .timeout(60_000)
})
