import { test } from '@japa/runner'
import testDatabase from '#tests/helpers/database'
import Message from '#models/message'
import Ticket from '#models/ticket'
import TicketEvent from '#models/ticket_event'
import ReplyQueued from '#events/reply_queued'
import tickets from '#services/ticket_service'
import CheckClocksJob from '#plugins/sla/jobs/check_clocks_job'
import SlaClock from '#plugins/sla/models/sla_clock'
import SlaPolicy from '#plugins/sla/models/sla_policy'
import clocks from '#plugins/sla/services/clock_service'
import { clock } from '#plugins/sla/services/clock'
import { asTenant, createTenantWorld, type TenantWorld } from '#tests/helpers/world'

const T0 = new Date('2026-03-02T09:00:00Z')
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000)

/** Moves the SLA clock and runs the real scheduled job once. */
async function runJobAt(at: Date) {
  clock.now = () => at
  const job = new CheckClocksJob()
  await job.execute()
}

async function policy(world: TenantWorld, values: Partial<SlaPolicy> = {}) {
  return asTenant(world, () =>
    SlaPolicy.create({
      name: 'Standard',
      position: 1,
      active: true,
      firstResponseMinutes: 60,
      nextResponseMinutes: 30,
      resolutionMinutes: 480,
      calendar: 'point',
      warnMinutes: 15,
      escalateNotify: true,
      escalateAssigneeId: null,
      escalateRaisePriority: false,
      ...values,
    })
  )
}

async function openTicket(world: TenantWorld, status: 'new' | 'pending' = 'new') {
  clock.now = () => T0
  return asTenant(world, () =>
    tickets.open({
      subject: 'Skrivaren',
      channel: 'phone',
      answeringPointId: world.point.id,
      contactId: null,
      status,
    })
  )
}

async function clocksOf(world: TenantWorld, ticket: Ticket) {
  return asTenant(world, () => SlaClock.query().where('ticket_id', ticket.id).orderBy('id', 'asc'))
}

async function historyOf(world: TenantWorld, ticket: Ticket) {
  const events = await asTenant(world, () =>
    TicketEvent.query().where('ticket_id', ticket.id).orderBy('id', 'asc')
  )
  return events.map((event) => event.action)
}

test.group('SLA | clocks and escalation', (group) => {
  group.each.setup(() => testDatabase.truncate())
  group.each.teardown(() => clock.reset())

  test('fire the warning before the breach, then escalate once', async ({ assert, client }) => {
    const world = await createTenantWorld('acme', { modules: ['sla'] })
    await policy(world, {
      escalateAssigneeId: world.supervisor.id,
      escalateRaisePriority: true,
    })
    const ticket = await openTicket(world)

    const [first, resolution] = await clocksOf(world, ticket)
    assert.equal(first.target, 'first_response')
    assert.equal(first.dueAt?.toUTC().toISO(), '2026-03-02T10:00:00.000Z')
    assert.equal(first.warnAt?.toUTC().toISO(), '2026-03-02T09:45:00.000Z')
    assert.equal(resolution.target, 'resolution')
    assert.equal(resolution.dueAt?.toUTC().toISO(), '2026-03-02T17:00:00.000Z')

    await runJobAt(minutes(44))
    assert.notInclude(await historyOf(world, ticket), 'sla.warning')

    await runJobAt(minutes(46))
    assert.deepInclude(await historyOf(world, ticket), 'sla.warning')
    const warned = await clocksOf(world, ticket)
    assert.isNotNull(warned[0].warnedAt)
    assert.isNull(warned[0].breachedAt)
    assert.isNull(warned[1].warnedAt)

    /* Running again changes nothing: one warning per clock. */
    await runJobAt(minutes(50))
    const afterRepeat = await historyOf(world, ticket)
    assert.lengthOf(
      afterRepeat.filter((action) => action === 'sla.warning'),
      1
    )

    await runJobAt(minutes(61))
    await runJobAt(minutes(62))
    const history = await historyOf(world, ticket)
    assert.lengthOf(
      history.filter((action) => action === 'sla.breached'),
      1
    )
    assert.lengthOf(
      history.filter((action) => action === 'sla.escalated'),
      1
    )

    const escalated = await asTenant(world, () => Ticket.findOrFail(ticket.id))
    assert.equal(escalated.assigneeId, world.supervisor.id)
    assert.equal(escalated.priority, 'high')
    const [breached] = await clocksOf(world, ticket)
    assert.equal(breached.outcome, 'breached')
    assert.equal(breached.settledAt?.toUTC().toISO(), '2026-03-02T10:00:00.000Z')

    /* The history says it in words. */
    const page = await client
      .get(`/tickets/${ticket.number}`)
      .header('Host', world.host)
      .loginAs(world.supervisor)
    page.assertTextIncludes('SLA-varning: första svar förfaller snart')
    page.assertTextIncludes('SLA överskriden: första svar')
    page.assertTextIncludes('SLA-eskalering för första svar')
  })

  test('escalate at the warning, before the breach, when the policy says so', async ({
    assert,
  }) => {
    const world = await createTenantWorld('acme', { modules: ['sla'] })
    await policy(world, {
      escalateOn: 'warning',
      escalateAssigneeId: world.supervisor.id,
      escalateRaisePriority: true,
    })
    const ticket = await openTicket(world)

    /* Warning time 09:45, deadline 10:00. */
    await runJobAt(minutes(46))
    const escalated = await asTenant(world, () => Ticket.findOrFail(ticket.id))
    assert.equal(escalated.assigneeId, world.supervisor.id)
    assert.equal(escalated.priority, 'high')
    const [first] = await clocksOf(world, ticket)
    assert.isNotNull(first.warnedAt)
    assert.isNull(first.breachedAt)
    assert.isNull(first.outcome)
    assert.deepEqual(
      (await historyOf(world, ticket)).filter((a) => a.startsWith('sla.')),
      ['sla.warning', 'sla.escalated']
    )

    /* The breach is recorded, and the actions do not run again. */
    await runJobAt(minutes(61))
    const history = (await historyOf(world, ticket)).filter((a) => a.startsWith('sla.'))
    assert.deepEqual(history, ['sla.warning', 'sla.escalated', 'sla.breached'])
    const after = await asTenant(world, () => Ticket.findOrFail(ticket.id))
    assert.equal(after.priority, 'high')
  })

  test('meet the first response with a reply and start the next on the customer answer', async ({
    assert,
  }) => {
    const world = await createTenantWorld('acme', { modules: ['sla'] })
    await policy(world)
    const ticket = await openTicket(world)

    clock.now = () => minutes(20)
    const reply = await asTenant(world, () =>
      Message.create({
        ticketId: ticket.id,
        type: 'outbound',
        channel: 'phone',
        authorId: world.agent.id,
        bodyText: 'Vi tittar på det',
      })
    )
    await ReplyQueued.dispatch(ticket, reply)
    const [first] = await clocksOf(world, ticket)
    assert.equal(first.outcome, 'met')
    assert.equal(first.agentId, world.agent.id)
    assert.equal(first.metAt?.toUTC().toISO(), '2026-03-02T09:20:00.000Z')

    /* No warning or breach for a met clock. */
    await runJobAt(minutes(120))
    assert.notInclude(await historyOf(world, ticket), 'sla.breached')

    clock.now = () => minutes(130)
    const { default: MessageReceived } = await import('#events/message_received')
    const inbound = await asTenant(world, () =>
      Message.create({ ticketId: ticket.id, type: 'inbound', channel: 'phone', bodyText: 'Tack' })
    )
    await MessageReceived.dispatch(ticket, inbound)
    const next = (await clocksOf(world, ticket)).find((row) => row.target === 'next_response')
    assert.equal(next?.dueAt?.toUTC().toISO(), '2026-03-02T11:40:00.000Z')
  })

  test('pause in a waiting status for days and resume with the time left', async ({ assert }) => {
    const world = await createTenantWorld('acme', { modules: ['sla'] })
    await policy(world, { firstResponseMinutes: null, resolutionMinutes: 120, calendar: 'always' })
    const ticket = await openTicket(world)

    clock.now = () => minutes(30)
    await asTenant(world, () => tickets.change(ticket, { status: 'pending' }, null))
    let [resolution] = await clocksOf(world, ticket)
    assert.isTrue(resolution.paused)
    assert.isNull(resolution.dueAt)
    assert.equal(resolution.consumedMs, 30 * 60_000)

    /* Nothing fires while paused, however late. */
    await runJobAt(minutes(3 * 24 * 60))
    assert.notInclude(await historyOf(world, ticket), 'sla.breached')

    clock.now = () => minutes(3 * 24 * 60)
    await asTenant(world, () => tickets.change(ticket, { status: 'open' }, null))
    ;[resolution] = await clocksOf(world, ticket)
    assert.isFalse(resolution.paused)
    assert.equal(resolution.dueAt?.toUTC().toISO(), '2026-03-05T10:30:00.000Z')

    clock.now = () => minutes(3 * 24 * 60 + 60)
    await asTenant(world, () => tickets.change(ticket, { status: 'solved' }, null))
    ;[resolution] = await clocksOf(world, ticket)
    assert.equal(resolution.outcome, 'met')
  })

  test('keep a breach through a pause and withdraw it for a longer target', async ({ assert }) => {
    const world = await createTenantWorld('acme', { modules: ['sla'] })
    const standard = await policy(world, {
      firstResponseMinutes: null,
      resolutionMinutes: 60,
      calendar: 'always',
    })
    const ticket = await openTicket(world)
    const due = '2026-03-02T10:00:00.000Z'

    /* Breached at 10:00; paused at 10:30, resumed at 11:30. */
    await runJobAt(minutes(70))
    clock.now = () => minutes(90)
    await asTenant(world, () => tickets.change(ticket, { status: 'pending' }, null))
    let [resolution] = await clocksOf(world, ticket)
    assert.equal(resolution.dueAt?.toUTC().toISO(), due)
    clock.now = () => minutes(150)
    await asTenant(world, () => tickets.change(ticket, { status: 'open' }, null))
    ;[resolution] = await clocksOf(world, ticket)
    assert.equal(resolution.dueAt?.toUTC().toISO(), due)
    assert.equal(resolution.outcome, 'breached')

    /* The policy now allows 4 hours: 1.5 h used (the paused hour does
       not count), so the breach is withdrawn and the clock runs
       2.5 h from 11:30, to 14:00. */
    await asTenant(world, async () => {
      standard.resolutionMinutes = 240
      await standard.save()
      await clocks.retargetPolicy(standard)
    })
    ;[resolution] = await clocksOf(world, ticket)
    assert.isNull(resolution.breachedAt)
    assert.isNull(resolution.outcome)
    assert.equal(resolution.dueAt?.toUTC().toISO(), '2026-03-02T14:00:00.000Z')
  })

  test('move open clocks to a new policy keeping the consumed time', async ({ assert }) => {
    const world = await createTenantWorld('acme', { modules: ['sla'] })
    await policy(world, {
      name: 'Urgent',
      position: 1,
      matchPriority: 'urgent',
      firstResponseMinutes: 30,
      calendar: 'always',
    })
    await policy(world, { name: 'Standard', position: 2, calendar: 'always' })
    const ticket = await openTicket(world)
    let [first] = await clocksOf(world, ticket)
    assert.equal(first.dueAt?.toUTC().toISO(), '2026-03-02T10:00:00.000Z')

    /* 20 minutes in, the ticket becomes urgent: 10 of 30 minutes left. */
    clock.now = () => minutes(20)
    await asTenant(world, () => tickets.change(ticket, { priority: 'urgent' }, null))
    ;[first] = await clocksOf(world, ticket)
    assert.equal(first.consumedMs, 20 * 60_000)
    assert.equal(first.dueAt?.toUTC().toISO(), '2026-03-02T09:30:00.000Z')
  })

  test('count around the clock for a tenant without the calendar module', async ({ assert }) => {
    const world = await createTenantWorld('acme', { modules: ['sla'] })
    await policy(world, { firstResponseMinutes: 24 * 60, calendar: 'point' })
    /* Friday evening: the base office hours would push this to Monday. */
    clock.now = () => new Date('2026-03-06T18:00:00Z')
    const ticket = await asTenant(world, () =>
      tickets.open({
        subject: 'Helg',
        channel: 'phone',
        answeringPointId: world.point.id,
        contactId: null,
      })
    )
    const [first] = await clocksOf(world, ticket)
    assert.equal(first.calendarKey, `point:${world.point.id}`)
    assert.equal(first.dueAt?.toUTC().toISO(), '2026-03-07T18:00:00.000Z')
  })

  test('leave tickets of tenants without the module alone', async ({ assert }) => {
    const world = await createTenantWorld('acme')
    await policy(world)
    const ticket = await openTicket(world)
    assert.lengthOf(await clocksOf(world, ticket), 0)
  })

  test('meet the first response when the agent replies and solves at once', async ({ assert }) => {
    const world = await createTenantWorld('acme', { modules: ['sla'] })
    await policy(world)
    clock.now = () => new Date()
    const ticket = await asTenant(world, () =>
      tickets.open({ subject: 'Snabbt', channel: 'phone', answeringPointId: null, contactId: null })
    )
    /* As the reply service does: message stored, status changed, then
       the reply announced. */
    const reply = await asTenant(world, () =>
      Message.create({
        ticketId: ticket.id,
        type: 'outbound',
        channel: 'phone',
        authorId: world.agent.id,
        bodyText: 'Löst',
      })
    )
    await asTenant(world, () => tickets.change(ticket, { status: 'solved' }, world.agent.id))
    await ReplyQueued.dispatch(ticket, reply)

    const [first, resolution] = await clocksOf(world, ticket)
    assert.equal(first.outcome, 'met')
    assert.equal(first.agentId, world.agent.id)
    assert.isNull(first.stoppedAt)
    assert.equal(resolution.outcome, 'met')
  })
})
