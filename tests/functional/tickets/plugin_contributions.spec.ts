import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import edge from 'edge.js'
import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import type { Logger } from '@adonisjs/core/logger'
import { PluginHost } from '#plugin_host/plugin_host'
import { Contributions } from '#plugin_host/contributions'
import { definePlugin } from '#plugin_host/define_plugin'

/**
 * A logger that keeps what was logged at error level.
 */
function recordingLogger() {
  const errors: { data: Record<string, unknown>; message: string }[] = []
  const logger = {
    error: (data: Record<string, unknown>, message: string) => errors.push({ data, message }),
    child: () => logger,
  }
  return { errors, logger: logger as unknown as Logger }
}

test.group('Tickets | plugin contributions', (group) => {
  let views: string

  group.setup(() => {
    views = mkdtempSync(join(tmpdir(), 'contrib-'))
    writeFileSync(join(views, 'column.edge'), '<b>SLA #{{ ticket.number }}</b>')
    writeFileSync(join(views, 'broken.edge'), '{{ ticket.missing.deeper }}')
    edge.mount('contribtest', views)
    return () => {
      edge.unmount('contribtest')
      rmSync(views, { recursive: true, force: true })
    }
  })

  test('render enabled plugin columns in order and skip a throwing one', async ({ assert }) => {
    const { errors, logger } = recordingLogger()
    const host = new PluginHost(app, logger)
    const manifest = definePlugin({
      id: 'contribtest',
      name: 'Contribution test',
      version: '1.0.0',
      kind: 'feature',
      requires: '*',
      ticketListColumns: [
        { label: 'x.broken', view: 'contribtest::broken', order: 1 },
        { label: 'x.sla', view: 'contribtest::column', order: 2 },
      ],
    })
    await host.load({ contribtest: async () => ({ default: manifest }) })
    const contributions = new Contributions(host)

    assert.deepEqual(contributions.list('ticketListColumns', new Set()), [])
    const columns = contributions.list('ticketListColumns', new Set(['contribtest']))
    assert.deepEqual(
      columns.map((column) => column.view),
      ['contribtest::broken', 'contribtest::column']
    )

    const rendered = await contributions.renderAll(edge.createRenderer(), columns, {
      ticket: { number: 7 },
    })
    assert.deepEqual(rendered, ['', '<b>SLA #7</b>'])
    assert.lengthOf(errors, 1)
    assert.equal(errors[0].data.plugin, 'contribtest')
    assert.equal(errors[0].data.point, 'view:contribtest::broken')
  })
})
