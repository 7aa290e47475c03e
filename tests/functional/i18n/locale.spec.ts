import { test } from '@japa/runner'
import testDatabase from '#tests/helpers/database'
import { asTenant, createTenantWorld } from '#tests/helpers/world'

test.group('Locale', (group) => {
  group.each.setup(() => testDatabase.truncate())

  test("use the user's saved language without an Accept-Language header", async ({ client }) => {
    const world = await createTenantWorld('acme')
    world.agent.locale = 'en'
    await asTenant(world, () => world.agent.save())

    const page = await client.get('/tickets').header('Host', world.host).loginAs(world.agent)
    page.assertStatus(200)
    page.assertTextIncludes('Log out')
  })

  test("prefer the user's saved language over the browser's", async ({ client }) => {
    const world = await createTenantWorld('acme')
    world.tenant.defaultLocale = 'en'
    await world.tenant.save()
    world.agent.locale = 'sv'
    await asTenant(world, () => world.agent.save())

    const page = await client
      .get('/tickets')
      .header('Host', world.host)
      .header('Accept-Language', 'en-GB,en;q=0.9')
      .loginAs(world.agent)
    page.assertStatus(200)
    page.assertTextIncludes('Logga ut')
  })

  test("fall back to the tenant's language, then the browser's", async ({ client }) => {
    const world = await createTenantWorld('acme')
    const page = await client
      .get('/tickets')
      .header('Host', world.host)
      .header('Accept-Language', 'en-GB,en;q=0.9')
      .loginAs(world.agent)
    page.assertTextIncludes('Logga ut')

    const guest = await client
      .get('/login')
      .header('Host', world.host)
      .header('Accept-Language', 'en-GB,en;q=0.9')
    guest.assertTextIncludes('lang="sv"')

    /* The platform's own pages have no saved choice: the browser's. */
    const platform = await client
      .get('/login')
      .header('Host', 'localhost')
      .header('Accept-Language', 'en-GB,en;q=0.9')
    platform.assertTextIncludes('lang="en"')
    const noHeader = await client.get('/login').header('Host', 'localhost')
    noHeader.assertTextIncludes('lang="sv"')
  })
})
