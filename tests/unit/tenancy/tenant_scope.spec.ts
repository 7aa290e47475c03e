import { test } from '@japa/runner'
import testDatabase from '#tests/helpers/database'
import Ticket from '#models/ticket'
import tickets from '#services/ticket_service'
import { TenantContext } from '#services/tenant_context'
import { asTenant, createTenantWorld } from '#tests/helpers/world'

test.group('Tenancy | model scope', (group) => {
  group.each.setup(() => testDatabase.truncate())

  test('return only the current tenant rows from every query', async ({ assert }) => {
    const a = await createTenantWorld('alpha')
    const b = await createTenantWorld('beta')
    const open = (world: typeof a) =>
      asTenant(world, () =>
        tickets.open({
          subject: `hello ${world.tenant.slug}`,
          channel: 'email',
          answeringPointId: world.point.id,
          contactId: null,
        })
      )
    const ticketA = await open(a)
    const ticketB = await open(b)

    const seenByA = await asTenant(a, () => Ticket.all())
    assert.deepEqual(
      seenByA.map((t) => t.subject),
      ['hello alpha']
    )
    assert.isNull(await asTenant(a, () => Ticket.find(ticketB.id)))
    assert.equal(ticketA.number, 1)
    assert.equal(ticketB.number, 1)
  })

  test('refuse tenant queries outside a tenant context', async ({ assert }) => {
    await assert.rejects(() => Ticket.all(), 'Tenant data accessed outside a tenant context')
  })

  test('refuse to save a row into another tenant', async ({ assert }) => {
    const a = await createTenantWorld('alpha')
    const b = await createTenantWorld('beta')
    const ticket = await asTenant(a, () =>
      tickets.open({ subject: 'x', channel: 'email', answeringPointId: null, contactId: null })
    )
    await assert.rejects(() =>
      TenantContext.run(b.tenant.id, async () => {
        ticket.subject = 'moved'
        await ticket.save()
      })
    )
  })

  test('number tickets sequentially per tenant', async ({ assert }) => {
    const a = await createTenantWorld('alpha')
    const numbers: number[] = []
    for (let i = 0; i < 3; i++) {
      const t = await asTenant(a, () =>
        tickets.open({ subject: 's', channel: 'email', answeringPointId: null, contactId: null })
      )
      numbers.push(t.number)
    }
    assert.deepEqual(numbers, [1, 2, 3])
  })
})
