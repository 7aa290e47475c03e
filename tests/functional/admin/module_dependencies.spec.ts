import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import logger from '@adonisjs/core/services/logger'
import testDatabase from '#tests/helpers/database'
import { PluginHost } from '#plugin_host/plugin_host'
import { validateManifest } from '#plugin_host/define_plugin'
import type { PluginManifest } from '#plugin_host/types'
import modules, { ModuleService } from '#services/module_service'
import { createTenantWorld } from '#tests/helpers/world'

function manifest(id: string, changes: Partial<PluginManifest> = {}) {
  return {
    id,
    name: id,
    version: '1.0.0',
    kind: 'feature',
    requires: '*',
    ...changes,
  } as PluginManifest
}

/**
 * A host with a base plugin and two plugins that depend on it, one
 * disabled with it and one degrading, in place of the real plugins.
 */
async function fakeHost() {
  const host = new PluginHost(app, logger)
  const plugins = [
    manifest('base'),
    manifest('strict', { dependsOn: ['base'], whenDependencyDisabled: 'disable' }),
    manifest('lenient', { dependsOn: ['base'], whenDependencyDisabled: 'degrade' }),
  ]
  await host.load(Object.fromEntries(plugins.map((m) => [m.id, async () => ({ default: m })])))
  return host
}

test.group('Modules | dependencies', (group) => {
  group.each.setup(() => testDatabase.truncate())

  test('disable a plugin with its dependency when its manifest says disable', async ({
    assert,
  }) => {
    const host = await fakeHost()
    const service = new ModuleService(async () => host)
    const world = await createTenantWorld('acme', { modules: ['strict', 'lenient'] })
    const id = world.tenant.id

    assert.isFalse(await service.isEnabled(id, 'strict'))
    assert.isTrue(await service.isEnabled(id, 'lenient'))
    assert.deepEqual([...(await service.enabledFor(id))].sort(), ['lenient'])
    /* The operator's own switches are unchanged. */
    assert.deepEqual([...(await service.switchedOnFor(id))].sort(), ['lenient', 'strict'])

    await service.setEnabled(id, 'base', true)
    assert.isTrue(await service.isEnabled(id, 'strict'))
    assert.deepEqual([...(await service.enabledFor(id))].sort(), ['base', 'lenient', 'strict'])
  })

  test('let a degrading plugin ask whether its dependency is enabled', async ({ assert }) => {
    const host = await fakeHost()
    const world = await createTenantWorld('acme', { modules: ['lenient'] })
    const context = host.find('lenient')!.context
    assert.isFalse(await context.modules.isEnabled(world.tenant.id, 'base'))
    await modules.setEnabled(world.tenant.id, 'base', true)
    assert.isTrue(await context.modules.isEnabled(world.tenant.id, 'base'))
  })

  test('refuse a bad dependency mode and bad schedules', async ({ assert }) => {
    const bad = (changes: Record<string, unknown>) => () =>
      validateManifest(manifest('sample', changes as Partial<PluginManifest>))
    const job = async () => ({ default: class {} })
    assert.throws(bad({ whenDependencyDisabled: 'ignore' }), /whenDependencyDisabled/)
    assert.throws(bad({ schedules: {} }), /"schedules" must be a list/)
    assert.throws(bad({ schedules: [{ id: 'Bad', job, every: '1m' }] }), /invalid id/)
    assert.throws(bad({ schedules: [{ id: 'tick', every: '1m' }] }), /needs a job import/)
    assert.throws(bad({ schedules: [{ id: 'tick', job }] }), /exactly one of/)
    assert.throws(
      bad({ schedules: [{ id: 'tick', job, every: '1m', cron: '* * * * *' }] }),
      /exactly one of/
    )
    assert.throws(
      bad({
        schedules: [
          { id: 'tick', job, every: '1m' },
          { id: 'tick', job, every: '5m' },
        ],
      }),
      /declared twice/
    )
    assert.doesNotThrow(bad({ schedules: [{ id: 'tick', job, cron: '*/5 * * * *' }] }))
  })

  test('register plugin schedules under the plugin id with the queue scheduler', async ({
    assert,
  }) => {
    const calls: string[] = []
    class FakeJob {
      static schedule(payload: unknown) {
        const builder = {
          id: (value: string) => (calls.push(`id:${value}:${JSON.stringify(payload)}`), builder),
          every: (value: string) => (calls.push(`every:${value}`), Promise.resolve()),
          cron: (value: string) => (calls.push(`cron:${value}`), Promise.resolve()),
        }
        return builder
      }
    }
    const host = new PluginHost(app, logger)
    const ticker = manifest('ticker', {
      schedules: [
        { id: 'check', job: async () => ({ default: FakeJob }), every: '1m' },
        {
          id: 'nightly',
          job: async () => ({ default: FakeJob }),
          cron: '0 3 * * *',
          payload: { a: 1 },
        },
        {
          id: 'broken',
          job: async () => {
            throw new Error('no such job')
          },
          every: '1m',
        },
      ],
    })
    await host.load({ ticker: async () => ({ default: ticker }) })
    const ids = await host.registerSchedules()
    assert.deepEqual(ids, ['ticker.check', 'ticker.nightly'])
    assert.deepEqual(calls, [
      'id:ticker.check:{}',
      'every:1m',
      'id:ticker.nightly:{"a":1}',
      'cron:0 3 * * *',
    ])
  })
})
