import http from 'node:http'
import { randomUUID } from 'node:crypto'
import { test } from '@japa/runner'
import { configProvider } from '@adonisjs/core'
import app from '@adonisjs/core/services/app'
import { CookieClient } from '@adonisjs/core/http'
import { Encryption } from '@adonisjs/core/encryption'
import testDatabase from '#tests/helpers/database'
import { SessionClient } from '@adonisjs/session/client'
import db from '@adonisjs/lucid/services/db'
import type User from '#models/user'
import liveUpdates from '#services/live_update_service'
import tickets from '#services/ticket_service'
import { asTenant, createTenantWorld, type TenantWorld } from '#tests/helpers/world'

/**
 * An open server-sent event stream and the frames read from it.
 */
interface EventStream {
  frames: string[]
  waitFor(match: (frame: string) => boolean, timeoutMs?: number): Promise<string>
  close(): void
}

/**
 * A session cookie for the user, as the login form would leave it.
 */
async function sessionCookie(user: User) {
  const config = await configProvider.resolve<any>(app, app.config.get('session'))
  const session = new SessionClient(config.stores.memory())
  const auth = await app.container.make('auth.manager')
  const data = await auth.createAuthenticatorClient().use('web').authenticateAsClient(user)
  session.merge(data.session ?? {})
  await session.commit()
  const cookies = new CookieClient(await app.container.make(Encryption))
  return `${config.cookieName}=${cookies.sign(config.cookieName, session.sessionId)}`
}

/**
 * Opens the transmit stream on the test server with plain HTTP, the way
 * a browser's EventSource does.
 */
async function openStream(world: TenantWorld, user: User, uid: string) {
  const cookie = await sessionCookie(user)
  const frames: string[] = []
  const waiters: (() => void)[] = []

  const request = http.get({
    host: process.env.HOST ?? '127.0.0.1',
    port: Number(process.env.PORT),
    path: `/__transmit/events?uid=${uid}`,
    headers: { host: world.host, cookie, accept: 'text/event-stream' },
  })
  const response = await new Promise<http.IncomingMessage>((resolve, reject) => {
    request.on('response', resolve)
    request.on('error', reject)
  })
  if (response.statusCode !== 200) throw new Error(`stream answered ${response.statusCode}`)
  response.setEncoding('utf8')
  response.on('data', (chunk: string) => {
    frames.push(...chunk.split('\n').filter((line) => line.startsWith('data:')))
    waiters.splice(0).forEach((wake) => wake())
  })

  const stream: EventStream = {
    frames,
    async waitFor(match, timeoutMs = 3000) {
      const deadline = Date.now() + timeoutMs
      while (Date.now() < deadline) {
        const found = frames.find(match)
        if (found) return found
        await new Promise<void>((resolve) => {
          waiters.push(resolve)
          setTimeout(resolve, 50)
        })
      }
      throw new Error('no matching event arrived')
    },
    close: () => request.destroy(),
  }
  return stream
}

test.group('Tickets | live updates', (group) => {
  group.each.setup(() => testDatabase.truncate())

  test('deliver a new ticket to a subscribed answering point channel', async ({
    client,
    assert,
  }) => {
    const world = await createTenantWorld('acme')
    const uid = randomUUID()
    const stream = await openStream(world, world.agent, uid)
    const channel = `tenants/${world.tenant.id}/points/${world.point.id}/tickets`

    try {
      const subscribed = await client
        .post('/__transmit/subscribe')
        .header('Host', world.host)
        .loginAs(world.agent)
        .withCsrfToken()
        .json({ uid, channel })
      subscribed.assertStatus(204)

      const ticket = await asTenant(world, () =>
        tickets.open({
          subject: 'Ny från kund',
          channel: 'email',
          answeringPointId: world.point.id,
          contactId: null,
        })
      )

      const frame = await stream.waitFor((line) => line.includes(channel))
      assert.deepEqual(JSON.parse(frame.slice('data:'.length)), {
        channel,
        payload: {
          activity: 'created',
          ticketId: ticket.id,
          number: ticket.number,
          subject: 'Ny från kund',
          answeringPointId: world.point.id,
        },
      })
    } finally {
      stream.close()
    }
  })

  test('refuse subscriptions to channels the user may not see', async ({ client, assert }) => {
    const world = await createTenantWorld('acme')
    const other = await createTenantWorld('globex')
    const uid = randomUUID()
    const stream = await openStream(world, world.agent, uid)

    const subscribe = (user: User, channel: string, streamUid = uid) =>
      client
        .post('/__transmit/subscribe')
        .header('Host', world.host)
        .loginAs(user)
        .withCsrfToken()
        .json({ uid: streamUid, channel })

    try {
      const refused = [
        `tenants/${other.tenant.id}/tickets`,
        `tenants/${other.tenant.id}/points/${other.point.id}/tickets`,
        `tenants/${other.tenant.id}/points/none/tickets`,
        `tenants/${other.tenant.id}/users/${other.agent.id}/tickets`,
        `tenants/${world.tenant.id}/tickets`,
        `tenants/${world.tenant.id}/users/${world.supervisor.id}/tickets`,
      ]
      for (const channel of refused) {
        const response = await subscribe(world.agent, channel)
        assert.equal(response.status(), 400, channel)
      }

      /* Someone else cannot attach channels to this user's stream. */
      const foreignStream = await subscribe(world.admin, `tenants/${world.tenant.id}/tickets`)
      assert.equal(foreignStream.status(), 400)

      /* Admins may listen to the whole tenant on their own stream. */
      const adminUid = randomUUID()
      const adminStream = await openStream(world, world.admin, adminUid)
      try {
        const allowed = await subscribe(world.admin, `tenants/${world.tenant.id}/tickets`, adminUid)
        assert.equal(allowed.status(), 204)
      } finally {
        adminStream.close()
      }

      /* Without a login, and on the platform host, the routes refuse. */
      const anonymous = await client
        .post('/__transmit/subscribe')
        .header('Host', world.host)
        .withCsrfToken()
        .redirects(0)
        .json({ uid, channel: `tenants/${world.tenant.id}/points/none/tickets` })
      assert.equal(anonymous.status(), 302)
      const platform = await client
        .post('/__transmit/subscribe')
        .header('Host', 'localhost')
        .withCsrfToken()
        .json({ uid, channel: `tenants/${world.tenant.id}/tickets` })
      assert.equal(platform.status(), 404)
    } finally {
      stream.close()
    }
  })

  test('keep another tenant tickets off the stream', async ({ client, assert }) => {
    const world = await createTenantWorld('acme')
    const other = await createTenantWorld('globex')
    const uid = randomUUID()
    const stream = await openStream(world, world.admin, uid)
    try {
      await client
        .post('/__transmit/subscribe')
        .header('Host', world.host)
        .loginAs(world.admin)
        .withCsrfToken()
        .json({ uid, channel: `tenants/${world.tenant.id}/tickets` })
        .then((response) => response.assertStatus(204))

      await asTenant(other, () =>
        tickets.open({
          subject: 'Hemligt',
          channel: 'email',
          answeringPointId: other.point.id,
          contactId: null,
        })
      )
      await asTenant(world, () =>
        tickets.open({ subject: 'Vårt', channel: 'email', answeringPointId: null, contactId: null })
      )

      await stream.waitFor((line) => line.includes('Vårt'))
      assert.isFalse(stream.frames.some((line) => line.includes('Hemligt')))
    } finally {
      stream.close()
    }
  })

  test('relay a ticket that another process wrote', async ({ client, assert }) => {
    const world = await createTenantWorld('acme')
    const uid = randomUUID()
    const stream = await openStream(world, world.agent, uid)
    const channel = `tenants/${world.tenant.id}/points/${world.point.id}/tickets`
    try {
      await client
        .post('/__transmit/subscribe')
        .header('Host', world.host)
        .loginAs(world.agent)
        .withCsrfToken()
        .json({ uid, channel })
        .then((response) => response.assertStatus(204))
      await liveUpdates.relayOnce()

      /* The worker writes rows; its events never reach this process. */
      const later = new Date(Date.now() + 2000).toISOString().slice(0, 19).replace('T', ' ')
      const [id] = await db.table('tickets').insert({
        tenant_id: world.tenant.id,
        number: 41,
        subject: 'Från arbetsprocessen',
        status: 'new',
        priority: 'normal',
        channel: 'email',
        answering_point_id: world.point.id,
        legal_hold: false,
        last_activity_at: later,
        created_at: later,
      })
      await liveUpdates.relayOnce()

      const frame = await stream.waitFor((line) => line.includes('Från arbetsprocessen'))
      assert.deepInclude(JSON.parse(frame.slice('data:'.length)), {
        channel,
        payload: {
          activity: 'created',
          ticketId: Number(id),
          number: 41,
          subject: 'Från arbetsprocessen',
          answeringPointId: world.point.id,
        },
      })

      /* A second pass announces nothing new. */
      const before = stream.frames.length
      await liveUpdates.relayOnce()
      await new Promise((resolve) => setTimeout(resolve, 100))
      assert.equal(stream.frames.length, before)
    } finally {
      stream.close()
      liveUpdates.stopRelay()
    }
  })
})
