import { randomUUID } from 'node:crypto'
import { request, type IncomingMessage } from 'node:http'
import { Socket } from 'node:net'
import { test } from '@japa/runner'
import nodemailer from 'nodemailer'
import testDatabase from '#tests/helpers/database'
import env from '#start/env'
import { createForwardMailbox, rawMail } from '#plugins/email/tests/helpers/mail'
import { browser, startApp, stopProcess, until } from '#tests/helpers/processes'
import { reportSkipped } from '#tests/helpers/skip'
import { createTenantWorld, PASSWORD } from '#tests/helpers/world'

const REDIS_PORT = env.get('REDIS_PORT', 6379)
const REDIS_HOST = env.get('REDIS_HOST', '127.0.0.1')

/**
 * Whether a Redis server answers on the configured address.
 */
async function redisAnswers() {
  const socket = new Socket()
  return new Promise<boolean>((resolve) => {
    socket.setTimeout(1000)
    socket.once('connect', () => socket.write('PING\r\n'))
    socket.once('data', (chunk) => resolve(chunk.toString().startsWith('+PONG')))
    socket.once('error', () => resolve(false))
    socket.once('timeout', () => resolve(false))
    socket.connect(REDIS_PORT, REDIS_HOST)
  }).finally(() => socket.destroy())
}

const hasRedis = await redisAnswers()
if (!hasRedis) reportSkipped('redis', `no Redis on ${REDIS_HOST}:${REDIS_PORT}`)

/**
 * Opens a transmit stream on a started web process, as EventSource
 * would, and collects its data lines.
 */
async function openStream(port: number, host: string, cookie: string, uid: string) {
  const frames: string[] = []
  const req = request({
    host: '127.0.0.1',
    port,
    path: `/__transmit/events?uid=${uid}`,
    headers: { host, cookie, accept: 'text/event-stream' },
  })
  req.end()
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    req.on('response', resolve)
    req.on('error', reject)
  })
  if (response.statusCode !== 200) throw new Error(`stream answered ${response.statusCode}`)
  response.setEncoding('utf8')
  response.on('data', (chunk: string) => {
    frames.push(...chunk.split('\n').filter((line) => line.startsWith('data:')))
  })
  return { frames, close: () => req.destroy() }
}

test.group('Tickets | live updates through Redis', (group) => {
  group.each.setup(() => testDatabase.truncate())

  test('deliver a ticket the worker wrote to a web process stream at once', async ({ assert }) => {
    const world = await createTenantWorld('acme', { modules: ['email'] })
    const mailbox = await createForwardMailbox(world)

    /* A web process and a worker sharing Redis; the web process
       does not poll, so only the shared transport can deliver. */
    const { web, worker, webPort, smtpPort } = await startApp({
      TRANSMIT_TRANSPORT: 'redis',
      TRANSMIT_CHANNEL: `ehelpdesk-test::${randomUUID()}`,
    })
    let stream: Awaited<ReturnType<typeof openStream>> | null = null

    try {
      /* The agent logs in and opens the ticket list's stream. */
      const agent = browser(webPort, world.host)
      const login = await agent.send('GET', '/login')
      const loggedIn = await agent.send('POST', '/login', {
        _csrf: agent.csrf(login.body),
        email: world.agent.email,
        password: PASSWORD,
      })
      assert.equal(loggedIn.status, 302, web.output())
      const list = await agent.send('GET', '/tickets')
      assert.equal(list.status, 200, web.output())

      const uid = randomUUID()
      const channel = `tenants/${world.tenant.id}/points/${world.point.id}/tickets`
      stream = await openStream(webPort, world.host, agent.cookie(), uid)
      const subscribed = await agent.send('POST', '/__transmit/subscribe', {
        _csrf: agent.csrf(list.body),
        uid,
        channel,
      })
      assert.equal(subscribed.status, 204, web.output())

      /* A customer writes; the worker's intake opens the ticket. */
      await nodemailer
        .createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true })
        .sendMail({
          envelope: { from: 'kim@example.org', to: [mailbox.forwardAddress] },
          raw: rawMail(
            { 'From': 'Kim <kim@example.org>', 'Subject': 'Via Redis', 'Message-ID': '<r@x>' },
            'Hej!\r\n'
          ),
        })

      const frame = await until(
        async () => stream!.frames.find((line) => line.includes('Via Redis')),
        10_000
      )
      const event = JSON.parse(frame.slice('data:'.length))
      assert.equal(event.channel, channel)
      assert.include(event.payload, { activity: 'created', subject: 'Via Redis' })
    } finally {
      stream?.close()
      await stopProcess(web.child)
      const code = await stopProcess(worker.child)
      assert.equal(code, 0, worker.output())
    }
  })
    .skip(!hasRedis, 'no Redis')
    .timeout(90_000)
})
