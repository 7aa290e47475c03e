import { test } from '@japa/runner'
import testDatabase from '#tests/helpers/database'
import AnsweringPoint from '#models/answering_point'
import modules from '#services/module_service'
import tickets from '#services/ticket_service'
import calendars from '#plugins/calendar/services/calendar_service'
import SlaClock from '#plugins/sla/models/sla_clock'
import SlaPolicy from '#plugins/sla/models/sla_policy'
import { clock } from '#plugins/sla/services/clock'
import policies from '#plugins/sla/services/policy_service'
import { asTenant, createTenantWorld, type TenantWorld } from '#tests/helpers/world'

/** Friday 6 March 2026, 14:30 UTC: 15:30 in Stockholm, 16:30 in Helsinki. */
const FRIDAY = new Date('2026-03-06T14:30:00Z')

async function open(world: TenantWorld, pointId: number) {
  clock.now = () => FRIDAY
  const ticket = await asTenant(world, () =>
    tickets.open({
      subject: 'Kalender',
      channel: 'phone',
      answeringPointId: pointId,
      contactId: null,
    })
  )
  return asTenant(world, () => SlaClock.findByOrFail('ticket_id', ticket.id))
}

test.group('SLA | with the calendar module', (group) => {
  group.each.setup(() => testDatabase.truncate())
  group.each.teardown(() => clock.reset())

  test('count in the point calendar, the base calendar, or around the clock without the module', async ({
    assert,
  }) => {
    const world = await createTenantWorld('acme', { modules: ['sla', 'calendar'] })
    calendars.forget(world.tenant.id)
    const finland = await asTenant(world, async () => {
      await calendars.baseCalendar()
      const point = await AnsweringPoint.create({ slug: 'fi', name: 'Suomi' })
      const own = await calendars.createForPoint(point)
      own.timeZone = 'Europe/Helsinki'
      await own.save()
      await SlaPolicy.create({
        name: 'Finland',
        position: 1,
        active: true,
        matchAnsweringPointId: point.id,
        firstResponseMinutes: 60,
        calendar: 'point',
      })
      await SlaPolicy.create({
        name: 'Base',
        position: 2,
        active: true,
        firstResponseMinutes: 120,
        calendar: 'base',
      })
      return point
    })

    /* Helsinki hours 08-17: 30 min on Friday, 30 min on Monday. */
    const fi = await open(world, finland.id)
    assert.equal(fi.calendarKey, `point:${finland.id}`)
    assert.equal(fi.dueAt?.toUTC().toISO(), '2026-03-09T06:30:00.000Z')

    /* Stockholm base hours: 90 min on Friday, 30 min on Monday. */
    const se = await open(world, world.point.id)
    assert.equal(se.calendarKey, 'base')
    assert.equal(se.dueAt?.toUTC().toISO(), '2026-03-09T07:30:00.000Z')

    /* The module switched off: around the clock, the SLA degrades. */
    await modules.setEnabled(world.tenant.id, 'calendar', false)
    calendars.forget(world.tenant.id)
    assert.isTrue(await modules.isEnabled(world.tenant.id, 'sla'))
    const always = await open(world, world.point.id)
    assert.equal(always.dueAt?.toUTC().toISO(), '2026-03-06T16:30:00.000Z')
  })

  test('move open clocks when an admin changes the policy, keeping consumed time', async ({
    assert,
  }) => {
    const world = await createTenantWorld('acme', { modules: ['sla', 'calendar'] })
    calendars.forget(world.tenant.id)
    const policy = await asTenant(world, async () => {
      await calendars.baseCalendar()
      return SlaPolicy.create({
        name: 'Base',
        position: 1,
        active: true,
        firstResponseMinutes: 60,
        calendar: 'base',
      })
    })
    const before = await open(world, world.point.id)
    /* Stockholm Fri 15:30 + 60 min = 16:30 local. */
    assert.equal(before.dueAt?.toUTC().toISO(), '2026-03-06T15:30:00.000Z')

    /* At 16:00 local (30 min consumed) the target becomes 4 h around
       the clock: 3 h 30 min left from 15:00 UTC. */
    clock.now = () => new Date('2026-03-06T15:00:00Z')
    await asTenant(world, () =>
      policies.update(policy, {
        name: 'Base',
        active: true,
        first_response_minutes: 240,
        calendar: 'always',
        warn_minutes: 0,
      })
    )
    const after = await asTenant(world, () => SlaClock.findOrFail(before.id))
    assert.equal(after.consumedMs, 30 * 60_000)
    assert.equal(after.calendarKey, 'always')
    assert.equal(after.dueAt?.toUTC().toISO(), '2026-03-06T18:30:00.000Z')
  })

  test('plan running clocks again when an admin changes the opening hours', async ({
    assert,
    client,
  }) => {
    const world = await createTenantWorld('acme', { modules: ['sla', 'calendar'] })
    calendars.forget(world.tenant.id)
    const base = await asTenant(world, async () => {
      await SlaPolicy.create({
        name: 'Base',
        position: 1,
        active: true,
        firstResponseMinutes: 60,
        calendar: 'base',
      })
      return calendars.baseCalendar()
    })
    const before = await open(world, world.point.id)
    /* Stockholm Fri 15:30 + 60 min = 16:30 local. */
    assert.equal(before.dueAt?.toUTC().toISO(), '2026-03-06T15:30:00.000Z')

    /* Fridays now close at 16:00: 30 min on Friday, 30 min on Monday
       from 08:00, so 08:30 CET. */
    const response = await client
      .post(`/p/calendar/calendars/${base.id}/deviations`)
      .header('Host', world.host)
      .loginAs(world.admin)
      .form({
        'name': 'Early Friday',
        'mode': 'closed',
        'weekdays[]': ['5'],
        'time_from': '16:00',
        'time_to': '24:00',
      })
      .withCsrfToken()
      .redirects(0)
    response.assertStatus(302)
    const after = await asTenant(world, () => SlaClock.findOrFail(before.id))
    assert.equal(after.dueAt?.toUTC().toISO(), '2026-03-09T07:30:00.000Z')
    assert.equal(after.consumedMs, 0)
  })

  test('plan running clocks again when an admin changes the tenant time zone', async ({
    assert,
    client,
  }) => {
    const world = await createTenantWorld('acme', { modules: ['sla', 'calendar'] })
    calendars.forget(world.tenant.id)
    await asTenant(world, async () => {
      await SlaPolicy.create({
        name: 'Base',
        position: 1,
        active: true,
        firstResponseMinutes: 60,
        calendar: 'base',
      })
      await calendars.baseCalendar()
    })
    const before = await open(world, world.point.id)
    assert.equal(before.dueAt?.toUTC().toISO(), '2026-03-06T15:30:00.000Z')

    /* In Helsinki it is 16:30: 30 min on Friday, then Monday 08:00
       to 08:30 EET, 06:30 UTC. */
    const response = await client
      .put('/admin/settings')
      .header('Host', world.host)
      .loginAs(world.admin)
      .form({ default_locale: 'sv', time_zone: 'Europe/Helsinki' })
      .withCsrfToken()
      .redirects(0)
    response.assertStatus(302)
    const after = await asTenant(world, () => SlaClock.findOrFail(before.id))
    assert.equal(after.dueAt?.toUTC().toISO(), '2026-03-09T06:30:00.000Z')
  })
})
