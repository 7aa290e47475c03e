/**
 * Data-subject export benchmark: the data part of an export (every
 * record of every class as JSON, no files) for a contact with 10,000
 * messages, compared with a bare SELECT of the same messages.
 *
 *   node --import @poppinss/ts-exec tests/benchmarks/export.ts [messages]
 *
 * It migrates a database of its own first (SQLITE_FILE, default
 * bench-export.sqlite3; or DB_CONNECTION=mysql DB_DATABASE=<scratch
 * db>), which it wipes: never point it at data you keep. Not a test;
 * it prints figures for docs/benchmarks.md. Target: at most 0.5 s.
 */
import 'reflect-metadata'
import { cpus, loadavg } from 'node:os'
import { bootBenchmark } from './boot.js'

const MESSAGES = Number(process.argv[2] ?? 10_000)
const PER_TICKET = 20
const RUNS = 7

const app = await bootBenchmark('bench-export.sqlite3')

const { default: db } = await import('@adonisjs/lucid/services/db')
const { default: Tenant } = await import('#models/tenant')
const { TenantContext } = await import('#services/tenant_context')
const { default: exporter } = await import('#services/privacy/subject_export_service')

const now = () => new Date().toISOString().slice(0, 19).replace('T', ' ')
const body = (n: number) =>
  `Hej! Det här är meddelande ${n} om beställningen. `.repeat(8) + '\nMed vänlig hälsning\nKim'

/**
 * One contact with MESSAGES messages over tickets of PER_TICKET, half
 * inbound (each with its raw record), with history entries; and a
 * second contact of the same size, so the export must pick its rows.
 */
async function seed(tenantId: number, email: string) {
  const [contactId] = await db
    .table('contacts')
    .insert({ tenant_id: tenantId, name: `Kund ${email}`, created_at: now() })
  await db.table('contact_identities').insert({
    tenant_id: tenantId,
    contact_id: contactId,
    type: 'email',
    value: email,
    created_at: now(),
  })
  const tenant = await Tenant.findOrFail(tenantId)
  for (let start = 0; start < MESSAGES; start += PER_TICKET) {
    tenant.lastTicketNumber += 1
    const [ticketId] = await db.table('tickets').insert({
      tenant_id: tenantId,
      number: tenant.lastTicketNumber,
      subject: `Beställning ${start}`,
      status: 'open',
      priority: 'normal',
      channel: 'email',
      contact_id: contactId,
      last_activity_at: now(),
      created_at: now(),
    })
    await db.table('ticket_events').insert({
      tenant_id: tenantId,
      ticket_id: ticketId,
      action: 'created',
      data: JSON.stringify({ channel: 'email' }),
      created_at: now(),
    })
    await db.transaction(async (trx) => {
      for (let n = start; n < start + PER_TICKET && n < MESSAGES; n++) {
        const inbound = n % 2 === 0
        let inboundId = null
        if (inbound) {
          ;[inboundId] = await trx.table('inbound_messages').insert({
            tenant_id: tenantId,
            channel: 'email',
            source: 'smtp',
            source_key: `sha256:${email}-${n}`,
            content_hash: `${email}-${n}`,
            raw_key: `t${tenantId}/raw/${email}-${n}`,
            size: 2048,
            status: 'processed',
            summary: JSON.stringify({ from: email, subject: `Beställning ${start}` }),
            received_at: now(),
          })
        }
        await trx.table('messages').insert({
          tenant_id: tenantId,
          ticket_id: ticketId,
          type: inbound ? 'inbound' : 'outbound',
          channel: 'email',
          contact_id: contactId,
          inbound_message_id: inboundId,
          from_name: inbound ? `Kund ${email}` : 'Agent',
          from_address: inbound ? email : 'support@acme.example',
          recipients: JSON.stringify({ to: [{ name: null, address: email }], cc: [] }),
          subject: `Beställning ${start}`,
          body_text: body(n),
          meta: JSON.stringify({ source: 'smtp', originalSubject: `Beställning ${start}` }),
          created_at: now(),
        })
      }
    })
  }
  await tenant.save()
  return Number(contactId)
}

try {
  const tenant = await Tenant.create({ slug: 'bench', name: 'Bench' })
  const seedStarted = performance.now()
  const contactId = await seed(tenant.id, 'kim@example.org')
  await seed(tenant.id, 'lena@example.net')
  const seedSeconds = (performance.now() - seedStarted) / 1000

  const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]
  const time = async (fn: () => Promise<unknown>) => {
    const started = performance.now()
    await fn()
    return (performance.now() - started) / 1000
  }

  /* Baseline: one raw SELECT of the same messages. */
  const bare = async () => {
    const rows = await db
      .from('messages')
      .where('tenant_id', tenant.id)
      .whereIn('ticket_id', (tickets) =>
        tickets.from('tickets').select('id').where('contact_id', contactId)
      )
    if (rows.length !== MESSAGES) throw new Error(`bare select found ${rows.length}`)
  }
  let records: Record<string, number> = {}
  let bytes = 0
  const exportData = () =>
    TenantContext.run(tenant.id, async () => {
      const { json, records: found } = await exporter.data(contactId)
      bytes = json.reduce((sum, part) => sum + part.text.length, 0)
      records = Object.fromEntries(
        found.classes.map((c) => [c.dataClass.id, c.rows.production.length + c.rows.archive.length])
      )
    })

  await bare()
  await exportData()
  const loadBefore = loadavg()[0]
  const bareTimes: number[] = []
  const exportTimes: number[] = []
  for (let run = 0; run < RUNS; run++) {
    bareTimes.push(await time(bare))
    exportTimes.push(await time(exportData))
  }
  const loadAfter = loadavg()[0]

  const connection = process.env.DB_CONNECTION ?? 'sqlite'
  const s = (value: number) => `${value.toFixed(3)} s`
  console.log(`machine: ${cpus().length} cores, node ${process.version}, database ${connection}`)
  console.log(
    `load average (1 min) ${loadBefore.toFixed(2)} before and ${loadAfter.toFixed(2)} after`
  )
  console.log(`seeded 2 contacts x ${MESSAGES} messages in ${seedSeconds.toFixed(1)} s`)
  console.log(`records exported: ${JSON.stringify(records)}, ${(bytes / 1e6).toFixed(1)} MB JSON`)
  console.log(
    `bare select of the messages: median ${s(median(bareTimes))}, ` +
      `best ${s(Math.min(...bareTimes))} (${RUNS} runs)`
  )
  console.log(
    `export data part: median ${s(median(exportTimes))}, ` +
      `best ${s(Math.min(...exportTimes))} (${RUNS} runs), target 0.500 s`
  )
} finally {
  await app.terminate()
}
