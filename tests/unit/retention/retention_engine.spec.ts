import { test } from '@japa/runner'
import testDatabase from '#tests/helpers/database'
import db from '@adonisjs/lucid/services/db'
import drive from '@adonisjs/drive/services/main'
import { DateTime } from 'luxon'
import AnsweringPoint from '#models/answering_point'
import Contact from '#models/contact'
import retention from '#services/retention/retention_service'
import retentionPolicy from '#services/retention/retention_policy'
import { fixedClock, sqlTime } from '#services/retention/clock'
import config from '@adonisjs/core/services/config'
import { DataClassRegistry } from '#app/privacy/registry'
import type { RegisteredDataClass } from '#app/privacy/types'
import { asTenant, createTenantWorld } from '#tests/helpers/world'
import { countRows, seedOldTicket } from '#tests/helpers/retention_fixtures'
import RetentionRun from '#models/retention_run'
import RetentionOverride from '#models/retention_override'
import RetentionScheduleJob from '#jobs/retention_schedule_job'
import { TenantContext } from '#services/tenant_context'

const T0 = DateTime.utc().startOf('second')

/* Tables standing in for the telephony and statistics modules, which
   declare call logs, user statistics and call details once they exist. */
const FIXTURE_TABLES = ['fx_call_logs', 'fx_user_statistics', 'fx_call_details']

async function createFixtureTables() {
  for (const connection of [undefined, 'archive']) {
    for (const table of FIXTURE_TABLES) {
      await db.connection(connection).schema.createTable(table, (t) => {
        t.increments('id')
        t.integer('tenant_id').notNullable()
        t.string('note').nullable()
        t.timestamp('created_at').notNullable()
        if (connection) t.timestamp('archived_at').nullable()
      })
    }
  }
}

async function dropFixtureTables() {
  for (const connection of [undefined, 'archive']) {
    for (const table of FIXTURE_TABLES) {
      await db.connection(connection).schema.dropTableIfExists(table)
    }
  }
}

/**
 * The app's registry plus the three classes no module declares yet,
 * each declaring ten years: the platform table caps them.
 */
async function fixtureRegistry(statistics: 'delete' | 'anonymise' = 'delete') {
  const fixture = (
    id: string,
    action: 'archive' | 'delete' | 'anonymise'
  ): RegisteredDataClass => ({
    id,
    owner: 'fixture',
    label: `retention.classes.${id}`,
    retention: { period: 'P10Y', action, age: 'created_at' },
    tables: [{ table: `fx_${id}`, links: [], personal: { note: 'text' }, anonymise: 'scrub' }],
  })
  const app = await DataClassRegistry.load()
  return new DataClassRegistry(
    [
      ...app.all().filter((item) => item.tables.length > 0),
      fixture('call_logs', 'archive'),
      fixture('user_statistics', statistics),
      fixture('call_details', 'delete'),
    ],
    config.get('privacy.retention')
  )
}

/**
 * A clock `period` (a luxon duration object) after T0, nudged by
 * `days`.
 */
function after(period: Record<string, number>, days: number) {
  return fixedClock(T0.plus(period).plus({ days }))
}

async function fileExists(disk: 'fs' | 'archive', key: string) {
  return drive.use(disk).exists(key)
}

test.group('Retention | engine', (group) => {
  group.each.setup(() => testDatabase.truncate())
  group.each.setup(() => testDatabase.truncate('archive'))

  test('delete raw email source after 3 months but not before', async ({ assert }) => {
    const world = await createTenantWorld('acme')
    const tenantId = world.tenant.id
    const seeded = await seedOldTicket(tenantId, { at: T0, raw: 'processed' })

    await retention.run(tenantId, { clock: after({ months: 3 }, -1) })
    let inbound = await db.from('inbound_messages').where('id', seeded.inboundId!).first()
    assert.equal(inbound.raw_key, seeded.rawKey)
    assert.isTrue(await fileExists('fs', seeded.rawKey!))

    const run = await retention.run(tenantId, { clock: after({ months: 3 }, 1) })
    inbound = await db.from('inbound_messages').where('id', seeded.inboundId!).first()
    assert.isNull(inbound.raw_key)
    assert.isFalse(await fileExists('fs', seeded.rawKey!))
    assert.equal(await countRows('messages', tenantId), 2)
    assert.equal(run.report!.classes.raw_email.deleted, 1)
  })

  test('keep a failed message raw source until resolved and warn admins', async ({ assert }) => {
    const world = await createTenantWorld('acme')
    const tenantId = world.tenant.id
    const seeded = await seedOldTicket(tenantId, { at: T0, raw: 'failed' })

    const early = await retention.run(tenantId, { clock: after({ months: 3 }, -7) })
    assert.deepEqual(early.report!.warnings, [{ classId: 'raw_email', count: 1 }])

    const late = await retention.run(tenantId, { clock: after({ years: 1 }, 0) })
    const inbound = await db.from('inbound_messages').where('id', seeded.inboundId!).first()
    assert.equal(inbound.raw_key, seeded.rawKey)
    assert.isTrue(await fileExists('fs', seeded.rawKey!))
    assert.deepEqual(late.report!.warnings, [{ classId: 'raw_email', count: 1 }])
  })

  test('archive attachments after 1 year with their files', async ({ assert }) => {
    const world = await createTenantWorld('acme')
    const tenantId = world.tenant.id
    const seeded = await seedOldTicket(tenantId, { at: T0, attachment: true })

    await retention.run(tenantId, { clock: after({ years: 1 }, -1) })
    assert.equal(await countRows('attachments', tenantId), 1)

    const run = await retention.run(tenantId, { clock: after({ years: 1 }, 1) })
    assert.equal(await countRows('attachments', tenantId), 0)
    assert.equal(await countRows('attachments', tenantId, 'archive'), 1)
    assert.isFalse(await fileExists('fs', seeded.attachmentKey!))
    assert.isTrue(await fileExists('archive', seeded.attachmentKey!))
    assert.equal(await countRows('tickets', tenantId), 1)
    assert.equal(run.report!.classes.attachments.archived, 1)
  })

  test('archive tickets after 2 years with their children', async ({ assert }) => {
    const world = await createTenantWorld('acme')
    const tenantId = world.tenant.id
    await seedOldTicket(tenantId, { at: T0, messages: 3, raw: 'processed' })
    await seedOldTicket(tenantId, { at: T0.plus({ months: 6 }), messages: 2 })

    await retention.run(tenantId, { clock: after({ years: 2 }, -1) })
    assert.equal(await countRows('tickets', tenantId), 2)

    const run = await retention.run(tenantId, { clock: after({ years: 2 }, 1) })
    assert.equal(await countRows('tickets', tenantId), 1)
    assert.equal(await countRows('messages', tenantId), 2)
    assert.equal(await countRows('tickets', tenantId, 'archive'), 1)
    assert.equal(await countRows('messages', tenantId, 'archive'), 3)
    assert.equal(await countRows('ticket_events', tenantId, 'archive'), 1)
    assert.equal(await countRows('inbound_messages', tenantId, 'archive'), 1)
    assert.equal(run.report!.classes.tickets.archived, 1)
    assert.equal(run.report!.classes.tickets.rows, 5)
  })

  test('exempt tickets on legal hold and tickets of a contact on hold', async ({ assert }) => {
    const world = await createTenantWorld('acme')
    const tenantId = world.tenant.id
    const contact = await asTenant(world, () => Contact.create({ name: 'Kund', legalHold: true }))
    await seedOldTicket(tenantId, { at: T0, legalHold: true, attachment: true })
    await seedOldTicket(tenantId, { at: T0, contactId: contact.id })
    await seedOldTicket(tenantId, { at: T0 })

    await retention.run(tenantId, { clock: after({ years: 3 }, 0) })
    assert.equal(await countRows('tickets', tenantId), 2)
    assert.equal(await countRows('attachments', tenantId), 1)
    assert.equal(await countRows('tickets', tenantId, 'archive'), 1)
  })

  test('apply a shorter period set for one answering point', async ({ assert }) => {
    const world = await createTenantWorld('acme')
    const tenantId = world.tenant.id
    const other = await asTenant(world, () =>
      AnsweringPoint.create({ slug: 'sales', name: 'Sales' })
    )
    await asTenant(world, () =>
      retentionPolicy.set(world.point.id, 'tickets', { amount: 6, unit: 'months' })
    )
    const short = await seedOldTicket(tenantId, { at: T0, answeringPointId: world.point.id })
    await seedOldTicket(tenantId, { at: T0, answeringPointId: other.id })

    await retention.run(tenantId, { clock: after({ months: 7 }, 0) })
    const archived = await db.connection('archive').from('tickets').where('tenant_id', tenantId)
    assert.deepEqual(
      archived.map((row) => row.id),
      [short.ticketId]
    )
    assert.equal(await countRows('tickets', tenantId), 1)
  })

  test('refuse a tenant period longer than the platform maximum', async ({ assert }) => {
    const world = await createTenantWorld('acme')
    await asTenant(world, async () => {
      await assert.rejects(
        () => retentionPolicy.set(world.point.id, 'tickets', { amount: 3, unit: 'years' }),
        'A retention period may not be longer than the platform maximum'
      )
      await assert.rejects(
        () => retentionPolicy.set(world.point.id, 'contacts', { amount: 1, unit: 'days' }),
        'A retention period may not be longer than the platform maximum'
      )
      const saved = await retentionPolicy.set(world.point.id, 'tickets', {
        amount: 24,
        unit: 'months',
      })
      assert.equal(saved?.period, 'P24M')
    })
  })

  test('resume an interrupted run without duplicating or losing records', async ({ assert }) => {
    const world = await createTenantWorld('acme')
    const tenantId = world.tenant.id
    for (let index = 0; index < 5; index++) {
      await seedOldTicket(tenantId, { at: T0, messages: 2 })
    }
    const clock = after({ years: 2 }, 1)
    let copies = 0
    await assert.rejects(() =>
      retention.run(tenantId, {
        clock,
        batchSize: 2,
        only: ['tickets'],
        onStep(step) {
          if (step === 'copied' && ++copies === 2) throw new Error('worker killed')
        },
      })
    )
    assert.equal(await countRows('tickets', tenantId), 3)
    assert.equal(await countRows('tickets', tenantId, 'archive'), 4)

    const run = await retention.run(tenantId, { clock: after({ years: 5 }, 0), batchSize: 2 })
    assert.equal(run.status, 'done')
    assert.equal(run.clockAt.toMillis(), clock.now().toMillis())
    assert.equal(await countRows('tickets', tenantId), 0)
    assert.equal(await countRows('tickets', tenantId, 'archive'), 5)
    assert.equal(await countRows('messages', tenantId, 'archive'), 10)
    assert.equal(run.report!.classes.tickets.archived, 5)

    const again = await retention.run(tenantId, { clock: after({ years: 5 }, 0) })
    assert.notEqual(again.id, run.id)
    assert.equal(await countRows('tickets', tenantId, 'archive'), 5)
  })

  test('leave other tenants records alone', async ({ assert }) => {
    const world = await createTenantWorld('acme')
    const other = await createTenantWorld('globex')
    await seedOldTicket(world.tenant.id, { at: T0 })
    await seedOldTicket(other.tenant.id, { at: T0 })

    await retention.run(world.tenant.id, { clock: after({ years: 3 }, 0) })
    assert.equal(await countRows('tickets', world.tenant.id), 0)
    assert.equal(await countRows('tickets', other.tenant.id), 1)
  })

  test('run retention for every tenant from the scheduled job', async ({ assert }) => {
    const world = await createTenantWorld('acme')
    const other = await createTenantWorld('globex')
    await seedOldTicket(world.tenant.id, { at: T0.minus({ years: 3 }) })
    await seedOldTicket(other.tenant.id, { at: T0.minus({ years: 3 }) })
    await seedOldTicket(other.tenant.id, { at: T0 })

    await RetentionScheduleJob.dispatch({})

    assert.equal(await countRows('tickets', world.tenant.id), 0)
    assert.equal(await countRows('tickets', other.tenant.id), 1)
    assert.equal(await countRows('tickets', other.tenant.id, 'archive'), 1)
    const runs = await TenantContext.bypass(() => RetentionRun.query().orderBy('tenant_id'))
    assert.deepEqual(
      runs.map((run) => [run.tenantId, run.status]),
      [
        [world.tenant.id, 'done'],
        [other.tenant.id, 'done'],
      ]
    )
  })

  test('anonymise expired rows with placeholders in the tenant language', async ({ assert }) => {
    const world = await createTenantWorld('acme')
    const tenantId = world.tenant.id
    const registry = await fixtureRegistry('anonymise')
    await createFixtureTables()
    try {
      await db.table('fx_user_statistics').insert({
        tenant_id: tenantId,
        note: 'Kim Bergström',
        created_at: sqlTime(T0),
      })
      const run = await retention.run(tenantId, { clock: after({ years: 1 }, 1), registry })
      assert.equal(run.report!.classes.user_statistics.anonymised, 1)
      const [row] = await db.from('fx_user_statistics').where('tenant_id', tenantId)
      assert.equal(row.note, '[anonymiserad]')
    } finally {
      await dropFixtureTables()
    }
  })

  test('expire every class of the published table at its own period', async ({ assert }) => {
    const world = await createTenantWorld('acme')
    const tenantId = world.tenant.id
    const registry = await fixtureRegistry()
    await createFixtureTables()
    try {
      const seeded = await seedOldTicket(tenantId, { at: T0, attachment: true, raw: 'processed' })
      for (const table of FIXTURE_TABLES) {
        await db.table(table).insert({ tenant_id: tenantId, note: 'Kim', created_at: sqlTime(T0) })
      }
      const left = async () => ({
        call_details: await countRows('fx_call_details', tenantId),
        raw_email: (await db.from('inbound_messages').whereNotNull('raw_key')).length,
        user_statistics: await countRows('fx_user_statistics', tenantId),
        attachments: await countRows('attachments', tenantId),
        call_logs: await countRows('fx_call_logs', tenantId),
        tickets: await countRows('tickets', tenantId),
      })
      const expected = { ...(await left()) }
      assert.deepEqual(Object.values(expected), [1, 1, 1, 1, 1, 1])

      /* The table's periods, shortest first; each class goes a day
         after its period and not a day before. */
      const steps: [Record<string, number>, (keyof typeof expected)[]][] = [
        [{ months: 2 }, ['call_details']],
        [{ months: 3 }, ['raw_email']],
        [{ years: 1 }, ['user_statistics', 'attachments']],
        [{ years: 2 }, ['call_logs', 'tickets']],
      ]
      for (const [period, classIds] of steps) {
        await retention.run(tenantId, { clock: after(period, -1), registry })
        const before = await left()
        for (const id of classIds) assert.equal(before[id], 1, `${id} kept`)
        const run = await retention.run(tenantId, { clock: after(period, 1), registry })
        const later = await left()
        for (const id of classIds) {
          assert.equal(later[id], 0, `${id} gone`)
          const counts = run.report!.classes[id]
          assert.equal(counts.archived + counts.deleted, 1, `${id} in the report`)
        }
      }

      /* Archived classes are in the archive; deleted ones nowhere. */
      assert.equal(await countRows('fx_call_logs', tenantId, 'archive'), 1)
      assert.equal(await countRows('tickets', tenantId, 'archive'), 1)
      assert.equal(await countRows('attachments', tenantId, 'archive'), 1)
      assert.equal(await countRows('fx_call_details', tenantId, 'archive'), 0)
      assert.equal(await countRows('fx_user_statistics', tenantId, 'archive'), 0)
      assert.isTrue(await fileExists('archive', seeded.attachmentKey!))
      assert.isFalse(await fileExists('fs', seeded.rawKey!))
    } finally {
      await dropFixtureTables()
    }
  })

  test('apply the archive retention from config, sparing contacts on hold', async ({ assert }) => {
    const world = await createTenantWorld('acme')
    const tenantId = world.tenant.id
    const contact = await asTenant(world, () => Contact.create({ name: 'Kim Berg' }))
    const plain = await seedOldTicket(tenantId, { at: T0, attachment: true })
    const ofContact = await seedOldTicket(tenantId, { at: T0, contactId: contact.id })
    await retention.run(tenantId, { clock: after({ years: 2 }, 1) })
    assert.equal(await countRows('tickets', tenantId, 'archive'), 2)

    /* Kept until deleted by default. */
    await retention.run(tenantId, { clock: after({ years: 10 }, 0) })
    assert.equal(await countRows('tickets', tenantId, 'archive'), 2)

    await asTenant(world, async () => {
      contact.legalHold = true
      await contact.save()
    })
    const before = config.get('privacy.archiveRetention')
    config.set('privacy.archiveRetention', 'P1Y')
    try {
      await retention.run(tenantId, { clock: after({ years: 3 }, 0) })
      assert.equal(await countRows('tickets', tenantId, 'archive'), 2)
      const run = await retention.run(tenantId, { clock: after({ years: 3 }, 2) })
      const left = await db.connection('archive').from('tickets').select('id')
      assert.deepEqual(
        left.map((row) => row.id),
        [ofContact.ticketId]
      )
      assert.equal(await countRows('messages', tenantId, 'archive'), 2)
      assert.equal(await countRows('attachments', tenantId, 'archive'), 0)
      assert.isFalse(await fileExists('archive', plain.attachmentKey!))
      assert.equal(run.report!.classes.archive.deleted, 1)
    } finally {
      config.set('privacy.archiveRetention', before)
    }
  })

  test('cap a point period set before the platform period was shortened', async ({ assert }) => {
    const world = await createTenantWorld('acme')
    const tenantId = world.tenant.id
    await seedOldTicket(tenantId, { at: T0, answeringPointId: world.point.id })
    await asTenant(world, () =>
      RetentionOverride.create({
        answeringPointId: world.point.id,
        classId: 'tickets',
        period: 'P18M',
      })
    )
    const app = await DataClassRegistry.load()
    const registry = new DataClassRegistry(
      app.all().filter((item) => item.tables.length > 0),
      { ...config.get('privacy.retention'), tickets: { period: 'P1Y', action: 'archive' } }
    )

    await retention.run(tenantId, { clock: after({ years: 1 }, -1), registry })
    assert.equal(await countRows('tickets', tenantId), 1)
    await retention.run(tenantId, { clock: after({ years: 1 }, 1), registry })
    assert.equal(await countRows('tickets', tenantId), 0)
  })
})
