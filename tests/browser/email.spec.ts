import { createHash } from 'node:crypto'
import { test } from '@japa/runner'
import limiter from '@adonisjs/limiter/services/main'
import testDatabase from '#tests/helpers/database'
import TenantPlugin from '#models/tenant_plugin'
import { asTenant, createTenantWorld, PASSWORD, type TenantWorld } from '#tests/helpers/world'
import mailboxes from '#plugins/email/services/mailbox_service'
import intake from '#plugins/email/services/intake_service'
import { rawMail } from '#plugins/email/tests/helpers/mail'
import { accessibilityViolations, logIn, originOf } from './helpers.js'

/**
 * A forwarding mailbox of the world's answering point.
 */
function mailboxFor(world: TenantWorld, name: string, values: { autoCreate?: boolean } = {}) {
  return asTenant(world, () =>
    mailboxes.create({
      answeringPointId: world.point.id,
      name,
      address: `${name.toLowerCase()}@${world.tenant.slug}.example.com`,
      intake: 'forward',
      ...values,
    })
  )
}

/**
 * Delivers a raw message to a mailbox as the SMTP intake does.
 */
function deliver(world: TenantWorld, mailboxId: number, raw: Buffer) {
  return intake.receive({
    tenantId: world.tenant.id,
    mailboxId,
    source: 'smtp',
    sourceKey: `sha256:${createHash('sha256').update(raw).digest('hex')}`,
    raw,
  })
}

test.group('Browser | email admin pages', (group) => {
  group.each.setup(async () => {
    await limiter.clear()
    return testDatabase.truncate()
  })

  test('list mailboxes and add one through the form', async ({ visit, assert }) => {
    const world = await createTenantWorld('shop', { modules: ['email'] })
    await mailboxFor(world, 'Support')
    const origin = originOf(world.host)

    const page = await visit(`${origin}/login`)
    await logIn(page, world.admin.email, PASSWORD, `${origin}/tickets`)
    const nav = page.getByRole('navigation', { name: 'Huvudmeny' })
    await Promise.all([
      page.waitForURL(`${origin}/p/email/mailboxes`),
      nav.getByRole('link', { name: 'Brevlådor' }).click(),
    ])
    const list = page.getByRole('table', { name: 'Brevlådor' })
    await list.getByRole('link', { name: 'Support' }).waitFor()
    assert.deepEqual(await accessibilityViolations(page), [])

    await Promise.all([
      page.waitForURL(`${origin}/p/email/mailboxes/create`),
      page.getByRole('link', { name: 'Ny brevlåda' }).click(),
    ])
    assert.deepEqual(await accessibilityViolations(page), [])
    const general = page.getByRole('group', { name: 'Brevlåda', exact: true })
    await general.getByRole('textbox', { name: 'Namn' }).fill('Sales')
    await general.getByRole('textbox', { name: 'E-postadress' }).fill('sales@shop.example.com')
    await Promise.all([
      page.waitForURL(/\/p\/email\/mailboxes\/\d+\/edit$/),
      page.getByRole('button', { name: 'Skapa brevlåda' }).click(),
    ])
    await page.getByRole('status').filter({ hasText: 'Brevlådan Sales skapades.' }).waitFor()
    assert.deepEqual(await accessibilityViolations(page), [])
  })

  test('list failed and held email', async ({ visit, assert }) => {
    const world = await createTenantWorld('shop', { modules: ['email'] })
    const open = await mailboxFor(world, 'Support')
    const reviewed = await mailboxFor(world, 'Sales', { autoCreate: false })
    await asTenant(world, async () => {
      const row = await TenantPlugin.findByOrFail('plugin_id', 'email')
      row.settings = { max_message_mb: 0.001 }
      await row.save()
    })
    const big = rawMail({ From: 'Kim <kim@example.org>', Subject: 'Stor bilaga' }, 'z'.repeat(3000))
    const failed = await deliver(world, open.id, big)
    const held = await deliver(
      world,
      reviewed.id,
      rawMail({ From: 'ny@example.org', Subject: 'Offert' })
    )
    assert.equal(failed.status, 'failed')
    assert.equal(held.status, 'held')
    const origin = originOf(world.host)

    const page = await visit(`${origin}/login`)
    await logIn(page, world.admin.email, PASSWORD, `${origin}/tickets`)
    await page.goto(`${origin}/p/email/failed`)
    const failures = page.getByRole('table', { name: '1 misslyckat meddelande' })
    await failures.getByRole('rowheader', { name: 'Stor bilaga' }).waitFor()
    await failures.getByRole('button', { name: 'Försök igen (meddelande' }).waitFor()
    assert.deepEqual(await accessibilityViolations(page), [])

    const sections = page.getByRole('navigation', { name: 'E-postadministration' })
    await Promise.all([
      page.waitForURL(`${origin}/p/email/held`),
      sections.getByRole('link', { name: 'Väntande e-post' }).click(),
    ])
    const current = sections.locator('[aria-current="page"]')
    assert.equal(await current.innerText(), 'Väntande e-post')
    const waiting = page.getByRole('table', { name: '1 väntande meddelande' })
    await waiting.getByRole('link', { name: 'Offert' }).waitFor()
    assert.deepEqual(await accessibilityViolations(page), [])
  })
})
