/**
 * Retention benchmark: tickets past their period moved to the archive
 * (every message copied to the archive database, then deleted from
 * production) and, on a fresh copy of the same data, deleted outright;
 * each compared with bare set-based statements on the same connection.
 *
 *   node --import @poppinss/ts-exec tests/benchmarks/retention.ts [messages]
 *
 * It migrates databases of its own first (SQLITE_FILE, default
 * bench-retention.sqlite3, and its .archive twin; or
 * DB_CONNECTION=mysql DB_DATABASE=<scratch db> and <scratch db>_archive),
 * which it wipes: never point it at data you keep. Not a test; it prints
 * figures for docs/benchmarks.md. Targets: at least 20,000 messages/s
 * archived and 50,000 messages/s deleted.
 */
import 'reflect-metadata'
import { cpus, loadavg } from 'node:os'
import { bootBenchmark } from './boot.js'

const MESSAGES = Number(process.argv[2] ?? 100_000)
const PER_TICKET = 10
const SEED_CHUNK = 400
const ROUNDS = 3

const app = await bootBenchmark('bench-retention.sqlite3', ['archive'])

const { default: db } = await import('@adonisjs/lucid/services/db')
const { default: config } = await import('@adonisjs/core/services/config')
const { DateTime } = await import('luxon')
const { default: Tenant } = await import('#models/tenant')
const { default: retention } = await import('#services/retention/retention_service')
const { fixedClock, sqlTime } = await import('#services/retention/clock')
const { withSqlRunner, tableColumns } = await import('#services/retention/sql_runner')

const OLD = sqlTime(DateTime.utc().minus({ years: 3 }))
const clock = fixedClock(DateTime.utc())
const body = (n: number) =>
  `Hej! Det här är meddelande ${n} om beställningen. `.repeat(8) + '\nMed vänlig hälsning\nKim'

/**
 * MESSAGES messages in tickets of PER_TICKET, three years old, each
 * ticket with a history entry, written in multi-row inserts.
 */
async function seed(tenantId: number) {
  let number = (await db.from('tickets').where('tenant_id', tenantId).max('number as n'))[0].n ?? 0
  for (let start = 0; start < MESSAGES; start += SEED_CHUNK * PER_TICKET) {
    await db.transaction(async (trx) => {
      const tickets = []
      for (let t = 0; t < SEED_CHUNK && start + t * PER_TICKET < MESSAGES; t++) {
        tickets.push({
          tenant_id: tenantId,
          number: ++number,
          subject: `Beställning ${number}`,
          status: 'closed',
          priority: 'normal',
          channel: 'email',
          last_activity_at: OLD,
          created_at: OLD,
        })
      }
      await trx.table('tickets').multiInsert(tickets)
      const ids = await trx
        .from('tickets')
        .where('tenant_id', tenantId)
        .whereIn(
          'number',
          tickets.map((ticket) => ticket.number)
        )
        .select('id')
      const messages = []
      const events = []
      for (const { id } of ids) {
        events.push({
          tenant_id: tenantId,
          ticket_id: id,
          action: 'created',
          data: '{"channel":"email"}',
          created_at: OLD,
        })
        for (let m = 0; m < PER_TICKET; m++) {
          messages.push({
            tenant_id: tenantId,
            ticket_id: id,
            type: m % 2 ? 'outbound' : 'inbound',
            channel: 'email',
            from_name: 'Kund',
            from_address: 'kund@example.se',
            recipients: '{"to":[{"address":"support@acme.example"}]}',
            subject: `Beställning ${id}`,
            body_text: body(m),
            created_at: OLD,
          })
        }
      }
      for (let at = 0; at < messages.length; at += 400) {
        await trx.table('messages').multiInsert(messages.slice(at, at + 400))
      }
      await trx.table('ticket_events').multiInsert(events)
    })
  }
}

async function count(table: string, connection?: string) {
  const [row] = await db.connection(connection).from(table).count('* as total')
  return Number(row.total)
}

async function wipeArchive() {
  for (const table of ['tickets', 'messages', 'ticket_events']) {
    await db.connection('archive').from(table).delete()
  }
}

const time = async (fn: () => Promise<unknown>) => {
  const started = performance.now()
  await fn()
  return (performance.now() - started) / 1000
}

/**
 * The floor: one REPLACE ... SELECT per table into the archive, then
 * one DELETE per table, over the whole data set.
 */
async function bareArchive(tenantId: number, archive: boolean) {
  const tables = ['tickets', 'messages', 'ticket_events']
  const columns = new Map<string, string>()
  for (const table of tables) {
    columns.set(table, (await tableColumns(table)).map((c) => `\`${c}\``).join(', '))
  }
  await withSqlRunner(
    async (runner) => {
      if (archive) {
        await runner.transaction(async () => {
          for (const table of tables) {
            const list = columns.get(table)!
            await runner.run(
              `replace into ${runner.archive}.\`${table}\` (${list}, \`archived_at\`) ` +
                `select ${list}, ? from \`${table}\` where \`tenant_id\` = ?`,
              [sqlTime(clock.now()), tenantId]
            )
          }
        })
      }
      await runner.transaction(async () => {
        for (const table of [...tables].reverse()) {
          await runner.run(`delete from \`${table}\` where \`tenant_id\` = ?`, [tenantId])
        }
      })
    },
    { noForeignKeys: true }
  )
}

try {
  const tenant = await Tenant.create({ slug: 'bench', name: 'Bench' })
  const connection = process.env.DB_CONNECTION ?? 'sqlite'
  const batch = config.get<number>('privacy.batchSize')
  const loadBefore = loadavg()[0]
  const timings: Record<string, number[]> = {
    'engine archive': [],
    'bare REPLACE..SELECT + DELETE': [],
    'engine delete': [],
    'bare DELETE': [],
  }
  let seedSeconds = 0

  for (let round = 0; round < ROUNDS; round++) {
    /* Archive through the engine. */
    await wipeArchive()
    seedSeconds = await time(() => seed(tenant.id))
    timings['engine archive'].push(
      await time(() => retention.run(tenant.id, { clock, only: ['tickets'] }))
    )
    const archived = await count('messages', 'archive')
    if (archived !== MESSAGES || (await count('messages')) !== 0) {
      throw new Error(`archive moved ${archived} of ${MESSAGES}`)
    }

    /* The same with bare statements. */
    await wipeArchive()
    await seed(tenant.id)
    timings['bare REPLACE..SELECT + DELETE'].push(await time(() => bareArchive(tenant.id, true)))

    /* Delete through the engine (the tickets class set to delete). */
    await seed(tenant.id)
    timings['engine delete'].push(
      await time(() =>
        retention.run(tenant.id, { clock, only: ['tickets'], actions: { tickets: 'delete' } })
      )
    )
    if ((await count('messages')) !== 0) throw new Error('delete left messages behind')

    await seed(tenant.id)
    timings['bare DELETE'].push(await time(() => bareArchive(tenant.id, false)))
  }

  const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]
  const rate = (seconds: number) => Math.round(MESSAGES / seconds).toLocaleString('en')
  console.log(`machine: ${cpus().length} cores, node ${process.version}, database ${connection}`)
  console.log(
    `load average (1 min) ${loadBefore.toFixed(2)} before, ${loadavg()[0].toFixed(2)} after`
  )
  console.log(`batch: ${batch} tickets (${batch * PER_TICKET} messages) per statement`)
  console.log(
    `seeded ${MESSAGES} messages in ${MESSAGES / PER_TICKET} tickets in ` +
      `${seedSeconds.toFixed(1)} s`
  )
  for (const [name, values] of Object.entries(timings)) {
    const best = Math.min(...values)
    console.log(
      `${name}: median ${median(values).toFixed(2)} s = ${rate(median(values))} msg/s, ` +
        `best ${best.toFixed(2)} s = ${rate(best)} msg/s ` +
        `(rounds: ${values.map((v) => v.toFixed(2)).join(', ')} s)`
    )
  }
} finally {
  await app.terminate()
}
