import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import testDatabase from '#tests/helpers/database'
import Ticket from '#models/ticket'
import TicketEvent from '#models/ticket_event'
import tickets from '#services/ticket_service'
import SlaClock from '#plugins/sla/models/sla_clock'
import SlaPolicy from '#plugins/sla/models/sla_policy'
import { clock } from '#plugins/sla/services/clock'
import { startApp, stopProcess, until } from '#tests/helpers/processes'
import { asTenant, createTenantWorld } from '#tests/helpers/world'

const MINUTE = 60_000

test.group('SLA | escalation in the worker process', (group) => {
  group.each.setup(() => testDatabase.truncate())
  group.each.teardown(() => clock.reset())

  test('escalate before the breach through the scheduled check job', async ({ assert }) => {
    const world = await createTenantWorld('acme', { modules: ['sla'] })
    await asTenant(world, () =>
      SlaPolicy.create({
        name: 'Standard',
        position: 1,
        active: true,
        firstResponseMinutes: 60,
        calendar: 'always',
        warnMinutes: 15,
        escalateOn: 'warning',
        escalateNotify: true,
        escalateAssigneeId: world.supervisor.id,
        escalateRaisePriority: true,
      })
    )
    /* Opened 50 minutes ago: warned 5 minutes ago, due in 10. */
    clock.now = () => new Date(Date.now() - 50 * MINUTE)
    const ticket = await asTenant(world, () =>
      tickets.open({
        subject: 'Skrivaren',
        channel: 'phone',
        answeringPointId: world.point.id,
        contactId: null,
      })
    )
    clock.reset()

    const { web, worker } = await startApp()
    try {
      /* The worker registers the plugin's schedule; it is made due at
         once instead of a minute after start. */
      await until(() => db.from('queue_schedules').where('id', 'sla.check').first(), 20_000)
      await db
        .from('queue_schedules')
        .where('id', 'sla.check')
        .update({ next_run_at: new Date(Date.now() - 1000) })

      /* The history entry is written just before the ticket changes:
         wait for the change itself. */
      const after = await until(async () => {
        const row = await asTenant(world, () => Ticket.findOrFail(ticket.id))
        return row.assigneeId === world.supervisor.id ? row : null
      }, 20_000).catch((error) => {
        throw new Error(`${error.message}\n${worker.output()}`)
      })
      assert.equal(after.priority, 'high')
      const escalated = await asTenant(world, () =>
        TicketEvent.query().where('ticket_id', ticket.id).where('action', 'sla.escalated').first()
      )
      assert.deepInclude(escalated?.data, { target: 'first_response' })

      const [first] = await asTenant(world, () =>
        SlaClock.query().where('ticket_id', ticket.id).where('target', 'first_response')
      )
      assert.isNotNull(first.warnedAt)
      assert.isNull(first.breachedAt)
      assert.isTrue(first.dueAt!.toMillis() > Date.now())
    } finally {
      await stopProcess(web.child)
      const code = await stopProcess(worker.child)
      assert.equal(code, 0, worker.output())
    }
  }).timeout(90_000)
})
