import { test } from '@japa/runner'
import limiter from '@adonisjs/limiter/services/main'
import testDatabase from '#tests/helpers/database'
import tickets from '#services/ticket_service'
import SlaPolicy from '#plugins/sla/models/sla_policy'
import { clock } from '#plugins/sla/services/clock'
import { asTenant, createTenantWorld, PASSWORD } from '#tests/helpers/world'
import { accessibilityViolations, logIn, originOf } from '#tests/browser/helpers'

test.group('Browser | SLA', (group) => {
  group.each.setup(async () => {
    await limiter.clear()
    return testDatabase.truncate()
  })
  group.each.teardown(() => clock.reset())

  test('add a policy through the form and read the report', async ({ visit, assert }) => {
    const world = await createTenantWorld('shop', { modules: ['sla'] })
    const origin = originOf(world.host)

    const page = await visit(`${origin}/login`)
    await logIn(page, world.admin.email, PASSWORD, `${origin}/tickets`)
    const nav = page.getByRole('navigation', { name: 'Huvudmeny' })
    await Promise.all([
      page.waitForURL(`${origin}/p/sla/policies`),
      nav.getByRole('link', { name: 'SLA-regler' }).click(),
    ])
    assert.deepEqual(await accessibilityViolations(page), [])

    await Promise.all([
      page.waitForURL(`${origin}/p/sla/policies/create`),
      page.getByRole('link', { name: 'Ny regel' }).click(),
    ])
    assert.deepEqual(await accessibilityViolations(page), [])
    await page.getByRole('textbox', { name: 'Namn' }).fill('Guld')
    await page.getByRole('combobox', { name: 'Prioritet' }).selectOption('urgent')
    await page.getByRole('spinbutton', { name: 'Första svar (minuter)' }).fill('30')
    await page.getByRole('combobox', { name: 'Räknas i' }).selectOption('always')
    await Promise.all([
      page.waitForURL(`${origin}/p/sla/policies`),
      page.getByRole('button', { name: 'Spara regeln' }).click(),
    ])
    await page
      .getByRole('table', { name: 'SLA-regler' })
      .getByRole('link', { name: 'Guld' })
      .waitFor()
    assert.deepEqual(await accessibilityViolations(page), [])

    await Promise.all([
      page.waitForURL(/\/p\/sla\/report/),
      page.getByRole('link', { name: 'SLA-rapport' }).first().click(),
    ])
    await page.getByRole('heading', { name: 'Per regel' }).waitFor()
    assert.deepEqual(await accessibilityViolations(page), [])
  })

  test('show coloured, worded SLA states in the ticket list', async ({ visit, assert }) => {
    const world = await createTenantWorld('shop', { modules: ['sla'] })
    await asTenant(world, () =>
      SlaPolicy.create({
        name: 'Standard',
        position: 1,
        active: true,
        firstResponseMinutes: 60,
        warnMinutes: 30,
        calendar: 'always',
      })
    )
    const start = Date.now()
    clock.now = () => new Date(start - 70 * 60_000)
    await asTenant(world, () =>
      tickets.open({
        subject: 'Sen',
        channel: 'phone',
        answeringPointId: world.point.id,
        contactId: null,
      })
    )
    clock.now = () => new Date(start - 40 * 60_000)
    await asTenant(world, () =>
      tickets.open({
        subject: 'Snart',
        channel: 'phone',
        answeringPointId: world.point.id,
        contactId: null,
      })
    )
    clock.now = () => new Date(start)
    await asTenant(world, () =>
      tickets.open({
        subject: 'Ny',
        channel: 'phone',
        answeringPointId: world.point.id,
        contactId: null,
      })
    )

    const origin = originOf(world.host)
    const page = await visit(`${origin}/login`)
    await logIn(page, world.agent.email, PASSWORD, `${origin}/tickets`)
    await page.getByText('Överskriden för 10 min sedan').waitFor()
    await page.getByText('Snart förfallen, 20 min kvar').waitFor()
    await page.getByText('1 h 0 min kvar').first().waitFor()
    assert.deepEqual(await accessibilityViolations(page), [])
  })
})
