import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import testDatabase from '#tests/helpers/database'
import TenantPlugin from '#models/tenant_plugin'
import modules from '#services/module_service'
import pluginSettings from '#plugin_host/plugin_settings'
import type { LoadedPlugin } from '#plugin_host/plugin_host'
import type { PluginManifest } from '#plugin_host/types'
import { asTenant, createTenantWorld } from '#tests/helpers/world'

/**
 * A plugin that exists only for these tests, with one field of every
 * type, added to the running host and removed afterwards.
 */
const manifest: PluginManifest = {
  id: 'demo_settings',
  name: 'Demo settings',
  version: '1.0.0',
  kind: 'feature',
  requires: '*',
  settings: {
    scope: 'tenant',
    fields: [
      { key: 'sender', label: 'admin.fields.name', type: 'text', required: true },
      { key: 'reply_to', label: 'admin.fields.email', type: 'email' },
      { key: 'retries', label: 'admin.fields.status', type: 'number', min: 0, max: 5 },
      { key: 'api_key', label: 'admin.fields.role', type: 'text', secret: true, required: true },
      { key: 'token', label: 'admin.fields.locale', type: 'password' },
      { key: 'enabled_flag', label: 'admin.fields.active', type: 'boolean' },
      {
        key: 'mode',
        label: 'admin.fields.slug',
        type: 'select',
        options: [
          { value: 'fast', label: 'admin.roles.admin' },
          { value: 'safe', label: 'admin.roles.agent' },
        ],
      },
      { key: 'footer', label: 'admin.fields.full_name', type: 'textarea' },
    ],
  },
}

async function withFakePlugin() {
  const host = await app.container.make('plugins')
  const list = host.plugins as LoadedPlugin[]
  const context = { ...list[0]?.context, id: manifest.id } as LoadedPlugin['context']
  list.push({ manifest, context })
  return () => {
    const index = list.findIndex((plugin) => plugin.manifest.id === manifest.id)
    if (index >= 0) list.splice(index, 1)
  }
}

const valid = {
  sender: 'Support',
  reply_to: 'svar@alpha.example',
  retries: '3',
  api_key: 'top-secret-key-123',
  token: 'token-value-456',
  enabled_flag: '1',
  mode: 'safe',
  footer: 'Med vänlig hälsning',
}

test.group('Admin | modules', (group) => {
  group.each.setup(async () => {
    const truncate = await testDatabase.truncate()
    const remove = await withFakePlugin()
    return async () => {
      remove()
      await truncate()
    }
  })

  test('list the enabled modules with links to their settings', async ({ client, assert }) => {
    const world = await createTenantWorld('alpha', { modules: ['demo_settings'] })
    const response = await client
      .get('/admin/modules')
      .header('Host', world.host)
      .loginAs(world.admin)

    response.assertStatus(200)
    response.assertTextIncludes('Demo settings')
    response.assertTextIncludes('href="/admin/modules/demo_settings/settings"')
    assert.notInclude(response.text(), '>Email<')
  })

  test('render the form from the declared fields', async ({ client }) => {
    const world = await createTenantWorld('alpha', { modules: ['demo_settings'] })
    const response = await client
      .get('/admin/modules/demo_settings/settings')
      .header('Host', world.host)
      .loginAs(world.admin)

    response.assertStatus(200)
    response.assertTextIncludes('type="text"\n        id="field-sender"')
    response.assertTextIncludes('type="email"\n        id="field-reply_to"')
    response.assertTextIncludes('type="number"\n        id="field-retries"')
    response.assertTextIncludes('type="password"\n        id="field-api_key"')
    response.assertTextIncludes('type="checkbox"\n        id="field-enabled_flag"')
    response.assertTextIncludes('<select\n        id="field-mode"')
    response.assertTextIncludes('<textarea\n        id="field-footer"')
    response.assertTextIncludes('Inget värde är sparat.')
  })

  test('store secrets encrypted and never send them back', async ({ client, assert }) => {
    const world = await createTenantWorld('alpha', { modules: ['demo_settings'] })
    const save = (body: Record<string, string>) =>
      client
        .put('/admin/modules/demo_settings/settings')
        .header('Host', world.host)
        .loginAs(world.admin)
        .form(body)
        .withCsrfToken()
        .redirects(0)

    const saved = await save(valid)
    saved.assertHeader('location', '/admin/modules/demo_settings/settings')

    const row = await asTenant(world, () =>
      TenantPlugin.query().where('plugin_id', 'demo_settings').firstOrFail()
    )
    assert.deepEqual(row.settings, {
      sender: 'Support',
      reply_to: 'svar@alpha.example',
      retries: 3,
      enabled_flag: true,
      mode: 'safe',
      footer: 'Med vänlig hälsning',
    })
    assert.notInclude(row.secrets!, 'top-secret-key-123')
    assert.notInclude(row.secrets!, 'token-value-456')

    const page = await client
      .get('/admin/modules/demo_settings/settings')
      .header('Host', world.host)
      .loginAs(world.admin)
    assert.notInclude(page.text(), 'top-secret-key-123')
    assert.notInclude(page.text(), 'token-value-456')
    page.assertTextIncludes('Ett värde är sparat; lämna tomt för att behålla det.')
    page.assertTextIncludes('value="Support"')

    /* Blank secrets keep their value, even the required one. */
    await save({ ...valid, api_key: '', token: '', sender: 'Kundtjänst' })
    const values = await pluginSettings.get(world.tenant.id, 'demo_settings', manifest.settings)
    assert.equal(values.api_key, 'top-secret-key-123')
    assert.equal(values.token, 'token-value-456')
    assert.equal(values.sender, 'Kundtjänst')

    /* A listed secret is cleared. */
    await client
      .put('/admin/modules/demo_settings/settings')
      .header('Host', world.host)
      .loginAs(world.admin)
      .form({ ...valid, 'api_key': '', 'token': '', '_clear[]': 'token' })
      .withCsrfToken()
    const cleared = await pluginSettings.get(world.tenant.id, 'demo_settings', manifest.settings)
    assert.isNull(cleared.token)
    assert.equal(cleared.api_key, 'top-secret-key-123')
  })

  test('validate the fields by their declared types', async ({ client, assert }) => {
    const world = await createTenantWorld('alpha', { modules: ['demo_settings'] })
    const response = await client
      .put('/admin/modules/demo_settings/settings')
      .header('Host', world.host)
      .loginAs(world.admin)
      .form({ sender: '', reply_to: 'not-mail', retries: '9', api_key: '', mode: 'other' })
      .withCsrfToken()
      .redirects(0)

    assert.deepEqual(response.flashMessages().inputErrorsBag, {
      sender: ['Fyll i det här fältet.'],
      reply_to: ['Ange en giltig e-postadress.'],
      retries: ['Ange ett tal som är högst 5.'],
      api_key: ['Fyll i det här fältet.'],
      mode: ['Välj ett av alternativen.'],
    })
    assert.isNull(
      (await asTenant(world, () => TenantPlugin.findBy('plugin_id', 'demo_settings')))!.settings
    )
  })

  test('answer 404 for a module the tenant has not enabled', async ({ client }) => {
    const world = await createTenantWorld('alpha')
    await modules.setEnabled(world.tenant.id, 'demo_settings', false)
    for (const path of ['/admin/modules/demo_settings/settings', '/admin/modules/nope/settings']) {
      const response = await client.get(path).header('Host', world.host).loginAs(world.admin)
      response.assertStatus(404)
    }
  })
})
