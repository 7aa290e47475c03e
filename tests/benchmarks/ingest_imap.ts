/**
 * Ingestion benchmark: IMAP fetch plus intake (parse, store, thread
 * into tickets) against a private Dovecot on loopback, compared with
 * a bare fetch of the same messages without intake.
 *
 *   node --import @poppinss/ts-exec tests/benchmarks/ingest_imap.ts [count]
 *
 * It migrates a database of its own first (SQLITE_FILE, default
 * bench-ingest.sqlite3; or DB_CONNECTION=mysql DB_DATABASE=<scratch db>),
 * which it wipes: never point it at data you keep. Files go to
 * tmp/bench-storage unless STORAGE_PATH says otherwise. Not a test;
 * it prints figures for docs/benchmarks.md.
 */
import 'reflect-metadata'
import { cpus, loadavg } from 'node:os'
import { bootBenchmark } from './boot.js'

const COUNT = Number(process.argv[2] ?? 2000)

const app = await bootBenchmark('bench-ingest.sqlite3')

const { default: logger } = await import('@adonisjs/core/services/logger')
const { default: Tenant } = await import('#models/tenant')
const { default: AnsweringPoint } = await import('#models/answering_point')
const { default: InboundMessage } = await import('#models/inbound_message')
const { default: Ticket } = await import('#models/ticket')
const { default: modules } = await import('#services/module_service')
const { TenantContext } = await import('#services/tenant_context')
const { default: Mailbox } = await import('#plugins/email/models/mailbox')
const { default: intake } = await import('#plugins/email/services/intake_service')
const { MailboxFetcher } = await import('#plugins/email/services/fetcher')
const { ImapClient } = await import('#plugins/email/services/imap_client')
const { newForwardToken } = await import('#plugins/email/services/mailbox_service')
const { startDovecot, dovecotBinary } = await import('#tests/helpers/dovecot')

if (!dovecotBinary()) {
  console.error('dovecot is not installed (apt-get install dovecot-imapd)')
  process.exit(1)
}

/**
 * A realistic mix: plain and HTML mail, replies that thread into
 * earlier conversations, and one in ten with a small attachment.
 */
function message(n: number) {
  const customer = n % 250
  const conversation = Math.floor(n / 4)
  const reply = n % 4 !== 0
  const headers = [
    `From: Customer ${customer} <customer${customer}@example.org>`,
    'To: Support <support@acme.example>',
    `Subject: ${reply ? 'Re: ' : ''}Order ${conversation} question`,
    `Date: Tue, 01 Dec 2026 10:${String(n % 60).padStart(2, '0')}:00 +0100`,
    `Message-ID: <m${n}@example.org>`,
    ...(reply ? [`In-Reply-To: <m${conversation * 4}@example.org>`] : []),
    'MIME-Version: 1.0',
  ]
  const text = `Hello,\r\n\r\nThis is message ${n} about order ${conversation}.\r\n`.repeat(12)
  if (n % 10 === 0) {
    const boundary = `b${n}`
    const attachment = Buffer.alloc(12_000, n % 256)
      .toString('base64')
      .replace(/.{76}/g, '$&\r\n')
    return [
      ...headers,
      `Content-Type: multipart/mixed; boundary="${boundary}"`,
      '',
      `--${boundary}`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      text,
      `--${boundary}`,
      `Content-Type: application/pdf; name="invoice-${n}.pdf"`,
      `Content-Disposition: attachment; filename="invoice-${n}.pdf"`,
      'Content-Transfer-Encoding: base64',
      '',
      attachment,
      `--${boundary}--`,
      '',
    ].join('\r\n')
  }
  if (n % 3 === 0) {
    return [
      ...headers,
      'Content-Type: text/html; charset=utf-8',
      '',
      `<html><body><p>${text.replace(/\r\n/g, '<br>')}</p></body></html>`,
      '',
    ].join('\r\n')
  }
  return [...headers, 'Content-Type: text/plain; charset=utf-8', '', text].join('\r\n')
}

const dovecot = await startDovecot()
try {
  await dovecot.addUser('bench', 'bench-pass')
  let bytes = 0
  const appendStarted = performance.now()
  for (let n = 0; n < COUNT; n++) {
    const raw = message(n)
    bytes += Buffer.byteLength(raw)
    await dovecot.append('bench', raw)
  }
  const appendSeconds = (performance.now() - appendStarted) / 1000

  /* Baseline: the same UIDs fetched in the same batches, no intake. */
  const bareStarted = performance.now()
  const client = await ImapClient.connect({
    host: dovecot.host,
    port: dovecot.port,
    tls: false,
    user: 'bench',
    password: 'bench-pass',
  })
  await client.openFolder('INBOX')
  const listed = await client.listFrom(1)
  let fetched = 0
  for (let i = 0; i < listed.length; i += 250) {
    const batch = listed.slice(i, i + 250).map((m) => m.uid)
    fetched += (await client.fetch(batch)).length
  }
  await client.close()
  const bareSeconds = (performance.now() - bareStarted) / 1000

  /* Full path: fetcher plus intake into a tenant's tickets. */
  const tenant = await Tenant.create({ slug: 'bench', name: 'Bench' })
  await modules.setEnabled(tenant.id, 'email', true)
  const mailbox = await TenantContext.run(tenant.id, async () => {
    const point = await AnsweringPoint.create({ slug: 'support', name: 'Support' })
    return Mailbox.create({
      answeringPointId: point.id,
      name: 'Support',
      address: 'support@acme.example',
      intake: 'imap',
      forwardToken: newForwardToken(),
      imapHost: dovecot.host,
      imapPort: dovecot.port,
      imapTls: false,
      imapUser: 'bench',
      imapPassword: Mailbox.seal('bench-pass'),
    })
  })
  const fetcher = new MailboxFetcher(tenant.id, mailbox.id, intake, { logger })
  /* Other processes move the figures: the load average is printed
     with them, and the main thread's own CPU time, which depends less
     on them. */
  const loadBefore = loadavg()[0]
  const fullStarted = performance.now()
  const fullCpu = process.threadCpuUsage()
  const report = await fetcher.syncOnce()
  const fullSeconds = (performance.now() - fullStarted) / 1000
  const cpuUsed = process.threadCpuUsage(fullCpu)
  const loadAfter = loadavg()[0]

  const [records, tickets] = await TenantContext.run(tenant.id, async () => [
    (await InboundMessage.query()).length,
    (await Ticket.query()).length,
  ])

  const bareRate = fetched / bareSeconds
  const fullRate = report.fetched / fullSeconds
  const connection = process.env.DB_CONNECTION ?? 'sqlite'
  console.log(`machine: ${cpus().length} cores, node ${process.version}, database ${connection}`)
  console.log(
    `load average (1 min) ${loadBefore.toFixed(2)} before and ${loadAfter.toFixed(2)} after`
  )
  const megabytes = (bytes / 1024 / 1024).toFixed(1)
  console.log(`messages: ${COUNT} (${megabytes} MB), appended in ${appendSeconds.toFixed(1)} s`)
  console.log(
    `bare fetch (node-imap, no intake): ${fetched} in ${bareSeconds.toFixed(2)} s = ` +
      `${bareRate.toFixed(0)} msg/s`
  )
  console.log(
    `fetch + intake: ${report.fetched} in ${fullSeconds.toFixed(2)} s = ` +
      `${fullRate.toFixed(0)} msg/s (${JSON.stringify(report.statuses)})`
  )
  const cpuMs = (cpuUsed.user + cpuUsed.system) / 1000
  console.log(
    `main thread cpu during fetch + intake: ${(cpuMs / 1000).toFixed(2)} s = ` +
      `${(cpuMs / report.fetched).toFixed(2)} ms per message`
  )
  console.log(`stored: ${records} inbound records, ${tickets} tickets`)
  console.log(
    `ratio: fetch + intake runs at ${((fullRate / bareRate) * 100).toFixed(1)} % of bare fetch`
  )
} finally {
  await dovecot.stop()
  await app.terminate()
}
