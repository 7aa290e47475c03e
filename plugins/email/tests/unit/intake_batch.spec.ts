import { test } from '@japa/runner'
import emitter from '@adonisjs/core/services/emitter'
import testDatabase from '#tests/helpers/database'
import TicketCreated from '#events/ticket_created'
import MessageReceived from '#events/message_received'
import InboundMessage from '#models/inbound_message'
import Message from '#models/message'
import Ticket from '#models/ticket'
import Attachment from '#models/attachment'
import inbox from '#services/inbox_service'
import { asTenant, createTenantWorld, type TenantWorld } from '#tests/helpers/world'
import intake, { type ReceiveInput } from '#plugins/email/services/intake_service'
import mailboxes from '#plugins/email/services/mailbox_service'
import { parseEmail } from '#plugins/email/services/mime_parser'
import { ParserPool } from '#plugins/email/services/parser_pool'
import { corpusAvailable, corpusFile } from '../helpers/corpus.js'
import { rawMail } from '../helpers/mail.js'

/**
 * An IMAP mailbox of the world's answering point and a builder of
 * fetched inputs for it (UIDVALIDITY 1, UIDs from 1).
 */
async function imapMailbox(world: TenantWorld, values: Record<string, unknown> = {}) {
  const mailbox = await asTenant(world, () =>
    mailboxes.create({
      answeringPointId: world.point.id,
      name: 'Support',
      address: 'support@acme.example.com',
      intake: 'imap',
      ...values,
    })
  )
  const fetched = (raws: Buffer[], firstUid = 1): ReceiveInput[] =>
    raws.map((raw, index) => ({
      tenantId: world.tenant.id,
      mailboxId: mailbox.id,
      source: 'imap',
      sourceKey: `imap:${mailbox.id}:1:${firstUid + index}`,
      raw,
    }))
  return { mailbox, fetched }
}

/**
 * Records each checkpoint: how many inputs were taken, and whether it
 * ran inside the batch's transaction.
 */
function checkpoints() {
  const calls: { taken: number; inTransaction: boolean }[] = []
  return {
    calls,
    checkpoint: async (taken: number, client?: unknown) => {
      calls.push({ taken, inTransaction: client !== undefined })
    },
  }
}

function question(n: number, extra: Record<string, string> = {}) {
  return rawMail({
    'From': `Customer ${n} <customer${n}@example.org>`,
    'To': 'support@acme.example.com',
    'Subject': `Question ${n}`,
    'Message-ID': `<question-${n}@example.org>`,
    ...extra,
  })
}

test.group('Email | intake | fetched batches', (group) => {
  group.each.setup(() => testDatabase.truncate())
  group.each.teardown(() => emitter.restore())

  test('store a batch with the outcome each message has on its own', async ({ assert }) => {
    const world = await createTenantWorld('acme', { modules: ['email'] })
    const { mailbox, fetched } = await imapMailbox(world)
    const events = emitter.fake([TicketCreated, MessageReceived])
    const [stored] = await intake.receiveMany(fetched([question(0)], 10))

    const raws = [
      question(1),
      question(2, { 'Subject': 'Re: Question 1', 'In-Reply-To': '<question-1@example.org>' }),
      Buffer.from('not an email at all'),
      question(3, { From: 'Support <support@acme.example.com>' }),
      rawMail(
        {
          'From': 'kim@example.org',
          'Subject': 'Invoice',
          'Content-Type': 'multipart/mixed; boundary=b',
        },
        [
          '--b',
          'Content-Type: text/plain',
          '',
          'See attached.',
          '--b',
          'Content-Type: application/pdf; name="faktura-ö.pdf"',
          'Content-Transfer-Encoding: base64',
          '',
          Buffer.from('%PDF-1.4 test').toString('base64'),
          '--b--',
          '',
        ].join('\r\n')
      ),
    ]
    const inputs = [...fetched(raws), ...fetched([question(0)], 10)]
    const { calls, checkpoint } = checkpoints()
    const results = await intake.receiveMany(inputs, { checkpoint })

    assert.deepEqual(
      results.map((r) => r.status),
      ['processed', 'processed', 'failed', 'ignored', 'processed', 'duplicate']
    )
    assert.equal(results[1].ticketId, results[0].ticketId, 'a reply threads within the batch')
    assert.isFalse(results[1].createdTicket)
    assert.equal(results[5].inboundMessageId, stored.inboundMessageId)
    assert.deepEqual(calls.at(-1), { taken: inputs.length, inTransaction: true })

    /* Events follow the commit: three tickets opened, four messages. */
    events.assertEmittedCount(TicketCreated, 3)
    events.assertEmittedCount(MessageReceived, 4)

    await asTenant(world, async () => {
      const records = await InboundMessage.query().orderBy('id')
      assert.lengthOf(records, 6)
      for (const [index, result] of results.slice(0, 5).entries()) {
        const record = records.find((r) => r.id === result.inboundMessageId)!
        assert.equal(record.status, result.status, `record ${index}`)
        assert.isNotNull(record.processedAt)
        assert.equal(record.summary?.mailboxId, mailbox.id)
        if (result.status === 'processed') {
          assert.equal(record.messageId, result.messageId)
          assert.equal(record.ticketId, result.ticketId)
          const message = await Message.findOrFail(result.messageId)
          assert.equal(message.inboundMessageId, record.id)
        } else {
          assert.isNotEmpty(record.error)
        }
      }
      assert.equal(
        records.find((r) => r.id === results[0].inboundMessageId)!.summary?.subject,
        'Question 1'
      )
      const [attachment] = await Attachment.query().where('message_id', results[4].messageId!)
      assert.equal(attachment.fileName, 'faktura-ö.pdf')
    })
  })

  test('roll back a batch the inbox refuses part of and store it one by one', async ({
    assert,
  }) => {
    const world = await createTenantWorld('acme', { modules: ['email'] })
    const { fetched } = await imapMailbox(world)
    const accept = inbox.accept.bind(inbox)
    inbox.accept = async (input, options) => {
      if (input.subject === 'Boom') throw new Error('column too long')
      return accept(input, options)
    }
    try {
      const inputs = fetched([question(1), question(2, { Subject: 'Boom' }), question(3)])
      const { calls, checkpoint } = checkpoints()
      const results = await intake.receiveMany(inputs, { checkpoint })

      assert.deepEqual(
        results.map((r) => r.status),
        ['processed', 'failed', 'processed']
      )
      assert.include(results[1].reason, 'column too long')
      assert.deepEqual(calls.at(-1)?.taken, 3)

      /* Nothing half-written stays from the refused message. */
      await asTenant(world, async () => {
        assert.lengthOf(await InboundMessage.query(), 3)
        assert.lengthOf(await Ticket.query(), 2)
        assert.lengthOf(await Message.query(), 2)
      })
    } finally {
      inbox.accept = accept
    }
  })

  test('answer the new tickets of a batch once it has committed', async ({ assert }) => {
    const world = await createTenantWorld('acme', { modules: ['email'] })
    const { fetched } = await imapMailbox(world, { autoReply: true, autoReplySubject: 'Thanks' })
    const seen: (number | undefined)[] = []
    /* Read through the pool, outside the batch: only committed rows. */
    intake.useAutoReplier(async (ticket) => {
      seen.push((await asTenant(world, () => Ticket.find(ticket.id)))?.id)
    })
    try {
      const results = await intake.receiveMany(
        fetched([
          question(1),
          question(2, { 'In-Reply-To': '<question-1@example.org>' }),
          question(3, { 'Auto-Submitted': 'auto-generated' }),
        ])
      )

      assert.deepEqual(seen, [results[0].ticketId])
    } finally {
      intake.useAutoReplier(null)
    }
  })

  test('stop early and move the position only past what was stored', async ({ assert }) => {
    const world = await createTenantWorld('acme', { modules: ['email'] })
    const { fetched } = await imapMailbox(world)
    const inputs = fetched([1, 2, 3, 4, 5].map((n) => question(n)))
    const { calls, checkpoint } = checkpoints()
    let asked = 0

    const results = await intake.receiveMany(inputs, { checkpoint, stop: () => ++asked > 2 })

    assert.isAbove(results.length, 0)
    assert.isBelow(results.length, inputs.length)
    assert.equal(calls.at(-1)?.taken, results.length)
    const records = await asTenant(world, () => InboundMessage.query())
    assert.lengthOf(records, results.length)
  })
})

test.group('Email | parser thread', () => {
  test('parse on the parser thread exactly as in process', async ({ assert }) => {
    const pool = new ParserPool()
    const samples = [
      rawMail({
        From: 'Kim <kim@example.org>',
        Subject: 'Hej',
        Date: 'Tue, 1 Dec 2026 10:00:00 +0100',
      }),
      rawMail(
        { 'From': 'kim@example.org', 'Content-Type': 'multipart/mixed; boundary=b' },
        '--b\r\nContent-Type: text/html\r\n\r\n<p>Hej <b>där</b></p>\r\n' +
          '--b\r\nContent-Type: application/octet-stream; name="a.bin"\r\n' +
          'Content-Transfer-Encoding: base64\r\n\r\nAAECAwQ=\r\n--b--\r\n'
      ),
    ]
    if (corpusAvailable()) {
      samples.push(corpusFile('cases/raw-latin1-cc.eml'))
    }

    for (const raw of samples) {
      const [inThread, inProcess] = await Promise.all([pool.parse(raw), parseEmail(raw)])
      assert.deepEqual(inThread, inProcess)
      for (const file of inThread.attachments) assert.isTrue(Buffer.isBuffer(file.content))
    }
  })
})
