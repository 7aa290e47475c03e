import { indexEntities } from '@adonisjs/core'
import { indexPolicies } from '@adonisjs/bouncer'
import { defineConfig } from '@adonisjs/core/app'
import type { IndexGenerator } from '@adonisjs/assembler/index_generator'

/**
 * Writes `.adonisjs/server/plugins.ts`: a lazy-import map of every
 * `plugins/<id>/plugin.ts`. Adding a plugin folder and running any of
 * serve, test, build or codegen is all it takes to register it.
 */
const indexPlugins = {
  run(_: unknown, __: unknown, indexGenerator: IndexGenerator) {
    indexGenerator.add('plugins', {
      source: 'plugins',
      output: '.adonisjs/server/plugins.ts',
      importAlias: '#plugins',
      comment: true,
      filter: (path: string) => /\/plugins\/[^/]+\/plugin\.ts$/.test(path),
      as(vfs, buffer, _config, helpers) {
        const entries = Object.values(vfs.asList()).sort()
        buffer.writeLine('export const plugins = {').indent()
        for (const file of entries) {
          const id = file.split('/').at(-2)
          buffer.writeLine(`'${id}': () => import('${helpers.toImportPath(file)}'),`)
        }
        buffer.dedent().writeLine('}')
      },
    })
  },
}

export default defineConfig({
  experimental: {},

  directories: {
    commands: 'app/commands',
  },

  commands: [
    () => import('@adonisjs/core/commands'),
    () => import('@adonisjs/lucid/commands'),
    () => import('@adonisjs/queue/commands'),
    () => import('@adonisjs/mail/commands'),
    () => import('#plugin_host/commands_loader'),
  ],

  providers: [
    () => import('@adonisjs/core/providers/app_provider'),
    () => import('@adonisjs/core/providers/hash_provider'),
    {
      file: () => import('@adonisjs/core/providers/repl_provider'),
      environment: ['repl', 'test'],
    },
    () => import('@adonisjs/core/providers/vinejs_provider'),
    () => import('@adonisjs/core/providers/edge_provider'),
    () => import('@adonisjs/session/session_provider'),
    () => import('@adonisjs/vite/vite_provider'),
    () => import('@adonisjs/shield/shield_provider'),
    () => import('@adonisjs/static/static_provider'),
    () => import('@adonisjs/lucid/database_provider'),
    () => import('@adonisjs/auth/auth_provider'),
    () => import('@adonisjs/bouncer/bouncer_provider'),
    () => import('@adonisjs/i18n/i18n_provider'),
    () => import('@adonisjs/limiter/limiter_provider'),
    () => import('@adonisjs/redis/redis_provider'),
    () => import('@adonisjs/drive/drive_provider'),
    () => import('@adonisjs/mail/mail_provider'),
    () => import('@adonisjs/queue/queue_provider'),
    () => import('@adonisjs/transmit/transmit_provider'),
    () => import('#providers/app_provider'),
    () => import('#providers/plugins_provider'),
  ],

  preloads: [
    () => import('#start/routes'),
    () => import('#start/kernel'),
    () => import('#start/events'),
    () => import('#start/transmit'),
    () => import('#start/edge'),
  ],

  tests: {
    suites: [
      {
        name: 'unit',
        files: ['tests/unit/**/*.spec.ts', 'plugins/*/tests/unit/**/*.spec.ts'],
        timeout: 10000,
      },
      {
        name: 'functional',
        files: [
          'tests/functional/**/*.spec.ts',
          'plugins/*/tests/functional/**/*.spec.ts',
        ],
        timeout: 60000,
      },
      {
        name: 'browser',
        files: ['tests/browser/**/*.spec.ts', 'plugins/*/tests/browser/**/*.spec.ts'],
        timeout: 120000,
      },
    ],
    forceExit: true,
  },

  metaFiles: [
    { pattern: 'resources/views/**/*.edge', reloadServer: false },
    { pattern: 'resources/lang/**/*.json', reloadServer: true },
    { pattern: 'plugins/*/resources/views/**/*.edge', reloadServer: false },
    { pattern: 'plugins/*/resources/lang/**/*.json', reloadServer: true },
    { pattern: 'public/**', reloadServer: false },
  ],

  hooks: {
    init: [indexEntities(), indexPolicies(), indexPlugins],
    buildStarting: [() => import('@adonisjs/vite/build_hook')],
  },
})
