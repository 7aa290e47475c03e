import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import testDatabase from '#tests/helpers/database'
import { LeaseService } from '#services/lease_service'

test.group('Leases', (group) => {
  group.each.setup(() => testDatabase.truncate())

  test('grant a free lease and renew it for its holder', async ({ assert }) => {
    const worker = new LeaseService('worker-a')
    assert.isTrue(await worker.claim('job', 60_000))
    assert.isTrue(await worker.claim('job', 60_000))
    const rows = await db.from('leases').select('name', 'owner')
    assert.deepEqual(rows, [{ name: 'job', owner: 'worker-a' }])
  })

  test('refuse a lease another worker holds until it expires', async ({ assert }) => {
    const holder = new LeaseService('worker-a')
    const other = new LeaseService('worker-b')
    assert.isTrue(await holder.claim('job', 60_000))
    assert.isFalse(await other.claim('job', 60_000))

    /* The holder stops renewing: its lease runs out. */
    await db.from('leases').where('name', 'job').update({ expires_at: '2000-01-01 00:00:00' })
    assert.isTrue(await other.claim('job', 60_000))
    assert.isFalse(await holder.claim('job', 60_000))
  })

  test('free a lease on release, only for its holder', async ({ assert }) => {
    const holder = new LeaseService('worker-a')
    const other = new LeaseService('worker-b')
    await holder.claim('job', 60_000)
    await other.release('job')
    assert.isFalse(await other.claim('job', 60_000))
    await holder.release('job')
    assert.isTrue(await other.claim('job', 60_000))
  })
})
