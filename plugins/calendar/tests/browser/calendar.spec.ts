import { test } from '@japa/runner'
import limiter from '@adonisjs/limiter/services/main'
import testDatabase from '#tests/helpers/database'
import { DateTime } from 'luxon'
import { asTenant, createTenantWorld, PASSWORD } from '#tests/helpers/world'
import agenda from '#plugins/calendar/services/agenda_service'
import reminders from '#plugins/calendar/services/reminder_relay'
import { accessibilityViolations, logIn, originOf } from '#tests/browser/helpers'

test.group('Browser | calendar', (group) => {
  group.each.setup(async () => {
    await limiter.clear()
    return testDatabase.truncate()
  })

  test('build a calendar with a lunch deviation and ask whether it is open', async ({
    visit,
    assert,
  }) => {
    const world = await createTenantWorld('shop', { modules: ['calendar'] })
    const origin = originOf(world.host)

    const page = await visit(`${origin}/login`)
    await logIn(page, world.admin.email, PASSWORD, `${origin}/tickets`)
    const nav = page.getByRole('navigation', { name: 'Huvudmeny' })
    await Promise.all([
      page.waitForURL(`${origin}/p/calendar`),
      nav.getByRole('link', { name: 'Öppettider' }).click(),
    ])
    assert.deepEqual(await accessibilityViolations(page), [])
    await Promise.all([
      page.waitForURL(/\/p\/calendar\/calendars\/\d+$/),
      page.getByRole('link', { name: 'Baskalender' }).click(),
    ])
    assert.deepEqual(await accessibilityViolations(page), [])

    /* An interval that ends before it starts is refused and kept. */
    const mondayTo = page.getByRole('textbox', { name: 'måndag, intervall 1, till' })
    await mondayTo.fill('07:00')
    await Promise.all([
      page.waitForURL(/\/p\/calendar\/calendars\/\d+$/),
      page.getByRole('button', { name: 'Spara' }).click(),
    ])
    await page.getByRole('alert').filter({ hasText: 'slutar innan det börjar' }).waitFor()
    assert.equal(await mondayTo.inputValue(), '07:00')
    await mondayTo.fill('17:00')

    /* Friday afternoons close at 15:00 in the base week. */
    await page.getByRole('textbox', { name: 'fredag, intervall 1, till' }).fill('15:00')
    await Promise.all([
      page.waitForURL(/\/p\/calendar\/calendars\/\d+$/),
      page.getByRole('button', { name: 'Spara' }).click(),
    ])
    await page.getByRole('status').filter({ hasText: 'Kalendern sparades.' }).waitFor()

    const form = page.locator('form', {
      has: page.getByRole('button', { name: 'Lägg till avvikelse' }),
    })
    await form.getByRole('textbox', { name: 'Namn' }).fill('Lunch')
    await form.getByRole('radio', { name: 'Stängt' }).check()
    for (const day of ['måndag', 'tisdag', 'onsdag', 'torsdag', 'fredag']) {
      await form.getByRole('checkbox', { name: day }).check()
    }
    await form.getByRole('textbox', { name: 'Från klockan (tt:mm)' }).fill('12:00')
    await form.getByRole('textbox', { name: /Till klockan/ }).fill('13:00')
    await form.getByRole('textbox', { name: 'Meddelande på svenska' }).fill('Vi äter lunch')
    await form.getByRole('textbox', { name: 'Meddelande på engelska' }).fill('Out for lunch')
    await Promise.all([
      page.waitForURL(/\/p\/calendar\/calendars\/\d+$/),
      form.getByRole('button', { name: 'Lägg till avvikelse' }).click(),
    ])
    await page.getByRole('listitem').filter({ hasText: 'Lunch' }).waitFor()
    assert.deepEqual(await accessibilityViolations(page), [])

    /* Monday 2 March 2026 at 12:30: closed by the lunch deviation. */
    await page.getByLabel(/Datum och tid/).fill('2026-03-02T12:30')
    await Promise.all([
      page.waitForURL(/at=2026-03-02T12%3A30/),
      page.getByRole('button', { name: 'Kontrollera' }).click(),
    ])
    const answer = page.locator('#check-result')
    await answer.waitFor()
    const text = (await answer.textContent())!.replace(/\s+/g, ' ')
    assert.include(text, 'Stängt 2026-03-02 12:30.')
    assert.include(text, 'Avgjort av avvikelsen ”Lunch”.')
    assert.include(text, 'Vi äter lunch')
    assert.include(text, 'Öppnar 2026-03-02 13:00.')
    assert.deepEqual(await accessibilityViolations(page), [])

    /* Friday 6 March at 15:30: closed by the week, not the deviation. */
    await page.getByLabel(/Datum och tid/).fill('2026-03-06T15:30')
    await Promise.all([
      page.waitForURL(/at=2026-03-06T15%3A30/),
      page.getByRole('button', { name: 'Kontrollera' }).click(),
    ])
    const friday = (await page.locator('#check-result').textContent())!.replace(/\s+/g, ' ')
    assert.include(friday, 'Avgjort av basveckan.')
    assert.include(friday, 'Öppnar 2026-03-09 08:00.')

    await Promise.all([
      page.waitForURL(/\/month\?month=/),
      page.getByRole('link', { name: 'Månadsvy' }).click(),
    ])
    assert.deepEqual(await accessibilityViolations(page), [])
  })

  test('show the agenda and a live reminder to an agent', async ({ visit, assert }) => {
    const world = await createTenantWorld('shop', { modules: ['calendar'] })
    const origin = originOf(world.host)
    const page = await visit(`${origin}/login`)
    await logIn(page, world.agent.email, PASSWORD, `${origin}/tickets`)
    await Promise.all([
      page.waitForURL(`${origin}/p/calendar/me`),
      page
        .getByRole('navigation', { name: 'Huvudmeny' })
        .getByRole('link', { name: 'Min kalender' })
        .click(),
    ])
    await page.getByRole('textbox', { name: /Rubrik/ }).fill('Ring Åsa')
    await Promise.all([
      page.waitForURL(`${origin}/p/calendar/me`),
      page.getByRole('button', { name: 'Lägg till' }).click(),
    ])
    await page.getByRole('rowheader', { name: /Ring Åsa/ }).waitFor()
    assert.deepEqual(await accessibilityViolations(page), [])

    /* A reminder falls due: the worker's pass marks it, this process
       relays it to the agent's open page over transmit. */
    const since = DateTime.utc().minus({ seconds: 5 })
    await asTenant(world, () =>
      agenda.create(world.agent, {
        kind: 'reminder',
        title: 'Följ upp offerten',
        startsAt: DateTime.utc().minus({ minutes: 1 }),
      })
    )
    /* The call-back made above starts now, so it is due as well. */
    assert.equal(await reminders.fireDue(), 2)
    let sent = 0
    for (let i = 0; i < 50 && sent === 0; i++) {
      sent = (await reminders.relayOnce({ since })).length
      if (sent === 0) await page.waitForTimeout(100)
    }
    assert.equal(sent, 2)
    await page.getByRole('status').filter({ hasText: 'Påminnelse: Följ upp offerten' }).waitFor()
    assert.deepEqual(await accessibilityViolations(page), [])
  })
})
