import { test } from '@japa/runner'
import testDatabase from '#tests/helpers/database'
import TenantPlugin from '#models/tenant_plugin'
import modules from '#services/module_service'
import settingsForm from '#services/settings_form_service'
import pluginSettings from '#plugin_host/plugin_settings'
import type { LoadedPlugin } from '#plugin_host/plugin_host'
import type { SettingsSection } from '#plugin_host/types'
import { asTenant, createTenantWorld } from '#tests/helpers/world'

const section: SettingsSection = {
  scope: 'answering_point',
  fields: [
    { key: 'address', label: 'x.address', type: 'email', required: true },
    { key: 'password', label: 'x.password', type: 'password', required: true },
    { key: 'limit', label: 'x.limit', type: 'number', default: 10 },
  ],
}
const plugin = { manifest: { id: 'mailer', settings: section } } as unknown as LoadedPlugin

test.group('Plugin host | settings', (group) => {
  group.each.setup(() => testDatabase.truncate())

  test('keep settings per answering point with defaults', async ({ assert }) => {
    const world = await createTenantWorld('alpha')
    await modules.setEnabled(world.tenant.id, 'mailer', true)

    await settingsForm.save(world.tenant.id, plugin, world.point.id, {
      address: 'support@alpha.example',
      password: 'imap-secret',
    })
    await settingsForm.save(world.tenant.id, plugin, 999, {
      address: 'other@alpha.example',
      password: 'other-secret',
      limit: 5,
    })

    assert.deepEqual(await pluginSettings.get(world.tenant.id, 'mailer', section, world.point.id), {
      address: 'support@alpha.example',
      password: 'imap-secret',
      limit: 10,
    })
    assert.deepEqual(await pluginSettings.get(world.tenant.id, 'mailer', section, 999), {
      address: 'other@alpha.example',
      password: 'other-secret',
      limit: 5,
    })
    assert.deepEqual(await pluginSettings.get(world.tenant.id, 'mailer', section), {
      address: null,
      password: null,
      limit: 10,
    })
  })

  test('bind the encrypted secrets to their tenant', async ({ assert }) => {
    const world = await createTenantWorld('alpha')
    const other = await createTenantWorld('beta')
    await modules.setEnabled(world.tenant.id, 'mailer', true)
    await modules.setEnabled(other.tenant.id, 'mailer', true)
    await settingsForm.save(world.tenant.id, plugin, world.point.id, {
      address: 'support@alpha.example',
      password: 'imap-secret',
    })

    const sealed = await asTenant(world, () => TenantPlugin.findByOrFail('plugin_id', 'mailer'))
    await asTenant(other, async () => {
      const row = await TenantPlugin.findByOrFail('plugin_id', 'mailer')
      row.secrets = sealed.secrets
      row.settings = sealed.settings
      await row.save()
    })

    const copied = await pluginSettings.get(other.tenant.id, 'mailer', section, world.point.id)
    assert.equal(copied.address, 'support@alpha.example')
    assert.isNull(copied.password)
  })

  test('make a stored required secret optional in the validator', async ({ assert }) => {
    const fields = section.fields
    const fresh = settingsForm.validatorFor(fields)
    const stored = settingsForm.validatorFor(fields, { password: true })

    await assert.rejects(() => fresh.validate({ address: 'a@b.example' }))
    assert.deepEqual(await stored.validate({ address: 'a@b.example' }), { address: 'a@b.example' })
    await assert.rejects(() => stored.validate({ address: 'a@b.example', limit: 'many' }))
  })

  test('show whether a secret is stored, never its value', async ({ assert }) => {
    const world = await createTenantWorld('alpha')
    await modules.setEnabled(world.tenant.id, 'mailer', true)
    await settingsForm.save(world.tenant.id, plugin, world.point.id, {
      address: 'support@alpha.example',
      password: 'imap-secret',
    })

    const stored = await pluginSettings.read(world.tenant.id, 'mailer', world.point.id)
    const form = settingsForm.formFields(section.fields, stored)
    assert.deepEqual(
      form.map((field) => [field.key, field.value, field.isSet, field.secret ?? false]),
      [
        ['address', 'support@alpha.example', false, false],
        ['password', null, true, true],
        ['limit', 10, false, false],
      ]
    )
  })
})
