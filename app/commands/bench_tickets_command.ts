import http from 'node:http'
import { spawn } from 'node:child_process'
import { existsSync, rmSync } from 'node:fs'
import { performance } from 'node:perf_hooks'
import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/**
 * Benchmarks the ticket list page at scale: seeds a `bench` tenant
 * with many tickets (once), starts a production-mode web server, logs
 * in as an agent and times sequential page loads against a bare
 * baseline route. Prints p50/p95/p99 and the ratio to the baseline.
 */
export default class BenchTicketsCommand extends BaseCommand {
  static commandName = 'bench:tickets'
  static description = 'Time the ticket list page with many tickets'
  static options: CommandOptions = { startApp: true }

  @flags.number({ description: 'Tickets to seed', default: 100_000 })
  declare tickets: number

  @flags.number({ description: 'Timed requests per scenario', default: 300 })
  declare requests: number

  @flags.number({ description: 'Port for the benchmark server', default: 3390 })
  declare port: number

  async run() {
    const { default: db } = await import('@adonisjs/lucid/services/db')
    const { default: seeder } = await import('#services/bench_seed_service')

    const tenantId = await seeder.ensure(db, this.tickets, (line) => this.logger.info(line))
    /* A production build, as it would run: compiled JavaScript and
       built assets, no TypeScript loader in the request path. */
    const hadAssets = existsSync(this.app.makePath('public/assets'))
    await this.#exec(process.execPath, ['ace', 'build'])
    if (!hadAssets) rmSync(this.app.makePath('public/assets'), { recursive: true, force: true })

    const { default: env } = await import('#start/env')
    const { default: config } = await import('#config/database')
    const connection = config.connections[config.connection] as any
    const server = spawn(process.execPath, ['bin/server.js'], {
      cwd: this.app.makePath('build'),
      env: {
        ...process.env,
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        PORT: String(this.port),
        LOG_LEVEL: 'error',
        APP_KEY: env.get('APP_KEY').release(),
        SESSION_DRIVER: 'cookie',
        SQLITE_FILE: connection.connection.filename ?? '',
        STORAGE_PATH: this.app.makePath(env.get('STORAGE_PATH', 'storage')),
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    })

    try {
      const base = `http://127.0.0.1:${this.port}`
      await this.#waitFor(`${base}/health`)
      const cookie = await this.#login(base, 'bench.localhost', 'agent@bench.example', 'bench-pass')
      const host = 'bench.localhost'

      const older = await this.#olderPage(`${base}/tickets`, host, cookie, 20)
      const scenarios: [string, string, string | null][] = [
        ['baseline GET /health', '/health', null],
        ['ticket list, first page', '/tickets', cookie],
        ['ticket list, status open', '/tickets?status=open', cookie],
        ['ticket list, 20 pages back', older, cookie],
        ['ticket list, assigned to me', '/tickets?assignee=me', cookie],
      ]
      const rows: string[] = []
      let baselineP95 = 0
      for (const [name, path, auth] of scenarios) {
        const times = await this.#time(`${base}${path}`, host, auth)
        const [p50, p95, p99] = [0.5, 0.95, 0.99].map((q) => quantile(times, q))
        if (!auth) baselineP95 = p95
        const ratio = baselineP95 ? (p95 / baselineP95).toFixed(1) : '-'
        rows.push(
          `${name.padEnd(30)} p50 ${ms(p50)}  p95 ${ms(p95)}  p99 ${ms(p99)}  ` +
            `p95/baseline ${ratio}x`
        )
      }

      this.logger.log(`tenant ${tenantId}: ${this.tickets} tickets, ${this.requests} requests each`)
      for (const row of rows) this.logger.log(row)
    } finally {
      server.kill('SIGTERM')
    }
  }

  async #time(url: string, host: string, cookie: string | null) {
    const headers: Record<string, string> = { host }
    if (cookie) headers.cookie = cookie
    /* Warm-up requests are not counted. */
    for (let i = 0; i < 20; i++) await request(url, { headers })

    const times: number[] = []
    for (let i = 0; i < this.requests; i++) {
      const start = performance.now()
      const response = await request(url, { headers })
      if (response.status !== 200) throw new Error(`${url} answered ${response.status}`)
      times.push(performance.now() - start)
    }
    return times
  }

  /**
   * Follows the list's "older" link `pages` times and returns the
   * path of the page reached, so deep pages are timed as users see
   * them.
   */
  async #olderPage(url: string, host: string, cookie: string, pages: number) {
    let path = '/tickets'
    for (let i = 0; i < pages; i++) {
      const page = await request(url.replace('/tickets', path), { headers: { host, cookie } })
      const next = page.body.match(/href="([^"]*older=[^"]*)"/)?.[1]
      if (!next) break
      path = next.replaceAll('&amp;', '&')
    }
    return path
  }

  async #login(base: string, host: string, email: string, password: string) {
    const page = await request(`${base}/login`, { headers: { host } })
    const token = page.body.match(/name=['"]_csrf['"] value=['"]([^'"]+)['"]/)?.[1]
    const jar = cookiesOf(page.cookies)
    const response = await request(`${base}/login`, {
      method: 'POST',
      headers: { host, 'cookie': jar, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: token ?? '', email, password }).toString(),
    })
    if (response.status !== 302 || response.headers.location?.includes('login')) {
      throw new Error(`login as ${email} failed (${response.status})`)
    }
    return mergeCookies(jar, cookiesOf(response.cookies))
  }

  async #waitFor(url: string) {
    for (let i = 0; i < 120; i++) {
      try {
        if ((await request(url, { headers: { host: 'localhost' } })).status === 200) return
      } catch {}
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
    throw new Error(`server did not answer on ${url}`)
  }

  #exec(command: string, args: string[]) {
    return new Promise<void>((resolve, reject) => {
      const child = spawn(command, args, { cwd: this.app.makePath(), stdio: 'inherit' })
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${code}`))))
    })
  }
}

function quantile(values: number[], q: number) {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]
}

function ms(value: number) {
  return `${value.toFixed(2).padStart(7)} ms`
}

function cookiesOf(setCookie: string[]) {
  return setCookie.map((cookie) => cookie.split(';')[0]).join('; ')
}

interface BenchResponse {
  status: number
  headers: http.IncomingHttpHeaders
  cookies: string[]
  body: string
}

/**
 * One HTTP request over a keep-alive agent. node:http is used because
 * fetch does not let a caller set the Host header.
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
function request(
  url: string,
  options: { method?: string; headers: Record<string, string>; body?: string }
) {
  return new Promise<BenchResponse>((resolve, reject) => {
    const req = http.request(
      url,
      { method: options.method ?? 'GET', headers: options.headers, agent },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk) => chunks.push(chunk))
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            cookies: res.headers['set-cookie'] ?? [],
            body: Buffer.concat(chunks).toString('utf8'),
          })
        )
      }
    )
    req.on('error', reject)
    if (options.body) req.end(options.body)
    else req.end()
  })
}

function mergeCookies(...jars: string[]) {
  const map = new Map<string, string>()
  for (const pair of jars.join('; ').split('; ').filter(Boolean)) {
    const [name] = pair.split('=')
    map.set(name, pair)
  }
  return [...map.values()].join('; ')
}
