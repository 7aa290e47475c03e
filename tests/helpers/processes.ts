import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { request } from 'node:http'
import app from '@adonisjs/core/services/app'
import { freePort, waitForPort } from '#tests/helpers/ports'

/**
 * A minimal browser for an app process started by a test: keeps
 * cookies and sends the tenant's Host header.
 */
export function browser(port: number, host: string) {
  const jar = new Map<string, string>()
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ')

  const send = (method: string, path: string, form?: Record<string, string>) =>
    new Promise<{ status: number; body: string; location?: string }>((resolve, reject) => {
      const payload = form ? new URLSearchParams(form).toString() : undefined
      const req = request(
        {
          host: '127.0.0.1',
          port,
          method,
          path,
          headers: {
            Host: host,
            Cookie: cookie(),
            ...(payload
              ? {
                  'Content-Type': 'application/x-www-form-urlencoded',
                  'Content-Length': Buffer.byteLength(payload),
                }
              : {}),
          },
        },
        (res) => {
          for (const line of res.headers['set-cookie'] ?? []) {
            const [pair] = line.split(';')
            const eq = pair.indexOf('=')
            jar.set(pair.slice(0, eq), pair.slice(eq + 1))
          }
          let body = ''
          res.on('data', (chunk) => (body += chunk))
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body, location: res.headers.location })
          )
        }
      )
      req.on('error', reject)
      req.end(payload)
    })

  /* The CSRF token of the first form on a page. */
  const csrf = (html: string) => {
    const input = /<input[^>]*name=["']_csrf["'][^>]*>/.exec(html)?.[0] ?? ''
    return /value=["']([^"']+)["']/.exec(input)?.[1] ?? ''
  }
  return { send, csrf, cookie }
}

/**
 * Starts a process of the app with the given environment; its output
 * is kept for failure messages.
 */
export function startProcess(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, args, {
    cwd: app.appRoot.pathname,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (chunk) => (output += chunk))
  child.stderr?.on('data', (chunk) => (output += chunk))
  return { child, output: () => output }
}

/**
 * Stops a process with SIGTERM (SIGKILL after 10 s) and returns its
 * exit code.
 */
export async function stopProcess(child: ChildProcess) {
  if (child.exitCode !== null) return child.exitCode
  const exited = once(child, 'exit')
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
  const [code] = await exited
  clearTimeout(timer)
  return code as number | null
}

/**
 * Polls a check every 200 ms until it returns a truthy value.
 */
export async function until<T>(
  check: () => Promise<T | null | undefined | false>,
  timeoutMs = 20_000
) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const value = await check()
    if (value) return value
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  throw new Error(`condition not met within ${timeoutMs} ms`)
}

/**
 * A web process and a worker of the app, started as in development
 * (cookie sessions, the database queue, assets from Vite's middleware)
 * on free ports, with `env` added to both.
 */
export async function startApp(env: Record<string, string> = {}) {
  const { default: appEnv } = await import('#start/env')
  const webPort = await freePort()
  const smtpPort = await freePort()
  const shared = {
    NODE_ENV: 'development',
    SESSION_DRIVER: 'cookie',
    APP_KEY: appEnv.get('APP_KEY').release(),
    QUEUE_DRIVER: 'database',
    SMTP_LISTEN_PORT: String(smtpPort),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    ...env,
  }
  const web = startProcess(['--import', '@poppinss/ts-exec', 'bin/server.ts'], {
    ...shared,
    PORT: String(webPort),
    DEV_MODE: 'true',
  })
  const worker = startProcess(['ace', 'worker'], { ...shared, PORT: String(await freePort()) })
  const started = { web, worker, webPort, smtpPort }

  try {
    await waitForPort(webPort, '127.0.0.1', 30_000).catch((error) => {
      throw new Error(`${error.message}\n${web.output()}`)
    })
    await waitForPort(smtpPort, '127.0.0.1', 30_000).catch((error) => {
      throw new Error(`${error.message}\n${worker.output()}`)
    })
  } catch (error) {
    await stopProcess(web.child)
    await stopProcess(worker.child)
    throw error
  }
  return started
}
