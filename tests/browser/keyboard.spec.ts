import { test } from '@japa/runner'
import type { Page } from 'playwright'
import emitter from '@adonisjs/core/services/emitter'
import limiter from '@adonisjs/limiter/services/main'
import testDatabase from '#tests/helpers/database'
import ReplyQueued from '#events/reply_queued'
import { createTenantWorld, PASSWORD } from '#tests/helpers/world'
import { seedTicket } from '../functional/tickets/fixtures.js'
import { focusIndicator, logIn, originOf } from './helpers.js'

type Indicator = Awaited<ReturnType<typeof focusIndicator>>

/**
 * Presses Tab until `matches` accepts the focused element, and returns
 * the indicator of every element focused on the way.
 */
async function tabTo(page: Page, matches: (focused: Indicator) => boolean, limit = 30) {
  const path: Indicator[] = []
  for (let presses = 0; presses < limit; presses++) {
    await page.keyboard.press('Tab')
    const focused = await focusIndicator(page)
    path.push(focused)
    if (matches(focused)) return path
  }
  throw new Error(`not reached in ${limit} presses: ${path.map((step) => step.name).join(' > ')}`)
}

/**
 * The focused elements whose outline is missing, thinner than 2px or
 * below 3:1 against what is behind it.
 */
function weakIndicators(path: Indicator[]) {
  return path.filter((step) => step.outline === 'none' || step.width < 2 || step.contrast < 3)
}

test.group('Browser | keyboard', (group) => {
  group.each.setup(async () => {
    await limiter.clear()
    return testDatabase.truncate()
  })
  group.each.teardown(() => emitter.restore())

  test('skip to the main content with the first tab', async ({ visit, assert }) => {
    const world = await createTenantWorld('shop', { modules: ['email'] })
    const ticket = await seedTicket(world, { subject: 'Paketet kom aldrig fram' })
    const origin = originOf(world.host)
    const page = await visit(`${origin}/login`)
    await logIn(page, world.agent.email, PASSWORD, `${origin}/tickets`)
    await page.goto(`${origin}/tickets/${ticket.number}`)

    /* The first Tab shows the skip link, on screen and outlined. */
    await page.keyboard.press('Tab')
    const skip = await focusIndicator(page)
    assert.equal(skip.name, 'Hoppa till innehållet')
    assert.equal(skip.outline, 'solid')
    const box = await page.locator(':focus').boundingBox()
    assert.isTrue(box !== null && box.x >= 0 && box.y >= 0 && box.width > 0)

    /* Enter moves focus to the main content; Tab goes on from there. */
    await page.keyboard.press('Enter')
    assert.equal((await focusIndicator(page)).id, 'main')
    await page.keyboard.press('Tab')
    const inMain = await focusIndicator(page)
    assert.equal(inMain.name, 'Ärenden')
    assert.isTrue(await page.locator('main :focus').isVisible())
    assert.deepEqual(weakIndicators([inMain]), [])

    /* Backwards, focus reaches the header, outlined on its dark colour. */
    await page.keyboard.press('Shift+Tab')
    const logout = await focusIndicator(page)
    assert.equal(logout.name, 'Logga ut')
    assert.deepEqual(weakIndicators([logout]), [])
  })

  test('reply to a ticket with the keyboard only', async ({ visit, assert }) => {
    const events = emitter.fake([ReplyQueued])
    const world = await createTenantWorld('shop', { modules: ['email'] })
    const ticket = await seedTicket(world, {
      subject: 'Paketet kom aldrig fram',
      contactEmail: 'kund@example.se',
      inbound: { text: 'Hej! Mitt paket har inte kommit.' },
    })
    const origin = originOf(world.host)
    const page = await visit(`${origin}/login`)
    await logIn(page, world.agent.email, PASSWORD, `${origin}/tickets`)
    await page.goto(`${origin}/tickets/${ticket.number}`)

    /* Tab to the link to the reply form and follow it. */
    const toLink = await tabTo(page, (focused) => focused.name === 'Gå till svarsformuläret')
    await page.keyboard.press('Enter')
    const toBody = await tabTo(page, (focused) => focused.id === 'reply-body', 1)

    /* Type the reply and send it with the form's button. */
    await page.keyboard.type('Vi skickar ett nytt paket i dag.')
    const toSend = await tabTo(page, (focused) => focused.name === 'Skicka (E-post)', 5)
    await Promise.all([page.waitForLoadState('load'), page.keyboard.press('Enter')])
    await page.getByRole('status').filter({ hasText: 'Svaret har lagts i kö' }).waitFor()
    await page.locator('.thread article.outbound').getByText('Vi skickar ett nytt paket').waitFor()
    events.assertEmitted(ReplyQueued)

    /* Every stop on the way showed where focus was. */
    const path = [...toLink, ...toBody, ...toSend]
    assert.deepEqual(weakIndicators(path.slice(1)), [])
    assert.includeMembers(
      path.map((step) => step.id),
      ['reply-body', 'reply-files', 'reply-status']
    )
  })
})
