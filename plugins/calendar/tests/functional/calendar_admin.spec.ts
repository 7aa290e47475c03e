import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import app from '@adonisjs/core/services/app'
import testDatabase from '#tests/helpers/database'
import AnsweringPoint from '#models/answering_point'
import modules from '#services/module_service'
import { asTenant, createTenantWorld } from '#tests/helpers/world'
import Calendar from '#plugins/calendar/models/calendar'
import calendars from '#plugins/calendar/services/calendar_service'

const lunchBody = {
  'name': 'Lunch',
  'mode': 'closed',
  'weekdays[]': ['1', '2', '3', '4', '5'],
  'time_from': '12:00',
  'time_to': '13:00',
  'message_sv': 'Vi har lunch',
  'message_en': 'We are at lunch',
}

function baseOf(world: { tenant: { id: number } }) {
  return asTenant(world as any, () => calendars.baseCalendar())
}

test.group('Calendar | admin pages', (group) => {
  group.each.setup(() => testDatabase.truncate())

  test('list the base calendar and the answering points', async ({ client }) => {
    const world = await createTenantWorld('acme', { modules: ['calendar'] })
    const response = await client.get('/p/calendar').header('Host', world.host).loginAs(world.admin)
    response.assertStatus(200)
    response.assertTextIncludes('Support')
    response.assertTextIncludes('Baskalender')
  })

  test('refuse agents and hide the pages from tenants without the module', async ({ client }) => {
    const world = await createTenantWorld('acme', { modules: ['calendar'] })
    const agent = await client.get('/p/calendar').header('Host', world.host).loginAs(world.agent)
    agent.assertStatus(403)
    const off = await createTenantWorld('globex')
    const hidden = await client.get('/p/calendar').header('Host', off.host).loginAs(off.admin)
    hidden.assertStatus(404)
  })

  test('answer an agent on an admin page with the friendly 403 page', async ({
    client,
    assert,
  }) => {
    const world = await createTenantWorld('acme', { modules: ['calendar'] })
    const base = await baseOf(world)
    for (const path of ['/p/calendar', `/p/calendar/calendars/${base.id}`]) {
      const response = await client.get(path).header('Host', world.host).loginAs(world.agent)
      response.assertStatus(403)
      response.assertTextIncludes('Åtkomst nekad')
      response.assertTextIncludes('Du har inte behörighet till den här sidan.')
      assert.notInclude(response.text(), 'Only tenant admins')
    }
  })

  test('hide the opening-hours link from agents on their own calendar', async ({
    client,
    assert,
  }) => {
    const world = await createTenantWorld('acme', { modules: ['calendar'] })
    const agent = await client.get('/p/calendar/me').header('Host', world.host).loginAs(world.agent)
    agent.assertStatus(200)
    assert.notInclude(agent.text(), 'href="/p/calendar"')
    const admin = await client.get('/p/calendar/me').header('Host', world.host).loginAs(world.admin)
    admin.assertTextIncludes('href="/p/calendar"')
  })

  test('save a week with a lunch deviation and explain the check', async ({ client, assert }) => {
    const world = await createTenantWorld('acme', { modules: ['calendar'] })
    const base = await baseOf(world)
    const week: Record<string, string> = {}
    for (let day = 1; day <= 5; day++) {
      week[`week[d${day}][0][from]`] = '08:00'
      week[`week[d${day}][0][to]`] = '17:00'
      week[`week[d${day}][1][from]`] = ''
      week[`week[d${day}][1][to]`] = ''
    }
    const saved = await client
      .put(`/p/calendar/calendars/${base.id}`)
      .header('Host', world.host)
      .loginAs(world.admin)
      .form({ ...week, 'holidays[christmas_eve]': '1', 'time_zone': '' })
      .withCsrfToken()
      .redirects(0)
    saved.assertStatus(302)
    const added = await client
      .post(`/p/calendar/calendars/${base.id}/deviations`)
      .header('Host', world.host)
      .loginAs(world.admin)
      .form(lunchBody)
      .withCsrfToken()
      .redirects(0)
    added.assertStatus(302)

    await base.refresh()
    assert.deepEqual(base.data.week['1'], [['08:00', '17:00']])
    assert.isFalse(base.data.holidays.good_friday)
    assert.isTrue(base.data.holidays.christmas_eve)
    assert.equal(base.data.deviations[0].name, 'Lunch')

    const check = await client
      .get(`/p/calendar/calendars/${base.id}?at=2026-03-02T12:30`)
      .header('Host', world.host)
      .loginAs(world.admin)
    check.assertStatus(200)
    check.assertTextIncludes('Stängt 2026-03-02 12:30')
    check.assertTextIncludes('Avgjort av avvikelsen ”Lunch”')
    check.assertTextIncludes('Vi har lunch')
    check.assertTextIncludes('We are at lunch')
    check.assertTextIncludes('Öppnar 2026-03-02 13:00')

    const schedule = await app.container.make('calendar')
    const answer = (await schedule.forPoint(world.tenant.id, null)).isOpen(
      DateTime.fromISO('2026-03-02T12:30', { zone: 'Europe/Stockholm' })
    )
    assert.equal(answer.decidedBy.name, 'Lunch')
    /* The closed message in each language, for whoever asks. */
    assert.deepEqual(answer.message, { sv: 'Vi har lunch', en: 'We are at lunch' })
  })

  test('refuse an interval that ends before it starts, with the reason', async ({
    client,
    assert,
  }) => {
    const world = await createTenantWorld('acme', { modules: ['calendar'] })
    const base = await baseOf(world)
    const response = await client
      .put(`/p/calendar/calendars/${base.id}`)
      .header('Host', world.host)
      .loginAs(world.admin)
      .form({ 'week[d1][0][from]': '17:00', 'week[d1][0][to]': '08:00' })
      .withCsrfToken()
      .redirects(0)
    response.assertStatus(302)
    response.assertFlashMessage(
      'error',
      'Sparades inte: Måndag, intervall 1: 17:00–08:00 slutar innan det börjar'
    )
    await base.refresh()
    assert.deepEqual(base.data.week['1'], [['08:00', '17:00']])
  })

  test('name refused fields by their labels in Swedish and English', async ({ client, assert }) => {
    const world = await createTenantWorld('acme', { modules: ['calendar'] })
    const base = await baseOf(world)
    const send = (method: 'post' | 'put', path: string, body: Record<string, string>) =>
      client[method](path)
        .header('Host', world.host)
        .loginAs(world.admin)
        .form(body)
        .withCsrfToken()
        .redirects(0)
    const deviations = `/p/calendar/calendars/${base.id}/deviations`
    const weeks = await send('post', deviations, { name: 'Sommar', mode: 'closed', weeks: '54' })
    weeks.assertFlashMessage('error', 'Sparades inte: Veckonummer: 54 ligger utanför 1–53')
    const date = await send('post', deviations, {
      name: 'Fel',
      mode: 'closed',
      date_from: '2026-02-30',
    })
    date.assertFlashMessage(
      'error',
      'Sparades inte: Från datum: ”2026-02-30” är inte ett datum ÅÅÅÅ-MM-DD'
    )
    const half = await send('put', `/p/calendar/calendars/${base.id}`, {
      'week[d2][0][from]': '08:00',
      'week[d2][0][to]': '12:00',
      'week[d2][1][from]': '13:00',
    })
    half.assertFlashMessage('error', 'Sparades inte: Tisdag, intervall 2: båda tiderna behövs')

    const format = await send('put', `/p/calendar/calendars/${base.id}`, {
      'week[d1][0][from]': '8',
      'week[d1][0][to]': '17:00',
    })
    const page = await client
      .get(`/p/calendar/calendars/${base.id}`)
      .header('Host', world.host)
      .loginAs(world.admin)
      .withFlashMessages(format.flashMessages())
    page.assertTextIncludes('Måndag, intervall 1: Värdet har fel format.')
    assert.notInclude(page.text(), 'week.d1.0.from')

    await db.from('users').where('id', world.admin.id).update({ locale: 'en' })
    const english = await client
      .post(deviations)
      .header('Host', world.host)
      .loginAs(world.admin)
      .form({ name: 'Summer', mode: 'closed', weeks: '54' })
      .withCsrfToken()
      .redirects(0)
    english.assertFlashMessage('error', 'Not saved: Week numbers: 54 is outside 1–53')
  })

  test('refuse a reversed date range, hours without intervals and no condition', async ({
    client,
    assert,
  }) => {
    const world = await createTenantWorld('acme', { modules: ['calendar'] })
    const base = await baseOf(world)
    const send = (body: Record<string, string>) =>
      client
        .post(`/p/calendar/calendars/${base.id}/deviations`)
        .header('Host', world.host)
        .loginAs(world.admin)
        .form(body)
        .withCsrfToken()
        .redirects(0)
    const reversed = await send({
      name: 'December',
      mode: 'closed',
      date_from: '2026-12-31',
      date_to: '2026-12-01',
    })
    reversed.assertFlashMessage(
      'error',
      'Sparades inte: Till datum: till-datumet 2026-12-01 ligger före från-datumet 2026-12-31'
    )
    assert.equal(reversed.flashMessages().name, 'December')
    const hours = await send({
      'name': 'Kväll',
      'mode': 'hours',
      'intervals[0][from]': '',
      'intervals[0][to]': '',
    })
    hours.assertFlashMessage(
      'error',
      'Sparades inte: Tider: ange minst ett intervall för ”Öppet bara dessa tider”'
    )
    /* An empty date field (the browser drops 2027-02-30) leaves no
       condition: saved, it would close the calendar for good. */
    const always = await send({ name: 'Stängt', mode: 'closed', date_from: '' })
    always.assertFlashMessage(
      'error',
      'Sparades inte: Veckodagar: ange minst ett villkor (veckodagar, datum, tider, veckor ' +
        'eller månader); utan villkor skulle avvikelsen gälla jämt'
    )
    await base.refresh()
    assert.lengthOf(base.data.deviations, 0)
  })

  test('answer an unknown deviation with the not-found page', async ({ client, assert }) => {
    const world = await createTenantWorld('acme', { modules: ['calendar'] })
    const base = await baseOf(world)
    const response = await client
      .get(`/p/calendar/calendars/${base.id}/deviations/nonexistent`)
      .header('Host', world.host)
      .header('Accept', 'text/html')
      .loginAs(world.admin)
    response.assertStatus(404)
    assert.notInclude(response.text(), '{"error":"Not found"}')
  })

  test('keep a refused time zone in the form', async ({ client, assert }) => {
    const world = await createTenantWorld('acme', { modules: ['calendar'] })
    const base = await baseOf(world)
    const refused = await client
      .put(`/p/calendar/calendars/${base.id}`)
      .header('Host', world.host)
      .loginAs(world.admin)
      .form({ 'time_zone': 'Mars/Olympus', 'week[d1][0][from]': '08:00' })
      .withCsrfToken()
      .redirects(0)
    refused.assertStatus(302)
    assert.property(refused.flashMessages().inputErrorsBag, 'time_zone')
    const page = await client
      .get(`/p/calendar/calendars/${base.id}`)
      .header('Host', world.host)
      .loginAs(world.admin)
      .withFlashMessages(refused.flashMessages())
    page.assertTextIncludes('value="Mars/Olympus"')
    page.assertTextIncludes('Tidszon: Ange en IANA-tidszon, till exempel Europe/Stockholm.')
  })

  test('limit every text field of the calendar pages to what the server takes', async ({
    client,
    assert,
  }) => {
    const world = await createTenantWorld('acme', { modules: ['calendar'] })
    const base = await baseOf(world)
    for (const [path, user] of [
      [`/p/calendar/calendars/${base.id}`, world.admin],
      ['/p/calendar/me', world.agent],
    ] as const) {
      const page = await client.get(path).header('Host', world.host).loginAs(user)
      page.assertStatus(200)
      const fields = page.text().match(/<(?:input[^>]*type="text"|textarea)[^>]*>/g) ?? []
      assert.isAbove(fields.length, 0)
      for (const field of fields) assert.match(field, /maxlength="\d+"/, field)
    }
    const page = await client
      .get(`/p/calendar/calendars/${base.id}`)
      .header('Host', world.host)
      .loginAs(world.admin)
    assert.include(page.text(), 'name="name"')
    assert.match(page.text(), /name="name"[^>]*maxlength="120"/)
    assert.match(page.text(), /name="message_sv"[^>]*maxlength="500"/)
    assert.match(page.text(), /name="weeks"[^>]*maxlength="200"/)
  })

  test('move a deviation up so that it decides first', async ({ client, assert }) => {
    const world = await createTenantWorld('acme', { modules: ['calendar'] })
    const base = await baseOf(world)
    for (const body of [
      {
        'name': 'Extra evening',
        'mode': 'open',
        'weekdays[]': ['3'],
        'time_from': '17:00',
        'time_to': '20:00',
      },
      { name: 'Party', mode: 'closed', date_from: '2026-12-16', date_to: '2026-12-16' },
    ]) {
      await client
        .post(`/p/calendar/calendars/${base.id}/deviations`)
        .header('Host', world.host)
        .loginAs(world.admin)
        .form(body)
        .withCsrfToken()
    }
    await base.refresh()
    const party = base.data.deviations[1]
    const at = DateTime.fromISO('2026-12-16T18:00', { zone: 'Europe/Stockholm' })
    calendars.forget(world.tenant.id)
    const before = await calendars.forPoint(world.tenant.id, null)
    assert.equal(before.isOpen(at).decidedBy.name, 'Extra evening')

    const moved = await client
      .post(`/p/calendar/calendars/${base.id}/deviations/${party.id}/move`)
      .header('Host', world.host)
      .loginAs(world.admin)
      .form({ direction: 'up' })
      .withCsrfToken()
      .redirects(0)
    moved.assertStatus(302)
    const after = await calendars.forPoint(world.tenant.id, null)
    assert.equal(after.isOpen(at).decidedBy.name, 'Party')
    assert.isFalse(after.isOpen(at).open)

    const removed = await client
      .delete(`/p/calendar/calendars/${base.id}/deviations/${party.id}`)
      .header('Host', world.host)
      .loginAs(world.admin)
      .withCsrfToken()
      .redirects(0)
    removed.assertStatus(302)
    await base.refresh()
    assert.deepEqual(
      base.data.deviations.map((d) => d.name),
      ['Extra evening']
    )
  })

  test('give a point its own calendar in another zone that inherits', async ({
    client,
    assert,
  }) => {
    const world = await createTenantWorld('acme', { modules: ['calendar'] })
    const base = await baseOf(world)
    await asTenant(world, async () => {
      base.data = {
        ...base.data,
        deviations: [
          {
            id: 'l',
            name: 'Lunch',
            open: false,
            conditions: { timeFrom: '12:00', timeTo: '13:00' },
          },
        ],
      }
      await base.save()
    })
    const created = await client
      .post(`/p/calendar/points/${world.point.id}`)
      .header('Host', world.host)
      .loginAs(world.admin)
      .withCsrfToken()
      .redirects(0)
    created.assertStatus(302)
    const own = await asTenant(world, () =>
      Calendar.query().where('answering_point_id', world.point.id).firstOrFail()
    )
    assert.isTrue(own.inherit)
    await client
      .put(`/p/calendar/calendars/${own.id}`)
      .header('Host', world.host)
      .loginAs(world.admin)
      .form({
        'time_zone': 'Europe/London',
        'inherit': '1',
        'week[d1][0][from]': '09:00',
        'week[d1][0][to]': '17:00',
      })
      .withCsrfToken()

    calendars.forget(world.tenant.id)
    const point = await calendars.resolve(world.tenant.id, world.point.id)
    assert.equal(point.source, 'point')
    assert.equal(point.zone, 'Europe/London')
    /* 12:30 in London is lunch from the inherited base deviation. */
    const lunch = point.schedule.isOpen(DateTime.fromISO('2026-03-02T12:30:00Z'))
    assert.equal(lunch.decidedBy.name, 'Lunch')
    assert.equal(
      point.schedule.nextOpening(DateTime.fromISO('2026-03-02T07:00:00Z'))!.toISO(),
      '2026-03-02T09:00:00.000+00:00'
    )

    const other = await asTenant(world, () =>
      AnsweringPoint.create({ slug: 'sales', name: 'Sales' })
    )
    const fallback = await calendars.resolve(world.tenant.id, other.id)
    assert.equal(fallback.source, 'base')
    assert.equal(fallback.zone, 'Europe/Stockholm')
  })

  test('count in the default week before any calendar is saved', async ({ assert }) => {
    const world = await createTenantWorld('acme', { modules: ['calendar'] })
    calendars.forget(world.tenant.id)
    const resolved = await calendars.resolve(world.tenant.id, world.point.id)
    assert.equal(resolved.source, 'base')
    assert.isFalse(resolved.schedule.alwaysOpen)
    /* Friday 6 March 2026, 16:00 in Stockholm: one hour left that
       day, then Monday from 08:00. */
    const friday = DateTime.fromISO('2026-03-06T15:00:00Z')
    assert.equal(
      resolved.schedule.addBusinessMs(friday, 2 * 3_600_000)!.toISO(),
      '2026-03-09T09:00:00.000+01:00'
    )
    /* Nothing was written: the admin pages create the row. */
    assert.lengthOf(await asTenant(world, () => Calendar.all()), 0)
  })

  test('answer around the clock for a tenant with the module off', async ({ assert }) => {
    const world = await createTenantWorld('acme', { modules: ['calendar'] })
    await baseOf(world)
    await modules.setEnabled(world.tenant.id, 'calendar', false)
    calendars.forget(world.tenant.id)
    const schedule = await calendars.forPoint(world.tenant.id, world.point.id)
    assert.isTrue(schedule.alwaysOpen)
    assert.isTrue(schedule.isOpen(DateTime.fromISO('2026-12-24T03:00:00Z')).open)
  })

  test('show the month with holidays and open hours', async ({ client }) => {
    const world = await createTenantWorld('acme', { modules: ['calendar'] })
    const base = await baseOf(world)
    const response = await client
      .get(`/p/calendar/calendars/${base.id}/month?month=2026-12`)
      .header('Host', world.host)
      .loginAs(world.admin)
    response.assertStatus(200)
    response.assertTextIncludes('Julafton')
    response.assertTextIncludes('08:00–17:00')
  })

  test('say that a checked time skipped by summer time does not exist', async ({
    client,
    assert,
  }) => {
    const world = await createTenantWorld('acme', { modules: ['calendar'] })
    const base = await baseOf(world)
    const response = await client
      .get(`/p/calendar/calendars/${base.id}?at=2027-03-28T02:30`)
      .header('Host', world.host)
      .loginAs(world.admin)
    response.assertStatus(200)
    response.assertTextIncludes('Stängt 2027-03-28 03:30.')
    response.assertTextIncludes(
      '2027-03-28 02:30 finns inte den dagen i Europe/Stockholm: klockan ställs fram. ' +
        'Svaret gäller 2027-03-28 03:30 i stället.'
    )
    const normal = await client
      .get(`/p/calendar/calendars/${base.id}?at=2027-03-29T10:00`)
      .header('Host', world.host)
      .loginAs(world.admin)
    assert.notInclude(normal.text(), 'finns inte den dagen')
    const bad = await client
      .get(`/p/calendar/calendars/${base.id}?at=2027-02-30T10:00`)
      .header('Host', world.host)
      .loginAs(world.admin)
    bad.assertStatus(200)
    bad.assertTextIncludes('Datumet finns inte.')
    /* A malformed time is answered on the page, as typed. */
    const garbage = await client
      .get(`/p/calendar/calendars/${base.id}?at=garbage`)
      .header('Host', world.host)
      .loginAs(world.admin)
      .redirects(0)
    garbage.assertStatus(200)
    garbage.assertTextIncludes('Datumet finns inte.')
    garbage.assertTextIncludes('value="garbage"')
  })

  test('show touching intervals as one in the month', async ({ client, assert }) => {
    const world = await createTenantWorld('acme', { modules: ['calendar'] })
    const base = await baseOf(world)
    base.data = {
      ...base.data,
      week: {
        1: [
          ['08:00', '10:00'],
          ['10:00', '12:00'],
        ],
      },
    }
    await asTenant(world, () => base.save())
    calendars.forget(world.tenant.id)
    const response = await client
      .get(`/p/calendar/calendars/${base.id}/month?month=2026-12`)
      .header('Host', world.host)
      .loginAs(world.admin)
    response.assertStatus(200)
    response.assertTextIncludes('08:00–12:00')
    assert.notInclude(response.text(), '08:00–10:00')
  })
})
