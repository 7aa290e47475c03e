import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import logger from '@adonisjs/core/services/logger'
import { PluginHost } from '#plugin_host/plugin_host'
import { definePlugin, validateManifest } from '#plugin_host/define_plugin'
import type { PluginManifest } from '#plugin_host/types'

/**
 * A valid manifest with the given changes.
 */
function manifest(changes: Partial<PluginManifest> & Record<string, unknown> = {}) {
  return {
    id: 'sample',
    name: 'Sample',
    version: '1.0.0',
    kind: 'feature',
    requires: '^0.1.0',
    ...changes,
  } as PluginManifest
}

/**
 * A generated-index lookalike: folder name to lazy manifest import.
 */
function index(...manifests: [string, PluginManifest][]) {
  return Object.fromEntries(manifests.map(([folder, m]) => [folder, async () => ({ default: m })]))
}

/**
 * Runs `fn` and returns the error it throws.
 */
async function failure(fn: () => unknown) {
  try {
    await fn()
  } catch (error) {
    return error as { code: string; message: string }
  }
  throw new Error('expected a failure')
}

test.group('Plugin host | manifest validation', () => {
  test('accept a complete manifest', ({ assert }) => {
    const valid = manifest({
      dependsOn: [],
      settings: {
        scope: 'answering_point',
        fields: [
          { key: 'host', label: 'sample.host', type: 'text', required: true },
          { key: 'secret_key', label: 'sample.key', type: 'password' },
          {
            key: 'mode',
            label: 'sample.mode',
            type: 'select',
            options: [{ value: 'a', label: 'sample.a' }],
          },
        ],
      },
      boot() {},
    })
    assert.strictEqual(definePlugin(valid), valid)
  })

  test('refuse an unknown key with a coded error naming the plugin', async ({ assert }) => {
    const error = await failure(() => validateManifest(manifest({ routez: () => {} })))
    assert.equal(error.code, 'E_PLUGIN_INVALID_MANIFEST')
    assert.equal(error.message, 'Plugin "sample": unknown key "routez"')
  })

  test('refuse ids that cannot name a disk, route or job', async ({ assert }) => {
    for (const id of ['Sample', 'sla-timer', 'm365', '_x', '']) {
      const error = await failure(() => validateManifest(manifest({ id })))
      assert.equal(error.code, 'E_PLUGIN_INVALID_MANIFEST', id)
      assert.include(error.message, 'id must match ^[a-z][a-z_]*$')
    }
  })

  test('refuse a manifest whose id differs from its folder', async ({ assert }) => {
    const error = await failure(() => validateManifest(manifest(), 'other'))
    assert.equal(error.message, 'Plugin "sample": id does not match its folder "other"')
  })

  test('refuse missing identity, a bad kind, a bad range and hooks that are not functions', async ({
    assert,
  }) => {
    const cases: [Record<string, unknown>, string][] = [
      [{ name: '' }, '"name" must be a non-empty string'],
      [{ version: undefined }, '"version" must be a non-empty string'],
      [{ kind: 'widget' }, 'kind must be "channel" or "feature"'],
      [{ requires: 'soon' }, '"requires" is not a semver range: "soon"'],
      [{ boot: 'yes' }, '"boot" must be a function'],
      [{ dependsOn: 'email' }, '"dependsOn" must be a list of plugin ids'],
    ]
    for (const [changes, reason] of cases) {
      const error = await failure(() => validateManifest(manifest(changes)))
      assert.equal(error.code, 'E_PLUGIN_INVALID_MANIFEST')
      assert.equal(error.message, `Plugin "sample": ${reason}`)
    }
  })

  test('refuse bad settings fields', async ({ assert }) => {
    const withFields = (fields: any[], scope = 'tenant') =>
      manifest({ settings: { scope, fields } as any })
    const cases: [PluginManifest, string][] = [
      [withFields([], 'global'), 'settings scope must be "tenant" or "answering_point"'],
      [
        withFields([{ key: 'Bad-Key', label: 'x', type: 'text' }]),
        'settings field "Bad-Key" has an invalid key',
      ],
      [
        withFields([
          { key: 'a', label: 'x', type: 'text' },
          { key: 'a', label: 'y', type: 'text' },
        ]),
        'settings field "a" is declared twice',
      ],
      [
        withFields([{ key: 'a', label: 'x', type: 'color' }]),
        'settings field "a" has an unknown type "color"',
      ],
      [withFields([{ key: 'a', type: 'text' }]), 'settings field "a" needs a label'],
      [
        withFields([{ key: 'a', label: 'x', type: 'select' }]),
        'settings field "a" is a select without options',
      ],
    ]
    for (const [bad, reason] of cases) {
      const error = await failure(() => validateManifest(bad))
      assert.equal(error.message, `Plugin "sample": ${reason}`)
    }
  })
})

test.group('Plugin host | loading', () => {
  const host = () => new PluginHost(app, logger)

  test('load plugins with their dependencies first', async ({ assert }) => {
    const loaded = host()
    await loaded.load(
      index(
        ['alpha', manifest({ id: 'alpha', dependsOn: ['gamma'] })],
        ['beta', manifest({ id: 'beta' })],
        ['gamma', manifest({ id: 'gamma', dependsOn: ['beta'] })]
      )
    )
    assert.deepEqual(
      loaded.plugins.map((plugin) => plugin.manifest.id),
      ['beta', 'gamma', 'alpha']
    )
    assert.equal(loaded.find('gamma')?.context.id, 'gamma')
    assert.isTrue(loaded.find('alpha')!.context.path('x').endsWith('/plugins/alpha/x'))
  })

  test('refuse a missing dependency', async ({ assert }) => {
    const error = await failure(() =>
      host().load(index(['alpha', manifest({ id: 'alpha', dependsOn: ['nowhere'] })]))
    )
    assert.equal(error.code, 'E_PLUGIN_MISSING_DEPENDENCY')
    assert.equal(error.message, 'Plugin "alpha" depends on "nowhere", which is not installed')
  })

  test('refuse a dependency cycle', async ({ assert }) => {
    const error = await failure(() =>
      host().load(
        index(
          ['alpha', manifest({ id: 'alpha', dependsOn: ['beta'] })],
          ['beta', manifest({ id: 'beta', dependsOn: ['alpha'] })]
        )
      )
    )
    assert.equal(error.code, 'E_PLUGIN_DEPENDENCY_CYCLE')
  })

  test('refuse two plugins with the same id', async ({ assert }) => {
    const error = await failure(() =>
      host().load(
        index(['alpha', manifest({ id: 'alpha' })], ['alpha_copy', manifest({ id: 'alpha' })])
      )
    )
    assert.equal(error.code, 'E_PLUGIN_DUPLICATE_ID')
    assert.equal(error.message, 'Plugin "alpha" is defined twice')
  })

  test('refuse a plugin made for another core version', async ({ assert }) => {
    const error = await failure(() =>
      host().load(index(['alpha', manifest({ id: 'alpha', requires: '^2.0.0' })]))
    )
    assert.equal(error.code, 'E_PLUGIN_VERSION_MISMATCH')
    assert.equal(error.message, 'Plugin "alpha" requires core ^2.0.0, this is 0.1.0')
  })

  test('refuse an invalid manifest at load, naming the plugin', async ({ assert }) => {
    const error = await failure(() =>
      host().load(index(['alpha', manifest({ id: 'alpha', colour: 'red' })]))
    )
    assert.equal(error.code, 'E_PLUGIN_INVALID_MANIFEST')
    assert.equal(error.message, 'Plugin "alpha": unknown key "colour"')
  })

  test('log and skip a plugin hook that throws', async ({ assert }) => {
    const logged: unknown[][] = []
    const recorder: any = {
      error: (...args: unknown[]) => logged.push(args),
      child: () => recorder,
    }
    const loaded = new PluginHost(app, recorder)
    await loaded.load(
      index([
        'alpha',
        manifest({
          id: 'alpha',
          ready() {
            throw new Error('broken')
          },
        }),
      ])
    )
    await loaded.ready()
    const panel = await loaded.guard('alpha', 'panel', () => Promise.reject(new Error('x')))

    assert.isUndefined(panel)
    assert.deepEqual(
      logged.map(([fields, message]: any[]) => [
        fields.plugin,
        fields.point,
        fields.err.message,
        message,
      ]),
      [
        ['alpha', 'ready', 'broken', 'plugin failed'],
        ['alpha', 'panel', 'x', 'plugin failed'],
      ]
    )
  })
})
