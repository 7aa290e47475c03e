import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import testDatabase from '#tests/helpers/database'
import InboundMessage from '#models/inbound_message'
import Message from '#models/message'
import Ticket from '#models/ticket'
import Attachment from '#models/attachment'
import AnsweringPoint from '#models/answering_point'
import { asTenant, createTenantWorld } from '#tests/helpers/world'
import ImportCommand from '#plugins/email/commands/import_command'
import { parseEmail } from '#plugins/email/services/mime_parser'
import { MAIL_GEM, corpusAvailable, emlFiles } from '../helpers/corpus.js'

/**
 * Runs `email:import` in process with the given arguments and returns
 * the command with the lines it logged (the UI's raw mode captures
 * them; switching the mode starts a fresh capture).
 */
async function runImport(argv: string[]) {
  const ace = await app.container.make('ace')
  ace.ui.switchMode('raw')
  const command = await ace.create(ImportCommand, argv)
  await command.exec()
  const lines = command.ui.logger.getLogs().map((entry) => entry.message)
  return Object.assign(command, { lines })
}

function logLines(command: { lines: string[] }) {
  return command.lines
}

async function count(query: { count: (c: string) => Promise<any[]> }) {
  const rows = await query.count('* as n')
  return Number(rows[0].$extras.n)
}

test.group('Email | import command', (group) => {
  group.each.setup(() => testDatabase.truncate())

  test('import the whole corpus: 99 distinct messages and 4 repeats', async ({ assert }) => {
    if (!corpusAvailable()) return
    const world = await createTenantWorld('acme', { modules: ['email'] })

    const command = await runImport([MAIL_GEM, '--tenant', 'acme'])

    command.assertSucceeded()
    const lines = logLines(command)
    const summary = lines.at(-1)!
    const match = /^imported (\d+), failed (\d+), skipped (\d+)$/.exec(summary)
    assert.isNotNull(match, summary)
    const [imported, failed, skipped] = match!.slice(1).map(Number)
    assert.equal(imported + failed, 99)
    assert.equal(skipped, 4)

    await asTenant(world, async () => {
      const stored = await count(InboundMessage.query())
      const failedRows = await count(InboundMessage.query().where('status', 'failed'))
      const tickets = await count(Ticket.query())
      const messages = await count(Message.query().whereNotNull('inbound_message_id'))
      const files = await count(Attachment.query())
      assert.equal(stored, 99)
      assert.equal(failedRows, failed)
      assert.equal(messages, imported)
      assert.isTrue(
        (await Ticket.query().where('answering_point_id', world.point.id).first()) !== null
      )
      console.log(
        `email-corpus import: ${summary}; ${tickets} tickets, ${messages} messages, ` +
          `${files} attachments, ${failedRows} failed`
      )
    })

    /* Messages that share a Message-ID are all kept: one per
       distinct content. */
    const expected = new Map<string, Set<string>>()
    for (const file of emlFiles(MAIL_GEM)) {
      const raw = readFileSync(file)
      const id = (await parseEmail(raw)).messageId
      if (!id) continue
      const hash = createHash('sha256').update(raw).digest('hex')
      expected.set(id, (expected.get(id) ?? new Set()).add(hash))
    }
    const shared = [...expected].filter(([, hashes]) => hashes.size > 1)
    assert.isAbove(shared.length, 5)
    await asTenant(world, async () => {
      for (const [id, hashes] of shared) {
        const kept = await count(Message.query().where('external_id', id))
        assert.equal(kept, hashes.size, id)
      }
    })

    const again = await runImport([MAIL_GEM, '--tenant', 'acme'])
    assert.equal(logLines(again).at(-1), 'imported 0, failed 0, skipped 103')
  })

  test('import an mbox file, undoing From quoting', async ({ assert }) => {
    const world = await createTenantWorld('acme', { modules: ['email'] })
    const folder = mkdtempSync(join(tmpdir(), 'email-import-'))
    const mbox = join(folder, 'archive.mbox')
    writeFileSync(
      mbox,
      [
        'From kim@example.org Mon Mar 10 10:00:00 2025',
        'From: Kim <kim@example.org>',
        'Subject: First',
        'Message-ID: <m1@example.org>',
        '',
        'Line one',
        '>From the start of a line',
        '',
        'From ola@example.org Mon Mar 10 11:00:00 2025',
        'From: ola@example.org',
        'Subject: Second',
        '',
        'Body two',
        '',
      ].join('\n')
    )

    try {
      const command = await runImport([mbox, '--tenant', 'acme'])

      command.assertSucceeded()
      assert.equal(logLines(command).at(-1), 'imported 2, failed 0, skipped 0')
      const bodies = await asTenant(world, () =>
        Message.query().orderBy('id', 'asc').select('subject', 'body_text')
      )
      assert.deepEqual(
        bodies.map((m) => [m.subject, m.bodyText?.trim()]),
        [
          ['First', 'Line one\nFrom the start of a line'],
          ['Second', 'Body two'],
        ]
      )
    } finally {
      rmSync(folder, { recursive: true, force: true })
    }
  })

  test('import into the named answering point', async ({ assert }) => {
    const world = await createTenantWorld('acme', { modules: ['email'] })
    const sales = await asTenant(world, () =>
      AnsweringPoint.create({ slug: 'sales', name: 'Sales' })
    )
    const folder = mkdtempSync(join(tmpdir(), 'email-import-'))
    writeFileSync(join(folder, 'one.eml'), 'From: a@example.org\r\nSubject: Hi\r\n\r\nHello\r\n')
    writeFileSync(join(folder, 'not-mail.txt'), 'ignored: not an .eml file')

    try {
      const command = await runImport([folder, '--tenant', 'acme', '--answering-point', 'sales'])

      assert.equal(logLines(command).at(-1), 'imported 1, failed 0, skipped 0')
      const ticket = await asTenant(world, () => Ticket.firstOrFail())
      assert.equal(ticket.answeringPointId, sales.id)
    } finally {
      rmSync(folder, { recursive: true, force: true })
    }
  })

  test('exit with code 1 for an unknown tenant or answering point', async ({ assert }) => {
    await createTenantWorld('acme', { modules: ['email'] })
    const folder = mkdtempSync(join(tmpdir(), 'email-import-'))

    try {
      const tenant = await runImport([folder, '--tenant', 'nobody'])
      const point = await runImport([folder, '--tenant', 'acme', '--answering-point', 'nowhere'])
      const missing = await runImport([join(folder, 'missing'), '--tenant', 'acme'])

      for (const command of [tenant, point, missing]) {
        assert.equal(command.exitCode, 1)
      }
      assert.match(logLines(tenant).join('\n'), /Unknown tenant "nobody"/)
      assert.match(logLines(point).join('\n'), /Unknown answering point "nowhere"/)
      assert.match(logLines(missing).join('\n'), /not found/)
    } finally {
      rmSync(folder, { recursive: true, force: true })
    }
  })
})
