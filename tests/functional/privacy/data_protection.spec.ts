import { rm } from 'node:fs/promises'
import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import testDatabase from '#tests/helpers/database'
import db from '@adonisjs/lucid/services/db'
import Operator from '#models/operator'
import PrivacyAuditLog from '#models/privacy_audit_log'
import Ticket from '#models/ticket'
import attachmentStore from '#services/attachment_store'
import storageUsage from '#services/privacy/storage_usage_service'
import retentionPolicy from '#services/retention/retention_policy'
import tickets from '#services/ticket_service'
import { TenantContext } from '#services/tenant_context'
import env from '#start/env'
import { asTenant, createTenantWorld } from '#tests/helpers/world'

const PLATFORM = 'localhost'

function makeOperator() {
  return Operator.create({
    email: 'op@platform.example',
    fullName: 'Olga Operator',
    password: 'operator-password',
  })
}

test.group('Privacy | data protection and console', (group) => {
  group.each.setup(async () => {
    const storage = env.get('STORAGE_PATH', 'storage')
    const archive = env.get('ARCHIVE_STORAGE_PATH', `${storage}-archive`)
    for (const path of [storage, archive]) {
      await rm(app.makePath(path), { recursive: true, force: true })
    }
    return testDatabase.truncate()
  })
  group.each.setup(() => testDatabase.truncate('archive'))

  test('publish the operator agreement to every tenant admin', async ({ client, assert }) => {
    const operator = await makeOperator()
    const world = await createTenantWorld('acme')
    await asTenant(world, () =>
      retentionPolicy.set(world.point.id, 'tickets', { amount: 6, unit: 'months' })
    )

    const saved = await client
      .put('/console/dpa')
      .header('Host', PLATFORM)
      .withGuard('operator')
      .loginAs(operator)
      .withCsrfToken()
      .form({ text: 'Avtal om personuppgiftsbiträde.\n\nUnderbiträden: inga.' })
      .redirects(0)
    saved.assertStatus(302)

    const page = await client
      .get('/admin/data-protection')
      .header('Host', world.host)
      .loginAs(world.admin)
    page.assertStatus(200)
    page.assertTextIncludes('Avtal om personuppgiftsbiträde.')
    page.assertTextIncludes('Underbiträden: inga.')
    /* The retention table, in the tenant's language (Swedish). */
    page.assertTextIncludes('Lagringstider')
    page.assertTextIncludes('2 år')
    page.assertTextIncludes('3 månader')
    page.assertTextIncludes('Support: 6 månader')

    /* The agreement's date: the same local time on both pages, with
       the zone named (the tenant's zone here is Stockholm's). */
    const stamp = /ändrat (\d{4}-\d{2}-\d{2} \d{2}:\d{2} CES?T)\./
    const onTenant = page.text().match(stamp)
    assert.isNotNull(onTenant, 'tenant page names the zone')
    const console = await client
      .get('/console/dpa')
      .header('Host', PLATFORM)
      .withGuard('operator')
      .loginAs(operator)
    console.assertStatus(200)
    const onConsole = console.text().match(stamp)
    assert.isNotNull(onConsole, 'console names the zone')
    assert.equal(onConsole![1], onTenant![1])

    const audit = await TenantContext.bypass(() => PrivacyAuditLog.query())
    assert.deepEqual(
      audit.map((entry) => [entry.action, entry.actorType, entry.actorId, entry.tenantId]),
      [['dpa_updated', 'operator', operator.id, null]]
    )
  })

  test('keep the console agreement form to operators', async ({ client }) => {
    const world = await createTenantWorld('acme')
    const onTenantHost = await client
      .get('/console/dpa')
      .header('Host', world.host)
      .loginAs(world.admin)
    onTenantHost.assertStatus(404)
    const anonymous = await client.get('/console/dpa').header('Host', PLATFORM).redirects(0)
    anonymous.assertStatus(302)
  })

  test('show rows per table and file bytes per tenant in the console', async ({
    client,
    assert,
  }) => {
    const operator = await makeOperator()
    const world = await createTenantWorld('acme')
    const other = await createTenantWorld('globex')
    await asTenant(world, async () => {
      await tickets.open({
        subject: 'Skrivaren',
        channel: 'email',
        answeringPointId: world.point.id,
        contactId: null,
      })
      await attachmentStore.put('attachments', Buffer.alloc(1500, 1))
      await attachmentStore.put('raw', Buffer.alloc(500, 2))
    })
    await asTenant(other, () => attachmentStore.put('attachments', Buffer.alloc(9000, 3)))

    const usage = await storageUsage.forTenant(world.tenant.id)
    const count = async (table: string) =>
      Number((await db.from(table).where('tenant_id', world.tenant.id).count('* as n').first()).n)
    assert.equal(usage.files, 2)
    assert.equal(usage.bytes, 2000)
    const byTable = Object.fromEntries(usage.tables.map((row) => [row.table, row.rows]))
    assert.equal(byTable.tickets, 1)
    assert.equal(byTable.users, await count('users'))
    assert.equal(byTable.ticket_events, await count('ticket_events'))
    assert.notProperty(byTable, 'tenants')

    const page = await client
      .get(`/console/tenants/${world.tenant.id}`)
      .header('Host', PLATFORM)
      .withGuard('operator')
      .loginAs(operator)
    page.assertStatus(200)
    page.assertTextIncludes(`${usage.rows} databasrader, 2 filer`)
    page.assertTextIncludes('<code>ticket_events</code>')
    assert.equal(await asTenant(world, () => Ticket.query().then((rows) => rows.length)), 1)
  })
})
