import { test } from '@japa/runner'
import testDatabase from '#tests/helpers/database'
import tickets from '#services/ticket_service'
import SlaClock from '#plugins/sla/models/sla_clock'
import SlaPolicy from '#plugins/sla/models/sla_policy'
import pluginSettings from '#plugin_host/plugin_settings'
import { clock } from '#plugins/sla/services/clock'
import { asTenant, createTenantWorld } from '#tests/helpers/world'

test.group('SLA | policies', (group) => {
  group.each.setup(() => testDatabase.truncate())
  group.each.teardown(() => clock.reset())

  test('create, edit, order and delete policies as an admin', async ({ client, assert }) => {
    const world = await createTenantWorld('acme', { modules: ['sla'] })
    const post = (url: string, body: Record<string, unknown>) =>
      client
        .post(url)
        .header('Host', world.host)
        .loginAs(world.admin)
        .withCsrfToken()
        .form(body)
        .redirects(0)

    const created = await post('/p/sla/policies', {
      name: 'Brådskande',
      active: '1',
      match_priority: 'urgent',
      first_response_minutes: '15',
      resolution_minutes: '240',
      calendar: 'base',
      warn_minutes: '5',
      escalate_on: 'warning',
      escalate_notify: '1',
    })
    created.assertStatus(302)
    await post('/p/sla/policies', { name: 'Standard', active: '1', calendar: 'point' })

    const list = await asTenant(world, () => SlaPolicy.query().orderBy('position', 'asc'))
    assert.deepEqual(
      list.map((policy) => [policy.name, policy.position]),
      [
        ['Brådskande', 1],
        ['Standard', 2],
      ]
    )
    assert.equal(list[0].firstResponseMinutes, 15)
    assert.equal(list[0].matchPriority, 'urgent')
    assert.equal(list[0].escalateOn, 'warning')
    assert.equal(list[1].escalateOn, 'breach')

    await post(`/p/sla/policies/${list[1].id}/move`, { direction: 'up' })
    const moved = await asTenant(world, () => SlaPolicy.query().orderBy('position', 'asc'))
    assert.deepEqual(
      moved.map((policy) => policy.name),
      ['Standard', 'Brådskande']
    )

    const page = await client.get('/p/sla/policies').header('Host', world.host).loginAs(world.admin)
    page.assertStatus(200)
    page.assertTextIncludes('Brådskande')

    await client
      .put(`/p/sla/policies/${list[0].id}`)
      .header('Host', world.host)
      .loginAs(world.admin)
      .withCsrfToken()
      .form({ name: 'Akut', calendar: 'always', first_response_minutes: '10' })
      .redirects(0)
    const edited = await asTenant(world, () => SlaPolicy.findOrFail(list[0].id))
    assert.equal(edited.name, 'Akut')
    assert.isFalse(edited.active)
    assert.equal(edited.calendar, 'always')

    await client
      .delete(`/p/sla/policies/${list[0].id}`)
      .header('Host', world.host)
      .loginAs(world.admin)
      .withCsrfToken()
      .redirects(0)
    assert.isNull(await asTenant(world, () => SlaPolicy.find(list[0].id)))
  })

  test('refuse the policy pages to agents and keep bad input with reasons', async ({
    client,
    assert,
  }) => {
    const world = await createTenantWorld('acme', { modules: ['sla'] })
    const asAgent = await client
      .get('/p/sla/policies')
      .header('Host', world.host)
      .loginAs(world.agent)
    asAgent.assertStatus(403)
    asAgent.assertTextIncludes('Åtkomst nekad')
    assert.notInclude(asAgent.text(), 'SlaForbiddenException')

    const bad = await client
      .post('/p/sla/policies')
      .header('Host', world.host)
      .loginAs(world.admin)
      .withCsrfToken()
      .form({ name: '', calendar: 'moon', first_response_minutes: '-3' })
      .redirects(0)
    bad.assertStatus(302)
    assert.lengthOf(await asTenant(world, () => SlaPolicy.all()), 0)

    /* Escalating at the warning without a warning time would never
       escalate: refused with the reason. */
    const noWarning = await client
      .post('/p/sla/policies')
      .header('Host', world.host)
      .loginAs(world.admin)
      .withCsrfToken()
      .form({
        name: 'Snabb',
        calendar: 'always',
        first_response_minutes: '60',
        warn_minutes: '0',
        escalate_on: 'warning',
      })
      .redirects(0)
    noWarning.assertStatus(302)
    assert.deepEqual(noWarning.flashMessages().inputErrorsBag, {
      escalate_on: ['Eskalering vid varningen kräver en varningstid över 0 minuter.'],
    })
    assert.lengthOf(await asTenant(world, () => SlaPolicy.all()), 0)
  })

  test('apply the first matching policy in order', async ({ assert }) => {
    const world = await createTenantWorld('acme', { modules: ['sla'] })
    clock.now = () => new Date('2026-03-02T09:00:00Z')
    await asTenant(world, async () => {
      await SlaPolicy.create({
        name: 'Support urgent',
        position: 1,
        active: true,
        matchAnsweringPointId: world.point.id,
        matchPriority: 'urgent',
        firstResponseMinutes: 10,
        calendar: 'always',
      })
      await SlaPolicy.create({
        name: 'Inactive',
        position: 2,
        active: false,
        firstResponseMinutes: 1,
        calendar: 'always',
      })
      await SlaPolicy.create({
        name: 'Support',
        position: 3,
        active: true,
        matchAnsweringPointId: world.point.id,
        firstResponseMinutes: 60,
        calendar: 'always',
      })
    })
    const open = (priority: 'urgent' | 'normal') =>
      asTenant(world, () =>
        tickets.open({
          subject: priority,
          channel: 'phone',
          answeringPointId: world.point.id,
          contactId: null,
          priority,
        })
      )
    const urgent = await open('urgent')
    const normal = await open('normal')
    const dueOf = async (ticketId: number) =>
      (await asTenant(world, () => SlaClock.findByOrFail('ticket_id', ticketId))).dueAt
        ?.toUTC()
        .toISO()
    assert.equal(await dueOf(urgent.id), '2026-03-02T09:10:00.000Z')
    assert.equal(await dueOf(normal.id), '2026-03-02T10:00:00.000Z')
  })

  test('show time left in the ticket list and on the ticket page', async ({ client }) => {
    const world = await createTenantWorld('acme', { modules: ['sla'] })
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
    clock.now = () => new Date('2026-03-02T09:00:00Z')
    const ticket = await asTenant(world, () =>
      tickets.open({
        subject: 'Klockan',
        channel: 'phone',
        answeringPointId: world.point.id,
        contactId: null,
      })
    )

    clock.now = () => new Date('2026-03-02T09:15:00Z')
    const list = await client.get('/tickets').header('Host', world.host).loginAs(world.agent)
    list.assertStatus(200)
    list.assertTextIncludes('data-sla-state="ok"')
    list.assertTextIncludes('45 min')

    clock.now = () => new Date('2026-03-02T09:40:00Z')
    const page = await client
      .get(`/tickets/${ticket.number}`)
      .header('Host', world.host)
      .loginAs(world.agent)
    page.assertTextIncludes('data-sla-state="warning"')
    page.assertTextIncludes('20 min')
    page.assertTextIncludes('Servicenivå')
    page.assertTextIncludes('Regel: Standard')

    clock.now = () => new Date('2026-03-02T10:05:00Z')
    const late = await client
      .get(`/tickets/${ticket.number}`)
      .header('Host', world.host)
      .loginAs(world.agent)
    late.assertTextIncludes('data-sla-state="breached"')
    late.assertTextIncludes('5 min')
  })

  test('take the pausing statuses from the settings and show unusable names', async ({
    client,
    assert,
  }) => {
    const world = await createTenantWorld('acme', { modules: ['sla'] })
    await pluginSettings.save(world.tenant.id, 'sla', null, {
      values: { pausing_statuses: 'pending, new, waiting, closed' },
      secrets: {},
    })
    await asTenant(world, () =>
      SlaPolicy.create({
        name: 'Standard',
        position: 1,
        active: true,
        resolutionMinutes: 60,
        calendar: 'always',
      })
    )
    clock.now = () => new Date('2026-03-02T09:00:00Z')
    const ticket = await asTenant(world, () =>
      tickets.open({ subject: 'Ny', channel: 'phone', answeringPointId: null, contactId: null })
    )
    const row = await asTenant(world, () => SlaClock.findByOrFail('ticket_id', ticket.id))
    assert.isTrue(row.paused, 'new pauses with these settings')

    const page = await client.get('/p/sla/policies').header('Host', world.host).loginAs(world.admin)
    page.assertTextIncludes('waiting, closed')
  })

  test('refuse a warning time longer than the shortest target, in Swedish and English', async ({
    client,
    assert,
  }) => {
    const world = await createTenantWorld('acme', { modules: ['sla'] })
    const post = () =>
      client
        .post('/p/sla/policies')
        .header('Host', world.host)
        .loginAs(world.admin)
        .withCsrfToken()
        .form({
          name: 'Snabb',
          calendar: 'always',
          first_response_minutes: '10',
          resolution_minutes: '240',
          warn_minutes: '100',
        })
        .redirects(0)

    const swedish = await post()
    swedish.assertStatus(302)
    assert.deepEqual(swedish.flashMessages().inputErrorsBag, {
      warn_minutes: ['Varningstiden får inte vara längre än det kortaste målet (10 minuter).'],
    })

    world.admin.locale = 'en'
    await asTenant(world, () => world.admin.save())
    const english = await post()
    assert.deepEqual(english.flashMessages().inputErrorsBag, {
      warn_minutes: ['The warning time may not be longer than the shortest target (10 minutes).'],
    })
    assert.lengthOf(await asTenant(world, () => SlaPolicy.all()), 0)
  })

  test('limit the SLA text inputs to the lengths the server accepts', async ({ client }) => {
    const world = await createTenantWorld('acme', { modules: ['sla'] })
    const form = await client
      .get('/p/sla/policies/create')
      .header('Host', world.host)
      .loginAs(world.admin)
    form.assertStatus(200)
    form.assertTextIncludes('maxlength="120"')

    const settings = await client
      .get('/admin/modules/sla/settings')
      .header('Host', world.host)
      .loginAs(world.admin)
    settings.assertStatus(200)
    settings.assertTextIncludes('maxlength="200"')
  })

  test('insert a new policy above the first catch-all and warn about unreachable ones', async ({
    client,
    assert,
  }) => {
    const world = await createTenantWorld('acme', { modules: ['sla'] })
    const post = (body: Record<string, unknown>) =>
      client
        .post('/p/sla/policies')
        .header('Host', world.host)
        .loginAs(world.admin)
        .withCsrfToken()
        .form({ active: '1', calendar: 'always', first_response_minutes: '60', ...body })
        .redirects(0)
    const names = async () =>
      (await asTenant(world, () => SlaPolicy.query().orderBy('position', 'asc'))).map((policy) => [
        policy.name,
        policy.position,
      ])

    await post({ name: 'Standard' })
    await post({ name: 'Brådskande', match_priority: 'urgent' })
    await post({ name: 'Support', match_answering_point_id: String(world.point.id) })
    assert.deepEqual(await names(), [
      ['Brådskande', 1],
      ['Support', 2],
      ['Standard', 3],
    ])

    /* A second catch-all goes last: above the first it would hide it. */
    await post({ name: 'Reserv' })
    assert.deepEqual(await names(), [
      ['Brådskande', 1],
      ['Support', 2],
      ['Standard', 3],
      ['Reserv', 4],
    ])

    const page = await client.get('/p/sla/policies').header('Host', world.host).loginAs(world.admin)
    page.assertTextIncludes('den första vars villkor alla stämmer på ett ärende gäller')
    page.assertTextIncludes('En regel står under en regel som gäller alla ärenden')
    page.assertTextIncludes('Svarsställe: Support')
    page.assertTextIncludes('Prioritet: Brådskande')
    assert.notMatch(page.text(), /Svarsställe\s+:/)
    const reserv = await asTenant(world, () => SlaPolicy.findByOrFail('name', 'Reserv'))
    assert.match(
      page.text(),
      new RegExp(`data-policy-id="${reserv.id}">[\\s\\S]*?Nås aldrig[\\s\\S]*?</th>`)
    )
    assert.equal(page.text().split('data-unreachable').length - 1, 1)
  })

  test('show time left over a day in hours and minutes in the list, badge and panel', async ({
    client,
    assert,
  }) => {
    const world = await createTenantWorld('acme', { modules: ['sla'] })
    await asTenant(world, () =>
      SlaPolicy.create({
        name: 'Långsam',
        position: 1,
        active: true,
        firstResponseMinutes: 40 * 60,
        calendar: 'always',
      })
    )
    clock.now = () => new Date('2026-03-02T09:00:00Z')
    const ticket = await asTenant(world, () =>
      tickets.open({
        subject: 'Länge',
        channel: 'phone',
        answeringPointId: world.point.id,
        contactId: null,
      })
    )

    clock.now = () => new Date('2026-03-02T09:04:00Z')
    const list = await client.get('/tickets').header('Host', world.host).loginAs(world.agent)
    list.assertTextIncludes('39 h 56 min')
    const page = await client
      .get(`/tickets/${ticket.number}`)
      .header('Host', world.host)
      .loginAs(world.agent)
    /* The badge and the panel. */
    assert.equal(page.text().split('39 h 56 min').length - 1, 2)
    for (const text of [list.text(), page.text()]) {
      assert.notInclude(text, '1 d 15 h')
    }
  })
})
