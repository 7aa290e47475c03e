import { test } from '@japa/runner'
import { rm } from 'node:fs/promises'
import app from '@adonisjs/core/services/app'
import limiter from '@adonisjs/limiter/services/main'
import { DateTime } from 'luxon'
import env from '#start/env'
import Ticket from '#models/ticket'
import RetentionOverride from '#models/retention_override'
import retention from '#services/retention/retention_service'
import testDatabase from '#tests/helpers/database'
import { seedOldTicket } from '#tests/helpers/retention_fixtures'
import { asTenant, createTenantWorld, PASSWORD } from '#tests/helpers/world'
import { accessibilityViolations, logIn, originOf } from './helpers.js'

test.group('Browser | retention and archive', (group) => {
  const storage = app.makePath(env.get('STORAGE_PATH', 'storage'))
  const archiveStorage = app.makePath(env.get('ARCHIVE_STORAGE_PATH', `${storage}-archive`))

  group.each.setup(async () => {
    await limiter.clear()
    await rm(storage, { recursive: true, force: true })
    await rm(archiveStorage, { recursive: true, force: true })
    return testDatabase.truncate()
  })
  group.each.setup(() => testDatabase.truncate('archive'))

  test('shorten a period, read a run report and search the archive', async ({ visit, assert }) => {
    const world = await createTenantWorld('shop')
    await seedOldTicket(world.tenant.id, {
      at: DateTime.utc().minus({ years: 3 }),
      answeringPointId: world.point.id,
      attachment: true,
    })
    await retention.run(world.tenant.id)
    const origin = originOf(world.host)
    const page = await visit(`${origin}/login`)
    await logIn(page, world.admin.email, PASSWORD, `${origin}/tickets`)
    await page.goto(`${origin}/admin/settings`)
    const nav = page.getByRole('navigation', { name: 'Administrationens delar' })
    await Promise.all([
      page.waitForURL(`${origin}/admin/retention`),
      nav.getByRole('link', { name: 'Gallring' }).click(),
    ])
    await page.getByRole('table', { name: 'Plattformens gallringstabell' }).waitFor()
    assert.deepEqual(await accessibilityViolations(page), [])

    /* Six months for tickets, typed and submitted from the keyboard. */
    const form = page.getByRole('group', { name: 'Support' })
    await form.getByRole('spinbutton', { name: 'Ärenden', exact: true }).focus()
    await page.keyboard.type('6')
    const save = page.getByRole('button', { name: 'Spara tider för Support' })
    await save.focus()
    await Promise.all([page.waitForURL(`${origin}/admin/retention`), page.keyboard.press('Enter')])
    await page.getByText('Gallringstider för Support sparade.').waitFor()
    const saved = await asTenant(world, () => RetentionOverride.query())
    assert.deepEqual(
      saved.map((row) => [row.classId, row.period]),
      [['tickets', 'P6M']]
    )
    assert.deepEqual(await accessibilityViolations(page), [])

    /* The run's report. */
    const runs = page.getByRole('table', { name: 'Senaste gallringskörningar' })
    await Promise.all([
      page.waitForURL(/\/admin\/retention\/runs\/\d+$/),
      runs.getByRole('link').first().click(),
    ])
    const report = page.getByRole('table', { name: 'Poster per slag av data' })
    await report.getByRole('rowheader', { name: 'Ärenden', exact: true }).waitFor()
    assert.deepEqual(await accessibilityViolations(page), [])

    /* The archive: search, open the ticket read-only. */
    await Promise.all([
      page.waitForURL(`${origin}/admin/archive`),
      nav.getByRole('link', { name: 'Arkiv' }).click(),
    ])
    await page.getByRole('searchbox', { name: 'Sök på nummer, ämne, text eller avsändare' }).focus()
    await page.keyboard.type('Gammalt')
    await Promise.all([page.waitForURL(/q=Gammalt/), page.keyboard.press('Enter')])
    assert.deepEqual(await accessibilityViolations(page), [])
    await Promise.all([
      page.waitForURL(/\/admin\/archive\/tickets\/\d+$/),
      page.getByRole('link', { name: 'Gammalt ärende' }).click(),
    ])
    await page.getByText('Arkiverat: skrivskyddat.').waitFor()
    await page.getByRole('link', { name: 'bilaga.txt' }).waitFor()
    assert.deepEqual(await accessibilityViolations(page), [])

    await Promise.all([
      page.waitForURL(`${origin}/admin/archive`),
      nav.getByRole('link', { name: 'Arkiv' }).click(),
    ])
    await Promise.all([
      page.waitForURL(`${origin}/admin/archive/attachments`),
      page.getByRole('link', { name: 'Bilagor' }).click(),
    ])
    await page.getByRole('link', { name: 'Radera bilaga.txt' }).waitFor()
    assert.deepEqual(await accessibilityViolations(page), [])

    /* Deleting asks first, on a page of its own; cancel keeps it. */
    await Promise.all([
      page.waitForURL(/\/admin\/archive\/attachments\/\d+\/delete$/),
      page.getByRole('link', { name: 'Radera bilaga.txt' }).click(),
    ])
    await page.getByRole('button', { name: 'Radera för gott' }).waitFor()
    assert.deepEqual(await accessibilityViolations(page), [])
    await Promise.all([
      page.waitForURL(`${origin}/admin/archive/attachments`),
      page.getByRole('link', { name: 'Avbryt' }).click(),
    ])
    await page.getByRole('link', { name: 'Radera bilaga.txt' }).waitFor()
  })

  test('place a legal hold on a ticket with the keyboard', async ({ visit, assert }) => {
    const world = await createTenantWorld('shop')
    const seeded = await seedOldTicket(world.tenant.id, {
      at: DateTime.utc().minus({ days: 2 }),
      answeringPointId: world.point.id,
    })
    const ticket = await asTenant(world, () => Ticket.findOrFail(seeded.ticketId))
    const origin = originOf(world.host)
    const page = await visit(`${origin}/login`)
    await logIn(page, world.supervisor.email, PASSWORD, `${origin}/tickets`)
    await page.goto(`${origin}/tickets/${ticket.number}`)

    await page.getByRole('button', { name: 'Sätt rättsligt bevarande' }).focus()
    await Promise.all([
      page.waitForURL(`${origin}/tickets/${ticket.number}`),
      page.keyboard.press('Enter'),
    ])
    await page.getByText('Rättsligt bevarande satt: sparas tills det hävs.').waitFor()
    await page.getByRole('button', { name: 'Häv rättsligt bevarande' }).waitFor()
    await ticket.refresh()
    assert.isTrue(ticket.legalHold)
    assert.deepEqual(await accessibilityViolations(page), [])
  })
})
