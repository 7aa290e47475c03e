import { createHash } from 'node:crypto'
import { test } from '@japa/runner'
import nodemailer from 'nodemailer'
import testDatabase from '#tests/helpers/database'
import env from '#start/env'
import Message from '#models/message'
import Ticket from '#models/ticket'
import Mailbox from '#plugins/email/models/mailbox'
import intake from '#plugins/email/services/intake_service'
import { newForwardToken } from '#plugins/email/services/mailbox_service'
import { verify } from '#plugins/email/services/message_id'
import { createForwardMailbox, rawMail } from '#plugins/email/tests/helpers/mail'
import { dovecotBinary, startDovecot, type DovecotServer } from '#tests/helpers/dovecot'
import { freePort, waitForPort } from '#tests/helpers/ports'
import { browser, startApp, startProcess, stopProcess, until } from '#tests/helpers/processes'
import { reportSkipped } from '#tests/helpers/skip'
import { startSmtpSink, type SmtpSink } from '#tests/helpers/smtp_sink'
import { asTenant, createTenantWorld, PASSWORD } from '#tests/helpers/world'

const hasDovecot = dovecotBinary() !== null
if (!hasDovecot) reportSkipped('imap', 'dovecot not installed')

test.group('Channels | Email | acceptance | worker process', (group) => {
  let sink: SmtpSink
  let dovecot: DovecotServer

  group.setup(async () => {
    sink = await startSmtpSink()
    if (hasDovecot) dovecot = await startDovecot()
    return async () => {
      await sink.stop()
      if (hasDovecot) await dovecot.stop()
    }
  })
  group.each.setup(() => testDatabase.truncate())

  test('deliver a reply queued by the web process through the worker', async ({ assert }) => {
    /* A ticket from a customer's email. */
    const world = await createTenantWorld('acme', { modules: ['email'] })
    const mailbox = await createForwardMailbox(world)
    const raw = rawMail(
      { 'From': 'Kim <kim@example.org>', 'Subject': 'Hjälp', 'Message-ID': '<kim-w@example.org>' },
      'Hej!\r\n'
    )
    const received = await intake.receive({
      tenantId: world.tenant.id,
      mailboxId: mailbox.id,
      source: 'smtp',
      sourceKey: `sha256:${createHash('sha256').update(raw).digest('hex')}`,
      raw,
    })

    /* A web process and a worker sharing the database queue. */
    /* A web process and a worker, sending through the sink. */
    const { web, worker, webPort } = await startApp({
      SMTP_HOST: sink.host,
      SMTP_PORT: String(sink.port),
    })

    try {
      /* The agent logs in and replies, as in a browser. */
      const agent = browser(webPort, world.host)
      const login = await agent.send('GET', '/login')
      assert.equal(login.status, 200, web.output())
      assert.isNotEmpty(agent.csrf(login.body))
      const loggedIn = await agent.send('POST', '/login', {
        _csrf: agent.csrf(login.body),
        email: world.agent.email,
        password: PASSWORD,
      })
      assert.equal(loggedIn.status, 302)
      assert.notEqual(loggedIn.location, '/login')

      const ticket = await asTenant(world, () => Ticket.findOrFail(received.ticketId))
      const page = await agent.send('GET', `/tickets/${ticket.number}`)
      assert.equal(page.status, 200, `ticket page redirected to ${page.location}`)
      const replied = await agent.send('POST', `/tickets/${ticket.number}/replies`, {
        _csrf: agent.csrf(page.body),
        body: 'Vi tittar på det.',
      })
      assert.equal(replied.status, 302)

      /* The worker, not the web process, sends it. */
      const [sent] = await sink.waitFor(1, 20_000)
      const reply = await until(() =>
        asTenant(world, () =>
          Message.query().where('type', 'outbound').where('delivery_status', 'sent').first()
        )
      )
      assert.deepEqual(verify(sent.parsed.messageId), {
        ticketId: reply.ticketId,
        messageId: reply.id,
      })
      assert.equal(sent.parsed.inReplyTo, '<kim-w@example.org>')
      assert.include(sent.parsed.text ?? '', 'Vi tittar på det.')
    } finally {
      await stopProcess(web.child)
      const code = await stopProcess(worker.child)
      /* SIGTERM stops the worker cleanly. */
      assert.equal(code, 0, worker.output())
    }
  }).timeout(90_000)

  test('fetch mailboxes and accept forwarded mail in the worker process', async ({ assert }) => {
    const world = await createTenantWorld('acme', { modules: ['email'] })
    await dovecot.addUser('support', 'pass')
    const letter = (subject: string) =>
      rawMail({ 'From': 'Kim <kim@example.org>', 'Subject': subject, 'Message-ID': `<${subject}>` })
    await dovecot.append('support', letter('before-start'))
    const [fetched, forwarded] = await asTenant(world, () =>
      Promise.all([
        Mailbox.create({
          answeringPointId: world.point.id,
          name: 'Support',
          address: 'support@acme.example',
          intake: 'imap',
          forwardToken: newForwardToken(),
          imapHost: dovecot.host,
          imapPort: dovecot.port,
          imapTls: false,
          imapUser: 'support',
          imapPassword: Mailbox.seal('pass'),
        }),
        Mailbox.create({
          answeringPointId: world.point.id,
          name: 'Sales',
          address: 'sales@acme.example',
          intake: 'forward',
          forwardToken: newForwardToken(),
        }),
      ])
    )

    const smtpPort = await freePort()
    const worker = startProcess(['ace', 'worker'], {
      NODE_ENV: 'development',
      APP_KEY: env.get('APP_KEY').release(),
      QUEUE_DRIVER: 'database',
      SMTP_LISTEN_PORT: String(smtpPort),
      PORT: String(await freePort()),
      LOG_LEVEL: 'warn',
    })
    const subjects = () =>
      asTenant(world, () => Message.query().then((rows) => rows.map((m) => m.subject)))

    try {
      await waitForPort(smtpPort, '127.0.0.1', 30_000).catch((error) => {
        throw new Error(`${error.message}\n${worker.output()}`)
      })

      /* Mail waiting when the worker starts, then mail pushed over IDLE. */
      await until(async () => (await subjects()).includes('before-start'))
      await dovecot.append('support', letter('while-running'))
      await until(async () => (await subjects()).includes('while-running'))

      /* Forwarded mail through the worker's SMTP listener. */
      await nodemailer
        .createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true })
        .sendMail({
          envelope: { from: 'kim@example.org', to: [forwarded.forwardAddress] },
          raw: letter('forwarded'),
        })
      await until(async () => (await subjects()).includes('forwarded'))

      const mailbox = await asTenant(world, () => Mailbox.findOrFail(fetched.id))
      assert.equal(mailbox.status, 'ok')
      assert.equal(Number(mailbox.lastUid), 2)
    } finally {
      const code = await stopProcess(worker.child)
      assert.equal(code, 0, worker.output())
    }
  })
    .skip(!hasDovecot, 'dovecot not installed')
    .timeout(90_000)
})
