import { once } from 'node:events'
import { test } from '@japa/runner'
import logger from '@adonisjs/core/services/logger'
import testDatabase from '#tests/helpers/database'
import InboundMessage from '#models/inbound_message'
import TenantPlugin from '#models/tenant_plugin'
import attachmentStore from '#services/attachment_store'
import modules from '#services/module_service'
import Mailbox from '#plugins/email/models/mailbox'
import intake from '#plugins/email/services/intake_service'
import { LeaseService } from '#services/lease_service'
import { FetcherSupervisor, MailboxFetcher, type SyncReport } from '#plugins/email/services/fetcher'
import { createImapMailbox, rawMail } from '#plugins/email/tests/helpers/mail'
import { dovecotBinary, startDovecot, type DovecotServer } from '#tests/helpers/dovecot'
import { reportSkipped } from '#tests/helpers/skip'
import { asTenant, createTenantWorld, type TenantWorld } from '#tests/helpers/world'

const hasDovecot = dovecotBinary() !== null
if (!hasDovecot) reportSkipped('imap', 'dovecot not installed')

let users = 0

/**
 * A Dovecot user and an IMAP mailbox of the world's answering point
 * that fetches from it.
 */
async function imapMailbox(
  world: TenantWorld,
  dovecot: DovecotServer,
  options: { folder?: string; password?: string } = {}
) {
  const user = `user${++users}`
  await dovecot.addUser(user, 'imap-pass')
  const mailbox = await createImapMailbox(world, dovecot, {
    user,
    password: options.password ?? 'imap-pass',
    folder: options.folder,
  })
  return { user, mailbox }
}

function letter(n: number, extra: Record<string, string> = {}) {
  return rawMail(
    {
      'From': `Customer ${n} <customer${n}@example.org>`,
      'To': 'support@acme.example',
      'Subject': `Question ${n}`,
      'Message-ID': `<question-${n}@example.org>`,
      'Date': 'Tue, 01 Dec 2026 10:00:00 +0000',
      ...extra,
    },
    `Hello, this is question ${n}.\r\n`
  )
}

/**
 * Resolves with the first `synced` report that fetched something.
 */
async function nextFetch(fetcher: MailboxFetcher, timeoutMs = 8_000) {
  const signal = AbortSignal.timeout(timeoutMs)
  while (true) {
    const [report] = (await once(fetcher, 'synced', { signal })) as [SyncReport]
    if (report.fetched > 0) return report
  }
}

test.group('Channels | Email | IMAP fetcher', (group) => {
  let dovecot: DovecotServer

  group.setup(async () => {
    if (!hasDovecot) return () => {}
    dovecot = await startDovecot()
    return () => dovecot.stop()
  })
  group.each.setup(() => testDatabase.truncate())
  group.tap((t) => t.skip(!hasDovecot, 'dovecot not installed'))

  test('fetch new messages in UID order and remember the position', async ({ assert }) => {
    const world = await createTenantWorld('acme', { modules: ['email'] })
    const { user, mailbox } = await imapMailbox(world, dovecot)
    for (const n of [1, 2, 3]) await dovecot.append(user, letter(n))

    const fetcher = new MailboxFetcher(world.tenant.id, mailbox.id, intake, { logger })
    const first = await fetcher.syncOnce()
    await dovecot.append(user, letter(4))
    const second = await fetcher.syncOnce()

    assert.equal(first.fetched, 3)
    assert.equal(first.statuses.processed, 3)
    assert.equal(second.fetched, 1)
    assert.equal(second.lastUid, 4)

    const records = await asTenant(world, () => InboundMessage.query().orderBy('id'))
    assert.deepEqual(
      records.map((r) => r.sourceKey.split(':').at(-1)),
      ['1', '2', '3', '4']
    )
    assert.deepEqual(
      records.map((r) => r.summary?.subject),
      ['Question 1', 'Question 2', 'Question 3', 'Question 4']
    )
    const stored = await asTenant(world, () => Mailbox.findOrFail(mailbox.id))
    assert.equal(stored.status, 'ok')
    assert.isNotNull(stored.lastCheckedAt)
  })

  test('pick up a message pushed over IDLE while connected', async ({ assert }) => {
    const world = await createTenantWorld('acme', { modules: ['email'] })
    const { user, mailbox } = await imapMailbox(world, dovecot)
    const fetcher = new MailboxFetcher(world.tenant.id, mailbox.id, intake, {
      logger,
      pollInterval: 60_000,
    })
    const firstPass = once(fetcher, 'synced')
    fetcher.start()

    try {
      await firstPass
      const started = Date.now()
      const arrival = nextFetch(fetcher)
      await dovecot.append(user, letter(7))
      const report = await arrival

      assert.equal(report.fetched, 1)
      assert.equal(report.statuses.processed, 1)
      /* Well under the poll interval: the server pushed it. */
      assert.isBelow(Date.now() - started, 5_000)
    } finally {
      await fetcher.stop()
    }
    assert.isFalse(fetcher.running)
  }).timeout(20_000)

  test('list a message over the size limit as failed with its headers', async ({ assert }) => {
    const world = await createTenantWorld('acme', { modules: ['email'] })
    const { user, mailbox } = await imapMailbox(world, dovecot)
    const large = rawMail(
      { 'From': 'Big Sender <big@example.org>', 'Subject': 'Huge scan', 'Message-ID': '<big@x>' },
      `${'0123456789abcdef'.repeat(4096)}\r\n`
    )
    await dovecot.append(user, letter(1))
    await dovecot.append(user, large)
    await dovecot.append(user, letter(3))

    await asTenant(world, () =>
      TenantPlugin.query()
        .where('plugin_id', 'email')
        .update({
          settings: JSON.stringify({ max_message_mb: 0.05 }),
        })
    )
    const fetcher = new MailboxFetcher(world.tenant.id, mailbox.id, intake, { logger })
    const report = await fetcher.syncOnce()

    assert.equal(report.fetched, 3)
    assert.equal(report.statuses.processed, 2)
    assert.equal(report.statuses.failed, 1)

    const failed = await asTenant(world, () =>
      InboundMessage.query().where('status', 'failed').firstOrFail()
    )
    assert.include(failed.error ?? '', 'exceeds the limit')
    assert.equal(failed.summary?.subject, 'Huge scan')
    assert.equal(failed.summary?.fromAddress, 'big@example.org')
    assert.isAbove(failed.size, 64 * 1024)

    /* Only the header block was downloaded and stored. */
    const kept = await asTenant(world, () => attachmentStore.get(failed.rawKey!))
    assert.isBelow(kept.length, 1024)
    assert.include(kept.toString(), 'Subject: Huge scan')
  })

  test('rescan after a UIDVALIDITY change without duplicating or losing mail', async ({
    assert,
  }) => {
    const world = await createTenantWorld('acme', { modules: ['email'] })
    const { user, mailbox } = await imapMailbox(world, dovecot, { folder: 'Support' })
    for (const n of [1, 2, 3]) await dovecot.append(user, letter(n), 'Support')

    const fetcher = new MailboxFetcher(world.tenant.id, mailbox.id, intake, { logger })
    const before = await fetcher.syncOnce()
    const first = await asTenant(world, () => Mailbox.findOrFail(mailbox.id))

    /* Recreating the folder gives it a new UIDVALIDITY; the same three
       messages come back under new UIDs, with one new message. */
    const imap = await dovecot.client(user)
    await imap.deleteFolder('Support')
    await imap.createFolder('Support')
    await imap.close()
    for (const n of [1, 2, 3, 4]) await dovecot.append(user, letter(n), 'Support')

    const after = await fetcher.syncOnce()
    const second = await asTenant(world, () => Mailbox.findOrFail(mailbox.id))

    assert.equal(before.statuses.processed, 3)
    assert.isTrue(after.uidValidityChanged)
    assert.notEqual(Number(second.uidValidity), Number(first.uidValidity))
    assert.equal(after.fetched, 4)
    assert.equal(after.statuses.duplicate, 3)
    assert.equal(after.statuses.processed, 1)
    assert.equal(Number(second.lastUid), 4)

    const records = await asTenant(world, () => InboundMessage.query().orderBy('id'))
    assert.deepEqual(
      records.map((r) => r.summary?.subject),
      ['Question 1', 'Question 2', 'Question 3', 'Question 4']
    )
  })

  test('reconnect with backoff after the server drops the connection', async ({ assert }) => {
    const world = await createTenantWorld('acme', { modules: ['email'] })
    const { user, mailbox } = await imapMailbox(world, dovecot)
    const fetcher = new MailboxFetcher(world.tenant.id, mailbox.id, intake, {
      logger,
      pollInterval: 60_000,
      backoff: 100,
    })
    const firstPass = once(fetcher, 'synced')
    fetcher.start()

    try {
      await firstPass
      const dropped = once(fetcher, 'failed')
      await dovecot.kick(user)
      await dropped

      /* Mail that arrives while reconnecting is fetched on the next pass. */
      const arrival = nextFetch(fetcher)
      await dovecot.append(user, letter(9))
      const report = await arrival
      assert.equal(report.statuses.processed, 1)
    } finally {
      await fetcher.stop()
    }
  }).timeout(20_000)

  test('run one fetcher per active IMAP mailbox of enabled tenants', async ({ assert }) => {
    const acme = await createTenantWorld('acme', { modules: ['email'] })
    const other = await createTenantWorld('other', { modules: ['email'] })
    const { mailbox: active } = await imapMailbox(acme, dovecot)
    const { mailbox: disabledTenant } = await imapMailbox(other, dovecot)
    const { mailbox: inactive } = await imapMailbox(acme, dovecot)
    await asTenant(acme, () => Mailbox.query().where('id', inactive.id).update({ active: false }))
    await modules.setEnabled(other.tenant.id, 'email', false)

    const supervisor = new FetcherSupervisor(intake, { logger, pollInterval: 60_000 })
    try {
      await supervisor.refresh()
      assert.deepEqual(supervisor.mailboxIds, [active.id])

      /* Changed settings restart the fetcher; deactivation stops it. */
      const before = supervisor.fetcher(active.id)
      await asTenant(acme, () =>
        Mailbox.query().where('id', active.id).update({ imap_folder: 'Archive' })
      )
      await supervisor.refresh()
      assert.notStrictEqual(supervisor.fetcher(active.id), before)
      assert.isFalse(before!.running)

      await asTenant(acme, () => Mailbox.query().where('id', active.id).update({ active: false }))
      await modules.setEnabled(other.tenant.id, 'email', true)
      await supervisor.refresh()
      assert.deepEqual(supervisor.mailboxIds, [disabledTenant.id])
    } finally {
      await supervisor.stop()
    }
    assert.deepEqual(supervisor.mailboxIds, [])
  }).timeout(20_000)

  test('fetch a mailbox in one worker only and hand it over when that worker stops', async ({
    assert,
  }) => {
    const acme = await createTenantWorld('acme', { modules: ['email'] })
    const { mailbox } = await imapMailbox(acme, dovecot)
    const options = { logger, pollInterval: 60_000 }
    const first = new FetcherSupervisor(intake, {
      ...options,
      leases: new LeaseService('worker-a'),
    })
    const second = new FetcherSupervisor(intake, {
      ...options,
      leases: new LeaseService('worker-b'),
    })
    try {
      await first.refresh()
      await second.refresh()
      assert.deepEqual(first.mailboxIds, [mailbox.id])
      assert.deepEqual(second.mailboxIds, [])

      /* A clean stop releases the lease at once. */
      await first.stop()
      await second.refresh()
      assert.deepEqual(second.mailboxIds, [mailbox.id])
    } finally {
      await first.stop()
      await second.stop()
    }
  }).timeout(20_000)

  /* Last in the group: Dovecot delays later logins from an address
     that just failed one. */
  test('record a login failure on the mailbox', async ({ assert }) => {
    const world = await createTenantWorld('acme', { modules: ['email'] })
    const { mailbox } = await imapMailbox(world, dovecot, { password: 'wrong-pass' })
    const fetcher = new MailboxFetcher(world.tenant.id, mailbox.id, intake, { logger })

    await assert.rejects(() => fetcher.syncOnce())

    const stored = await asTenant(world, () => Mailbox.findOrFail(mailbox.id))
    assert.equal(stored.status, 'error')
    assert.match(stored.lastError ?? '', /authentication/i)
    assert.isNotNull(stored.lastCheckedAt)
    assert.equal(Number(stored.lastUid), 0)
  })
})
