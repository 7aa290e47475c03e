import { test } from '@japa/runner'
import testDatabase from '#tests/helpers/database'
import AnsweringPoint from '#models/answering_point'
import User from '#models/user'
import { asTenant, createTenantWorld, type TenantWorld } from '#tests/helpers/world'
import { seedTicket } from './fixtures.js'

/** Ticket subjects in the order the list shows them. */
function subjects(html: string) {
  return [...html.matchAll(/class="ticket-subject"[^>]*>([^<]*)</g)].map(([, subject]) =>
    subject.replaceAll('&amp;', '&')
  )
}

function list(world: TenantWorld, user: User, qs: Record<string, string> = {}) {
  return (client: any) => client.get('/tickets').qs(qs).header('Host', world.host).loginAs(user)
}

test.group('Tickets | list', (group) => {
  group.each.setup(() => testDatabase.truncate())

  test('show the open tickets newest first', async ({ client, assert }) => {
    const world = await createTenantWorld('acme', { modules: ['email'] })
    await seedTicket(world, { subject: 'Äldre ärende', ageMinutes: 30 })
    await seedTicket(world, { subject: 'Nyare ärende', ageMinutes: 5, status: 'pending' })
    await seedTicket(world, { subject: 'Löst ärende', status: 'solved' })

    const response = await list(world, world.admin)(client)
    response.assertStatus(200)
    assert.deepEqual(subjects(response.text()), ['Nyare ärende', 'Äldre ärende'])
    assert.include(response.text(), '2 ärenden')
    assert.include(response.text(), '<span class="badge status-pending">Väntar</span>')
  })

  test('filter by a single status and by all statuses', async ({ client, assert }) => {
    const world = await createTenantWorld('acme', { modules: ['email'] })
    await seedTicket(world, { subject: 'Ny', ageMinutes: 3 })
    await seedTicket(world, { subject: 'Löst', status: 'solved', ageMinutes: 2 })
    await seedTicket(world, { subject: 'Stängd', status: 'closed', ageMinutes: 1 })

    const solved = await list(world, world.admin, { status: 'solved' })(client)
    assert.deepEqual(subjects(solved.text()), ['Löst'])
    const all = await list(world, world.admin, { status: 'all' })(client)
    assert.deepEqual(subjects(all.text()), ['Stängd', 'Löst', 'Ny'])
  })

  test('filter by answering point and by assignee', async ({ client, assert }) => {
    const world = await createTenantWorld('acme', { modules: ['email'] })
    const sales = await asTenant(world, () =>
      AnsweringPoint.create({ slug: 'sales', name: 'Försäljning' })
    )
    await seedTicket(world, { subject: 'Support mitt', assigneeId: world.agent.id, ageMinutes: 4 })
    await seedTicket(world, { subject: 'Support ledig', ageMinutes: 3 })
    await seedTicket(world, {
      subject: 'Sälj chefens',
      answeringPointId: sales.id,
      assigneeId: world.supervisor.id,
      ageMinutes: 2,
    })

    const bySales = await list(world, world.admin, { point: String(sales.id) })(client)
    assert.deepEqual(subjects(bySales.text()), ['Sälj chefens'])

    const mine = await list(world, world.agent, { assignee: 'me' })(client)
    assert.deepEqual(subjects(mine.text()), ['Support mitt'])

    const unassigned = await list(world, world.admin, { assignee: 'none' })(client)
    assert.deepEqual(subjects(unassigned.text()), ['Support ledig'])

    const bySupervisor = await list(world, world.admin, {
      assignee: String(world.supervisor.id),
    })(client)
    assert.deepEqual(subjects(bySupervisor.text()), ['Sälj chefens'])
  })

  test('search by subject and by ticket number', async ({ client, assert }) => {
    const world = await createTenantWorld('acme', { modules: ['email'] })
    await seedTicket(world, { subject: 'Fakturan är fel', ageMinutes: 3 })
    const second = await seedTicket(world, { subject: 'Leverans försenad', ageMinutes: 2 })
    await seedTicket(world, { subject: 'Rabatt 100% önskas', ageMinutes: 1 })

    const bySubject = await list(world, world.admin, { q: 'faktura' })(client)
    assert.deepEqual(subjects(bySubject.text()), ['Fakturan är fel'])

    const byNumber = await list(world, world.admin, { q: `#${second.number}` })(client)
    assert.deepEqual(subjects(byNumber.text()), ['Leverans försenad'])

    const first = await list(world, world.admin, { q: '1' })(client)
    assert.deepEqual(subjects(first.text()), ['Rabatt 100% önskas', 'Fakturan är fel'])

    const wildcard = await list(world, world.admin, { q: '100%' })(client)
    assert.deepEqual(subjects(wildcard.text()), ['Rabatt 100% önskas'])
  })

  test('page through the list by last activity', async ({ client, assert }) => {
    const world = await createTenantWorld('acme', { modules: ['email'] })
    for (let index = 1; index <= 53; index++) {
      await seedTicket(world, {
        subject: `Ärende ${index}`,
        ageMinutes: index,
        contactEmail: null,
      })
    }

    const first = await list(world, world.admin)(client)
    const firstPage = subjects(first.text())
    assert.lengthOf(firstPage, 50)
    assert.equal(firstPage[0], 'Ärende 1')
    assert.include(first.text(), '53 ärenden')

    const older = /href="([^"]*older=[^"]*)"/.exec(first.text())![1].replaceAll('&amp;', '&')
    const second = await client.get(older).header('Host', world.host).loginAs(world.admin)
    assert.deepEqual(subjects(second.text()), ['Ärende 51', 'Ärende 52', 'Ärende 53'])
    assert.notMatch(second.text(), /older=/)

    const newer = /href="([^"]*newer=[^"]*)"/.exec(second.text())![1].replaceAll('&amp;', '&')
    const back = await client.get(newer).header('Host', world.host).loginAs(world.admin)
    assert.deepEqual(subjects(back.text()), firstPage)
  })

  test('show agents and supervisors only their answering points', async ({ client, assert }) => {
    const world = await createTenantWorld('acme', { modules: ['email'] })
    const sales = await asTenant(world, () =>
      AnsweringPoint.create({ slug: 'sales', name: 'Försäljning' })
    )
    await seedTicket(world, { subject: 'Supportärende', ageMinutes: 2 })
    await seedTicket(world, { subject: 'Säljärende', answeringPointId: sales.id, ageMinutes: 1 })

    for (const user of [world.agent, world.supervisor]) {
      const response = await list(world, user)(client)
      assert.deepEqual(subjects(response.text()), ['Supportärende'])
      assert.notInclude(response.text(), 'Försäljning')
    }
    const admin = await list(world, world.admin)(client)
    assert.deepEqual(subjects(admin.text()), ['Säljärende', 'Supportärende'])

    world.tenant.agentsSeeAllPoints = true
    await world.tenant.save()
    const open = await list(world, world.agent)(client)
    assert.deepEqual(subjects(open.text()), ['Säljärende', 'Supportärende'])
  })

  test('list none of another tenant tickets', async ({ client, assert }) => {
    const world = await createTenantWorld('acme', { modules: ['email'] })
    const other = await createTenantWorld('globex', { modules: ['email'] })
    await seedTicket(world, { subject: 'Vårt ärende' })
    await seedTicket(other, { subject: 'Deras ärende' })

    const response = await list(world, world.admin, { status: 'all' })(client)
    assert.deepEqual(subjects(response.text()), ['Vårt ärende'])
    const search = await list(world, world.admin, { q: 'Deras' })(client)
    assert.deepEqual(subjects(search.text()), [])
  })

  test('send a logged-in user from the start page to the ticket list', async ({ client }) => {
    const world = await createTenantWorld('acme')
    const response = await client
      .get('/')
      .header('Host', world.host)
      .loginAs(world.agent)
      .redirects(0)
    response.assertStatus(302)
    response.assertHeader('location', '/tickets')
  })

  test('answer 404 for another ticket number than the tenant has', async ({ client }) => {
    const world = await createTenantWorld('acme', { modules: ['email'] })
    const other = await createTenantWorld('globex', { modules: ['email'] })
    await seedTicket(other)
    await seedTicket(other)
    const response = await client.get('/tickets/2').header('Host', world.host).loginAs(world.admin)
    response.assertStatus(404)
  })

  test('forbid an agent the page of a ticket in another answering point', async ({ client }) => {
    const world = await createTenantWorld('acme', { modules: ['email'] })
    const sales = await asTenant(world, () =>
      AnsweringPoint.create({ slug: 'sales', name: 'Försäljning' })
    )
    const ticket = await seedTicket(world, { answeringPointId: sales.id })
    const response = await client
      .get(`/tickets/${ticket.number}`)
      .header('Host', world.host)
      .loginAs(world.agent)
    response.assertStatus(403)
  })
})
