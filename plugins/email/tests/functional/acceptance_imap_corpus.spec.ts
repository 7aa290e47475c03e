import { readFileSync } from 'node:fs'
import { test } from '@japa/runner'
import logger from '@adonisjs/core/services/logger'
import testDatabase from '#tests/helpers/database'
import Attachment from '#models/attachment'
import InboundMessage from '#models/inbound_message'
import Message from '#models/message'
import Ticket from '#models/ticket'
import Mailbox from '#plugins/email/models/mailbox'
import intake from '#plugins/email/services/intake_service'
import { MailboxFetcher } from '#plugins/email/services/fetcher'
import { corpusAvailable, emlFiles, MAIL_GEM } from '#plugins/email/tests/helpers/corpus'
import { createImapMailbox } from '#plugins/email/tests/helpers/mail'
import { dovecotBinary, startDovecot, type DovecotServer } from '#tests/helpers/dovecot'
import { reportSkipped } from '#tests/helpers/skip'
import { asTenant, createTenantWorld } from '#tests/helpers/world'

const hasDovecot = dovecotBinary() !== null
if (!hasDovecot) reportSkipped('imap', 'dovecot not installed')
const hasCorpus = corpusAvailable('imap-corpus')

test.group('Channels | Email | acceptance | IMAP corpus', (group) => {
  let dovecot: DovecotServer

  group.setup(async () => {
    if (!hasDovecot || !hasCorpus) return () => {}
    dovecot = await startDovecot()
    return () => dovecot.stop()
  })
  group.each.setup(() => testDatabase.truncate())

  test('fetch every corpus message into a ticket or a visible failure', async ({
    assert,
    client,
  }) => {
    const files = emlFiles(MAIL_GEM)
    assert.lengthOf(files, 103)

    /* Deliver the corpus to a real IMAP mailbox, in file order. */
    await dovecot.addUser('support', 'corpus-pass')
    for (const file of files) await dovecot.append('support', readFileSync(file))

    const world = await createTenantWorld('acme', { modules: ['email'] })
    const mailbox = await createImapMailbox(world, dovecot, {
      password: 'corpus-pass',
      address: 'support@acme.example',
    })

    const fetcher = new MailboxFetcher(world.tenant.id, mailbox.id, intake, { logger })
    const report = await fetcher.syncOnce()

    const records = await asTenant(world, () => InboundMessage.query().orderBy('id'))
    const count = (status: string) => records.filter((r) => r.status === status).length
    const processed = count('processed')
    const failed = count('failed')
    const ignored = count('ignored')
    const held = count('held')
    console.log(
      `imap corpus: fetched ${report.fetched}, processed ${processed}, ` +
        `failed ${failed}, ignored ${ignored}, held ${held}, ` +
        `duplicate ${report.statuses.duplicate}`
    )

    /* None lost: one record per fetched UID, each in a final state.
       A fetched message is identified by (UIDVALIDITY, UID), so the
       byte-identical files of the corpus are separate records here. */
    assert.equal(report.fetched, 103)
    assert.lengthOf(records, 103, 'one inbound record per UID')
    assert.equal(processed + failed + ignored + held, 103)
    assert.equal(held, 0)
    for (const record of records) {
      assert.match(record.sourceKey, new RegExp(`^imap:${mailbox.id}:\\d+:\\d+$`))
      if (record.status === 'failed') assert.isNotEmpty(record.error)
      if (record.status === 'processed') assert.isNotNull(record.messageId)
    }

    /* The position moved to the last UID: a second pass fetches nothing. */
    const again = await fetcher.syncOnce()
    assert.equal(again.fetched, 0)
    const stored = await asTenant(world, () => Mailbox.findOrFail(mailbox.id))
    assert.equal(Number(stored.lastUid), 103)
    assert.equal(stored.status, 'ok')
    assert.isNull(stored.lastError)

    await asTenant(world, async () => {
      /* Japanese: UTF-8 encoded-word subject, ISO-2022-JP body. */
      const japanese = await Message.query().where('subject', 'まみむめも')
      assert.isTrue(japanese.some((m) => m.bodyText?.includes('すみません')))
      const japaneseTicket = await Ticket.findOrFail(japanese[0].ticketId)
      assert.equal(japaneseTicket.subject, 'まみむめも')

      /* Latin-1: an encoded sender name and a quoted-printable body. */
      const norwegian = await Message.query().where('from_name', 'Jørn Støylen').firstOrFail()
      assert.include(norwegian.bodyText ?? '', 'Jørn Støylen')
      const estonian = await Message.query()
        .where('subject', 'Eelanalüüsi päring')
        .preload('attachments')
        .firstOrFail()
      assert.deepEqual(
        estonian.attachments.map((a) => a.fileName),
        ['Eelanalüüsi päring.jpg']
      )
    })

    /* Attachments download under their original names. */
    const named = await asTenant(world, () =>
      Attachment.query().whereIn('file_name', ['てすと.txt', 'Eelanalüüsi päring.jpg'])
    )
    assert.lengthOf(named, 2)
    for (const attachment of named) {
      const response = await client
        .get(`/attachments/${attachment.id}`)
        .header('Host', world.host)
        .loginAs(world.admin)
      response.assertStatus(200)
      assert.include(
        response.header('content-disposition'),
        `filename*=UTF-8''${encodeURIComponent(attachment.fileName)}`
      )
      assert.isAbove(Number(response.header('content-length')), 0)
    }
  })
    /* One call: a second `skip(false)` would undo the first. */
    .skip(!hasDovecot || !hasCorpus, hasDovecot ? 'corpus missing' : 'dovecot not installed')
    .timeout(120_000)
})
