import { test } from '@japa/runner'
import limiter from '@adonisjs/limiter/services/main'
import testDatabase from '#tests/helpers/database'
import { createTenantWorld, PASSWORD } from '#tests/helpers/world'
import { seedTicket } from '../functional/tickets/fixtures.js'
import { logIn, originOf, type BrowserWindow } from './helpers.js'

test.group('Browser | narrow screens', (group) => {
  group.each.setup(async () => {
    await limiter.clear()
    return testDatabase.truncate()
  })

  test('fit key pages into 320 pixels without sideways scrolling', async ({ visit, assert }) => {
    const world = await createTenantWorld('shop', { modules: ['email'] })
    const ticket = await seedTicket(world, {
      contactEmail: 'kund@example.se',
      inbound: { text: 'Hej!' },
    })
    const origin = originOf(world.host)
    const page = await visit(`${origin}/login`)
    await logIn(page, world.admin.email, PASSWORD, `${origin}/tickets`)
    await page.setViewportSize({ width: 320, height: 640 })

    /* WCAG 1.4.10: a 1280px window zoomed to 400% is 320px wide. */
    const paths = [
      '/tickets',
      `/tickets/${ticket.number}`,
      '/tickets/new',
      '/admin/users/create',
      '/p/email/mailboxes/create',
      '/admin/data-protection',
      '/admin/retention',
      '/admin/data-subjects?q=kund%40example.se',
    ]
    const wide: string[] = []
    for (const path of paths) {
      await page.goto(`${origin}${path}`)
      const width = await page.evaluate(
        () => (globalThis as unknown as BrowserWindow).document.documentElement.scrollWidth
      )
      if (width > 320) wide.push(`${path}: ${width}px`)
    }
    assert.deepEqual(wide, [])
  })
})
