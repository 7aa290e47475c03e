import { test } from '@japa/runner'
import testDatabase from '#tests/helpers/database'
import Ticket from '#models/ticket'
import AnsweringPoint from '#models/answering_point'
import TicketPolicy from '#policies/ticket_policy'
import tickets from '#services/ticket_service'
import visibility from '#services/ticket_visibility_service'
import { asTenant, createTenantWorld, type TenantWorld } from '#tests/helpers/world'

/**
 * Support (everyone's point) and Sales (nobody's) with one ticket
 * each, one Sales ticket assigned to the agent and one without a
 * point.
 */
async function scene(world: TenantWorld) {
  return asTenant(world, async () => {
    const sales = await AnsweringPoint.create({ slug: 'sales', name: 'Sales' })
    const open = (subject: string, answeringPointId: number | null) =>
      tickets.open({ subject, channel: 'email', answeringPointId, contactId: null })

    await open('support', world.point.id)
    await open('sales', sales.id)
    await open('unsorted', null)
    const assigned = await open('sales assigned', sales.id)
    await tickets.change(assigned, { assigneeId: world.agent.id }, null)
    return { sales }
  })
}

async function visibleTo(world: TenantWorld, user: TenantWorld['agent']) {
  return asTenant(world, async () => {
    const rows = await visibility.visibleTickets(user, Ticket.query()).orderBy('id')
    return rows.map((ticket) => ticket.subject)
  })
}

test.group('Tickets | visibility', (group) => {
  group.each.setup(() => testDatabase.truncate())

  test('show agents and supervisors only the tickets of their points', async ({ assert }) => {
    const world = await createTenantWorld('alpha')
    await scene(world)

    assert.deepEqual(await visibleTo(world, world.agent), ['support', 'unsorted', 'sales assigned'])
    assert.deepEqual(await visibleTo(world, world.supervisor), ['support', 'unsorted'])
    assert.deepEqual(await visibleTo(world, world.admin), [
      'support',
      'sales',
      'unsorted',
      'sales assigned',
    ])
  })

  test('show every ticket when the tenant lets agents see all points', async ({ assert }) => {
    const world = await createTenantWorld('alpha')
    await scene(world)
    world.tenant.agentsSeeAllPoints = true
    await world.tenant.save()

    assert.lengthOf(await visibleTo(world, world.agent), 4)
    assert.isNull(await visibility.pointIdsFor(world.agent))
  })

  test('list the point ids a user may filter by', async ({ assert }) => {
    const world = await createTenantWorld('alpha')
    await scene(world)

    assert.deepEqual(await visibility.pointIdsFor(world.agent), [world.point.id])
    assert.isNull(await visibility.pointIdsFor(world.admin))
  })

  test('agree with the list in the policy for each ticket', async ({ assert }) => {
    const world = await createTenantWorld('alpha')
    await scene(world)
    const policy = new TicketPolicy()

    const all = await asTenant(world, () => Ticket.query().orderBy('id'))
    for (const user of [world.admin, world.supervisor, world.agent]) {
      const listed = await visibleTo(world, user)
      for (const ticket of all) {
        const expected = listed.includes(ticket.subject)
        assert.equal(await policy.view(user, ticket), expected, `${user.role} ${ticket.subject}`)
        assert.equal(await policy.update(user, ticket), expected)
      }
    }
  })

  test('never show another tenant ticket', async ({ assert }) => {
    const world = await createTenantWorld('alpha')
    const other = await createTenantWorld('beta')
    const foreign = await asTenant(other, () =>
      tickets.open({
        subject: 'theirs',
        channel: 'email',
        answeringPointId: null,
        contactId: null,
      })
    )

    assert.isFalse(await visibility.canSee(world.admin, foreign))
    assert.isFalse(await new TicketPolicy().view(world.agent, foreign))
    assert.deepEqual(await visibleTo(world, world.admin), [])
  })

  test('refuse changes by an inactive user', async ({ assert }) => {
    const world = await createTenantWorld('alpha')
    await scene(world)
    const ticket = await asTenant(world, () => Ticket.findByOrFail('subject', 'support'))
    world.agent.active = false

    assert.isTrue(await new TicketPolicy().view(world.agent, ticket))
    assert.isFalse(await new TicketPolicy().update(world.agent, ticket))
  })
})
