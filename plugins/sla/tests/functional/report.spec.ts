import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import testDatabase from '#tests/helpers/database'
import AnsweringPoint from '#models/answering_point'
import tickets from '#services/ticket_service'
import SlaClock from '#plugins/sla/models/sla_clock'
import SlaPolicy, { type SlaTarget } from '#plugins/sla/models/sla_policy'
import { asTenant, createTenantWorld, type TenantWorld } from '#tests/helpers/world'

/**
 * Seven settled clocks in March 2026 (Stockholm time), one just after
 * and one stopped without an outcome. Hand-counted:
 *
 *   policy  Guld: 1 2 8 met, 3 breached      -> 3 / 1 / 4  75.0
 *           Silver: 4 met, 5 6 breached      -> 1 / 2 / 3  33.3
 *   point   Support: 1 2 8 met               -> 3 / 0 / 3 100.0
 *           Sälj: 4 met, 3 5 6 breached      -> 1 / 3 / 4  25.0
 *   agent   agent: 1 2 4 8 met               -> 4 / 0 / 4 100.0
 *           supervisor: 3 5 breached         -> 0 / 2 / 2   0.0
 *           none: 6 breached                 -> 0 / 1 / 1   0.0
 */
async function seed(world: TenantWorld) {
  return asTenant(world, async () => {
    const sales = await AnsweringPoint.create({ slug: 'salj', name: 'Sälj' })
    const gold = await SlaPolicy.create({ name: 'Guld', position: 1, calendar: 'always' })
    const silver = await SlaPolicy.create({ name: 'Silver', position: 2, calendar: 'always' })
    const ticket = await tickets.open({
      subject: 'Rapport',
      channel: 'phone',
      answeringPointId: world.point.id,
      contactId: null,
    })
    const support = world.point.id
    const agent = world.agent.id
    const supervisor = world.supervisor.id
    const rows: [SlaTarget, SlaPolicy, number, number | null, 'met' | 'breached' | null, string][] =
      [
        ['first_response', gold, support, agent, 'met', '2026-03-02T10:00:00Z'],
        ['resolution', gold, support, agent, 'met', '2026-03-05T10:00:00Z'],
        ['first_response', gold, sales.id, supervisor, 'breached', '2026-03-10T10:00:00Z'],
        ['first_response', silver, sales.id, agent, 'met', '2026-03-11T10:00:00Z'],
        ['next_response', silver, sales.id, supervisor, 'breached', '2026-03-20T10:00:00Z'],
        /* 23:30 on 31 March in Stockholm: inside. */
        ['resolution', silver, sales.id, null, 'breached', '2026-03-31T21:30:00Z'],
        /* 00:30 on 1 April in Stockholm: outside. */
        ['first_response', gold, support, agent, 'met', '2026-03-31T22:30:00Z'],
        /* 00:30 on 1 March in Stockholm: inside. */
        ['first_response', gold, support, agent, 'met', '2026-02-28T23:30:00Z'],
        /* Stopped (solved before a reply was due): no outcome, not counted. */
        ['first_response', gold, support, agent, null, '2026-03-15T10:00:00Z'],
      ]
    for (const [target, policy, pointId, agentId, outcome, at] of rows) {
      const settled = DateTime.fromISO(at, { zone: 'utc' })
      await SlaClock.create({
        ticketId: ticket.id,
        policyId: policy.id,
        target,
        calendarKey: 'always',
        targetMs: 3_600_000,
        since: settled,
        startedAt: settled,
        paused: true,
        outcome,
        settledAt: outcome ? settled : null,
        stoppedAt: outcome ? null : settled,
        metAt: outcome === 'met' ? settled : null,
        answeringPointId: pointId,
        agentId,
      })
    }
  })
}

/**
 * The rows of a CSV without quoted fields, after its byte-order mark.
 */
function parseCsv(text: string, delimiter: string) {
  return text
    .replace(/^\uFEFF/, '')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.split(delimiter))
}

test.group('SLA | report', (group) => {
  group.each.setup(() => testDatabase.truncate())

  test('download a Swedish CSV with semicolons and decimal commas as hand-counted', async ({
    client,
    assert,
  }) => {
    const world = await createTenantWorld('acme', { modules: ['sla'] })
    world.tenant.timeZone = 'Europe/Stockholm'
    world.tenant.defaultLocale = 'sv'
    await world.tenant.save()
    await seed(world)

    const response = await client
      .get('/p/sla/report/csv?from=2026-03-01&to=2026-03-31')
      .header('Host', world.host)
      .loginAs(world.supervisor)
    response.assertStatus(200)
    assert.include(response.header('content-type'), 'text/csv')
    assert.include(response.header('content-disposition'), 'sla-2026-03-01-2026-03-31.csv')
    const text = response.text()
    assert.isTrue(text.startsWith('\uFEFF'), 'starts with a UTF-8 byte-order mark')
    assert.deepEqual(parseCsv(text, ';'), [
      ['Gruppering', 'Namn', 'Uppfyllda', 'Överskridna', 'Totalt', 'Andel uppfyllda (%)'],
      ['Regel', 'Guld', '3', '1', '4', '75,0'],
      ['Regel', 'Silver', '1', '2', '3', '33,3'],
      ['Svarsställe', 'Support', '3', '0', '3', '100,0'],
      ['Svarsställe', 'Sälj', '1', '3', '4', '25,0'],
      ['Handläggare', 'agent acme', '4', '0', '4', '100,0'],
      ['Handläggare', 'supervisor acme', '0', '2', '2', '0,0'],
      ['Handläggare', '(inget)', '0', '1', '1', '0,0'],
    ])
  })

  test('write the CSV with commas and decimal points in English', async ({ client, assert }) => {
    const world = await createTenantWorld('acme', { modules: ['sla'] })
    world.tenant.timeZone = 'Europe/Stockholm'
    world.tenant.defaultLocale = 'en'
    await world.tenant.save()
    await seed(world)

    const response = await client
      .get('/p/sla/report/csv?from=2026-03-01&to=2026-03-31')
      .header('Host', world.host)
      .loginAs(world.supervisor)
    response.assertStatus(200)
    const text = response.text()
    assert.isTrue(text.startsWith('\uFEFF'), 'starts with a UTF-8 byte-order mark')
    const rows = parseCsv(text, ',')
    assert.deepEqual(rows[0], ['Grouping', 'Name', 'Met', 'Breached', 'Total', 'Share met (%)'])
    assert.deepEqual(rows[1], ['Policy', 'Guld', '3', '1', '4', '75.0'])
    assert.deepEqual(rows[2], ['Policy', 'Silver', '1', '2', '3', '33.3'])
    assert.deepEqual(rows[7], ['Agent', '(none)', '0', '1', '1', '0.0'])
    assert.lengthOf(rows, 8)
  })

  test('show the same figures as a table for the period', async ({ client, assert }) => {
    const world = await createTenantWorld('acme', { modules: ['sla'] })
    world.tenant.timeZone = 'Europe/Stockholm'
    await world.tenant.save()
    await seed(world)

    const response = await client
      .get('/p/sla/report?from=2026-03-01&to=2026-03-31')
      .header('Host', world.host)
      .loginAs(world.admin)
    response.assertStatus(200)
    response.assertTextIncludes('75,0 %')
    response.assertTextIncludes('33,3 %')
    response.assertTextIncludes('25,0 %')
    response.assertTextIncludes('0,0 %')
    assert.notInclude(response.text(), '0.0 %')
  })

  test('refuse the report to agents and link no SLA page a user may not open', async ({
    client,
    assert,
  }) => {
    const world = await createTenantWorld('acme', { modules: ['sla'] })
    const asAgent = await client
      .get('/p/sla/report')
      .header('Host', world.host)
      .loginAs(world.agent)
    asAgent.assertStatus(403)
    asAgent.assertTextIncludes('Åtkomst nekad')

    /* No links to SLA pages a user may not open. */
    const agentList = await client.get('/tickets').header('Host', world.host).loginAs(world.agent)
    assert.notInclude(agentList.text(), 'href="/p/sla/')
    const asSupervisor = await client
      .get('/p/sla/report')
      .header('Host', world.host)
      .loginAs(world.supervisor)
    asSupervisor.assertStatus(200)
    assert.include(asSupervisor.text(), 'href="/p/sla/report"')
    assert.notInclude(asSupervisor.text(), 'href="/p/sla/policies"')
  })

  test('show a reversed or nonsense period on the report page with the dates as typed', async ({
    client,
  }) => {
    const world = await createTenantWorld('acme', { modules: ['sla'] })
    const reversed = await client
      .get('/p/sla/report?from=2026-03-31&to=2026-03-01')
      .header('Host', world.host)
      .loginAs(world.admin)
      .redirects(0)
    reversed.assertStatus(422)
    reversed.assertTextIncludes('Till-datumet får inte vara före från-datumet.')
    reversed.assertTextIncludes('value="2026-03-31"')
    reversed.assertTextIncludes('value="2026-03-01"')

    const nonsense = await client
      .get('/p/sla/report?from=2026-13-45&to=2026-03-01')
      .header('Host', world.host)
      .loginAs(world.supervisor)
      .redirects(0)
    nonsense.assertStatus(422)
    nonsense.assertTextIncludes('Ange ett datum som ÅÅÅÅ-MM-DD, till exempel 2026-03-31.')
    nonsense.assertTextIncludes('value="2026-13-45"')

    world.admin.locale = 'en'
    await asTenant(world, () => world.admin.save())
    const english = await client
      .get('/p/sla/report?from=2026-03-31&to=2026-03-01')
      .header('Host', world.host)
      .loginAs(world.admin)
    english.assertStatus(422)
    english.assertTextIncludes('The to date may not be before the from date.')

    const csv = await client
      .get('/p/sla/report/csv?from=2026-03-31&to=2026-03-01')
      .header('Host', world.host)
      .loginAs(world.admin)
      .redirects(0)
    csv.assertStatus(302)
    csv.assertHeader('location', '/p/sla/report?from=2026-03-31&to=2026-03-01')
  })

  test('keep spreadsheet formulas in names from running', async ({ client, assert }) => {
    const world = await createTenantWorld('acme', { modules: ['sla'] })
    await asTenant(world, async () => {
      const policy = await SlaPolicy.create({
        name: '=HYPERLINK("http://evil.example")',
        position: 1,
        calendar: 'always',
      })
      const ticket = await tickets.open({
        subject: 'Formel',
        channel: 'phone',
        answeringPointId: null,
        contactId: null,
      })
      const at = DateTime.fromISO('2026-03-10T10:00:00Z', { zone: 'utc' })
      await SlaClock.create({
        ticketId: ticket.id,
        policyId: policy.id,
        target: 'first_response',
        calendarKey: 'always',
        targetMs: 60_000,
        since: at,
        startedAt: at,
        outcome: 'met',
        settledAt: at,
        metAt: at,
      })
    })
    const response = await client
      .get('/p/sla/report/csv?from=2026-03-01&to=2026-03-31')
      .header('Host', world.host)
      .loginAs(world.admin)
    assert.include(response.text(), `"'=HYPERLINK(""http://evil.example"")"`)
  })
})
