/**
 * `npm start`: the single-machine default. Creates `.env` with a fresh
 * app key when missing, migrates the embedded database and its archive,
 * seeds the demo tenant, then runs the web server and the worker side by side
 * and prints where to log in. Ctrl+C stops both.
 */
import { spawn, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { startDevOutbox } from './dev_outbox.js'

const root = fileURLToPath(new URL('../', import.meta.url))
const major = Number(process.versions.node.split('.')[0])
if (major < 24) {
  console.error(`eHelpdesk needs Node.js 24 or newer; this is ${process.version}.`)
  process.exit(1)
}

/* A fresh app key is written once; every later start reuses it. */
const envFile = `${root}.env`
if (!existsSync(envFile)) {
  copyFileSync(`${root}.env.example`, envFile)
  const key = randomBytes(32).toString('base64url')
  const text = readFileSync(envFile, 'utf8').replace(/^APP_KEY=.*$/m, `APP_KEY=${key}`)
  writeFileSync(envFile, text)
  console.log('created .env with a new APP_KEY')
}

const env = Object.fromEntries(
  readFileSync(envFile, 'utf8')
    .split('\n')
    .map((line) => line.match(/^\s*([A-Z0-9_]+)\s*=\s*(.*)\s*$/))
    .filter(Boolean)
    .map((match) => [match[1], match[2]])
)
const port = process.env.PORT ?? env.PORT ?? '3333'
const domain = process.env.APP_DOMAIN ?? env.APP_DOMAIN ?? 'localhost'
const smtpPort = process.env.SMTP_LISTEN_PORT ?? env.SMTP_LISTEN_PORT ?? '2525'
const mailDomain = process.env.MAIL_DOMAIN ?? env.MAIL_DOMAIN ?? `mail.${domain}`

function ace(args) {
  const result = spawnSync(process.execPath, ['ace', ...args], { cwd: root, stdio: 'inherit' })
  if (result.status !== 0) {
    console.error(`node ace ${args.join(' ')} failed`)
    process.exit(result.status ?? 1)
  }
}

/* Without a configured relay, outgoing mail lands in a local outbox. */
const relay = process.env.SMTP_HOST ?? env.SMTP_HOST
const outboxFolder = `${root}tmp/outbox`
const outbox = relay
  ? null
  : await startDevOutbox({ host: '127.0.0.1', port: 1025, folder: outboxFolder })

ace(['migration:run', '--force', '--compact-output'])
/* The archive is a second database that retention moves records into. */
ace(['migration:run', '--connection', 'archive', '--force', '--compact-output'])
ace(['db:seed', '--files', 'database/seeders/demo_seeder.ts'])

const children = [
  spawn(process.execPath, ['--import', '@poppinss/ts-exec', 'bin/server.ts'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, DEV_MODE: 'true', VITE_HMR: 'false' },
  }),
  spawn(process.execPath, ['ace', 'worker'], { cwd: root, stdio: 'inherit' }),
]

let stopping = false
function stop(code) {
  if (stopping) return
  stopping = true
  for (const child of children) child.kill('SIGTERM')
  outbox?.close()
  setTimeout(() => process.exit(code), 3000).unref()
}
for (const child of children) {
  child.on('exit', (code) => {
    if (!stopping) {
      console.error(`a process stopped (exit ${code}); stopping the rest`)
      stop(code ?? 1)
    }
  })
}
process.on('SIGINT', () => stop(0))
process.on('SIGTERM', () => stop(0))

/**
 * Where outgoing mail goes, for the banner.
 */
function outboxLine() {
  if (relay)
    return `  Outgoing mail (SMTP)    relay ${relay}:${process.env.SMTP_PORT ?? env.SMTP_PORT ?? 25}\n`
  if (outbox) return `  Outgoing mail           saved as .eml files in ${outboxFolder}\n`
  return '  Outgoing mail           to 127.0.0.1:1025 (a mail catcher already listens there)\n'
}

/* Print the URLs once the web server answers. */
const base = `http://127.0.0.1:${port}/health`
for (let attempt = 0; attempt < 120 && !stopping; attempt++) {
  try {
    const response = await fetch(base, { headers: { host: domain } })
    if (response.ok) break
  } catch {}
  await new Promise((resolve) => setTimeout(resolve, 500))
}
console.log(`
eHelpdesk is running.

  Agent UI (demo tenant)  http://demo.${domain}:${port}
    admin       admin@demo.localhost       demo-admin
    supervisor  supervisor@demo.localhost  demo-supervisor
    agent       agent@demo.localhost       demo-agent

  Platform console        http://${domain}:${port}
    operator    operator@localhost         demo-operator

  Email intake (SMTP)     127.0.0.1:${smtpPort}, to demo-support@${mailDomain}
${outboxLine()}
Press Ctrl+C to stop.
`)
