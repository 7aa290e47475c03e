import { test } from '@japa/runner'
import { AxeBuilder } from '@axe-core/playwright'
import emitter from '@adonisjs/core/services/emitter'
import testDatabase from '#tests/helpers/database'
import type { Page } from 'playwright'
import transmit from '@adonisjs/transmit/services/main'
import ReplyQueued from '#events/reply_queued'
import tickets from '#services/ticket_service'
import { asTenant, createTenantWorld, PASSWORD } from '#tests/helpers/world'
import { seedTicket } from '../functional/tickets/fixtures.js'

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']

/**
 * Runs axe-core on the page and returns its violations in a form that
 * reads well in a failed assertion.
 */
async function accessibilityViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze()
  return results.violations.map((violation) => ({
    id: violation.id,
    nodes: violation.nodes.map((node) => node.target.join(' ')),
  }))
}

test.group('Browser | tickets', (group) => {
  group.each.setup(() => testDatabase.truncate())
  group.each.teardown(() => emitter.restore())

  test('log in, open a ticket from the list and reply to it', async ({ visit, assert }) => {
    emitter.fake([ReplyQueued])
    const world = await createTenantWorld('shop', { modules: ['email'] })
    await seedTicket(world, {
      subject: 'Paketet kom aldrig fram',
      contactEmail: 'kund@example.se',
      inbound: { text: 'Hej! Mitt paket har inte kommit.' },
    })
    await seedTicket(world, { subject: 'Fråga om retur', ageMinutes: 90 })
    const origin = `http://${world.host}:${process.env.PORT}`

    /* Log in through the real form. */
    const page = await visit(`${origin}/login`)
    await page.fill('input[name="email"]', world.agent.email)
    await page.fill('input[name="password"]', PASSWORD)
    await Promise.all([page.waitForURL(`${origin}/tickets`), page.click('button[type="submit"]')])

    /* The list, with no accessibility violations. */
    await page.getByRole('heading', { level: 1, name: 'Ärenden' }).waitFor()
    assert.equal(await page.locator('.ticket-subject').count(), 2)
    assert.deepEqual(await accessibilityViolations(page), [])

    /* A ticket that arrives while the list is open is announced. */
    const channel = `tenants/${world.tenant.id}/points/${world.point.id}/tickets`
    for (let i = 0; i < 100 && transmit.getSubscribersFor(channel).length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    await asTenant(world, () =>
      tickets.open({
        subject: 'Nytt under tiden',
        channel: 'email',
        answeringPointId: world.point.id,
        contactId: null,
      })
    )
    await page.getByRole('status').filter({ hasText: '1 nytt ärende' }).waitFor()
    assert.deepEqual(await accessibilityViolations(page), [])

    /* The ticket page. */
    await Promise.all([
      page.waitForURL(/\/tickets\/\d+$/),
      page.getByRole('link', { name: 'Paketet kom aldrig fram' }).click(),
    ])
    await page.getByText('Hej! Mitt paket har inte kommit.').waitFor()
    assert.deepEqual(await accessibilityViolations(page), [])

    /* Reply and see it in the thread. */
    await page.getByLabel('Svar till kontakten').fill('Vi skickar ett nytt paket i dag.')
    await Promise.all([
      page.waitForLoadState('load'),
      page.getByRole('button', { name: /^Skicka/ }).click(),
    ])
    await page.getByRole('status').filter({ hasText: 'Svaret har lagts i kö' }).waitFor()
    const thread = page.locator('.thread')
    await thread.getByText('Vi skickar ett nytt paket i dag.').waitFor()
    assert.include(await thread.locator('article.outbound').innerText(), 'I kö')
  })
})
