import hash from '@adonisjs/core/services/hash'
import type { Database } from '@adonisjs/lucid/database'

const STATUSES = ['new', 'open', 'open', 'pending', 'solved', 'closed', 'closed', 'closed']
const PRIORITIES = ['low', 'normal', 'normal', 'normal', 'high', 'urgent']

/**
 * Seeds the `bench` tenant used by the benchmark commands: answering
 * points, an admin and an agent, contacts and many tickets, inserted
 * in bulk. Runs once; a second call finds the tenant and returns.
 */
export class BenchSeedService {
  /**
   * Returns the bench tenant's id, seeding it first when missing.
   */
  async ensure(db: Database, tickets: number, log: (line: string) => void) {
    const existing = await db.from('tenants').where('slug', 'bench').first()
    if (existing) return existing.id as number

    const now = new Date()
    const stamp = now.toISOString().slice(0, 19).replace('T', ' ')
    const [tenantId] = await db.table('tenants').insert({
      slug: 'bench',
      name: 'Bench AB',
      default_locale: 'sv',
      time_zone: 'Europe/Stockholm',
      agents_see_all_points: false,
      last_ticket_number: tickets,
      active: true,
      created_at: stamp,
    })

    const pointIds: number[] = []
    for (const slug of ['support', 'sales', 'billing']) {
      const [id] = await db.table('answering_points').insert({
        tenant_id: tenantId,
        slug,
        name: slug,
        created_at: stamp,
      })
      pointIds.push(id)
    }

    const password = await hash.make('bench-pass')
    const userIds: number[] = []
    for (const role of ['admin', 'agent', 'supervisor']) {
      const [id] = await db.table('users').insert({
        tenant_id: tenantId,
        email: `${role}@bench.example`,
        full_name: `Bench ${role}`,
        password,
        role,
        active: true,
        created_at: stamp,
      })
      userIds.push(id)
      await db.table('answering_point_users').insert({
        tenant_id: tenantId,
        answering_point_id: pointIds[0],
        user_id: id,
      })
    }

    log('seeding contacts')
    const contactIds: number[] = []
    for (let start = 0; start < 5000; start += 500) {
      await db.transaction(async (trx) => {
        for (let i = start; i < start + 500; i++) {
          const [id] = await trx.table('contacts').insert({
            tenant_id: tenantId,
            name: `Kund ${i}`,
            legal_hold: false,
            created_at: stamp,
          })
          contactIds.push(id)
          await trx.table('contact_identities').insert({
            tenant_id: tenantId,
            contact_id: id,
            type: 'email',
            value: `kund${i}@example.com`,
            created_at: stamp,
          })
        }
      })
    }

    log(`seeding ${tickets} tickets`)
    const batch = 500
    for (let start = 0; start < tickets; start += batch) {
      const rows = []
      for (let n = start; n < Math.min(tickets, start + batch); n++) {
        const activity = new Date(now.getTime() - (tickets - n) * 60_000)
        rows.push({
          tenant_id: tenantId,
          number: n + 1,
          subject: `Ärende ${n + 1}: fråga om leverans`,
          status: STATUSES[n % STATUSES.length],
          priority: PRIORITIES[n % PRIORITIES.length],
          channel: 'email',
          answering_point_id: pointIds[n % pointIds.length],
          assignee_id: n % 4 === 0 ? userIds[1] : null,
          contact_id: contactIds[n % contactIds.length],
          legal_hold: false,
          last_activity_at: activity.toISOString().slice(0, 19).replace('T', ' '),
          created_at: stamp,
        })
      }
      await db.table('tickets').multiInsert(rows)
    }
    return tenantId as number
  }
}

export default new BenchSeedService()
