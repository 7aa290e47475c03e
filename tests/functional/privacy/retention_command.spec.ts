import { rm } from 'node:fs/promises'
import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import { DateTime } from 'luxon'
import env from '#start/env'
import RetentionRun from '#models/retention_run'
import RetentionRunCommand from '#app/commands/retention_run_command'
import testDatabase from '#tests/helpers/database'
import { countRows, seedOldTicket } from '#tests/helpers/retention_fixtures'
import { asTenant, createTenantWorld } from '#tests/helpers/world'

/**
 * Runs `retention:run` in process and returns the command with the
 * lines it logged.
 */
async function runRetention(argv: string[]) {
  const ace = await app.container.make('ace')
  ace.ui.switchMode('raw')
  const command = await ace.create(RetentionRunCommand, argv)
  await command.exec()
  const lines = command.ui.logger.getLogs().map((entry) => entry.message)
  return Object.assign(command, { lines })
}

test.group('Privacy | retention:run command', (group) => {
  const storage = app.makePath(env.get('STORAGE_PATH', 'storage'))
  const archiveStorage = app.makePath(env.get('ARCHIVE_STORAGE_PATH', `${storage}-archive`))

  group.each.setup(async () => {
    await rm(storage, { recursive: true, force: true })
    await rm(archiveStorage, { recursive: true, force: true })
    return testDatabase.truncate()
  })
  group.each.setup(() => testDatabase.truncate('archive'))

  test('run retention now for the named tenant only', async ({ assert }) => {
    const acme = await createTenantWorld('acme')
    const other = await createTenantWorld('other')
    const at = DateTime.utc().minus({ years: 3 })
    await seedOldTicket(acme.tenant.id, { at, answeringPointId: acme.point.id })
    await seedOldTicket(other.tenant.id, { at, answeringPointId: other.point.id })

    const command = await runRetention(['--tenant', 'acme'])
    assert.equal(command.exitCode ?? 0, 0)
    assert.lengthOf(command.lines, 1)
    assert.match(command.lines[0], /acme: run \d+ done, archived 1, deleted 0, anonymised 0/)

    assert.equal(await countRows('tickets', acme.tenant.id, 'archive'), 1)
    assert.equal(await countRows('tickets', other.tenant.id, 'archive'), 0)
    const runs = await asTenant(acme, () => RetentionRun.query())
    assert.lengthOf(runs, 1)
  })

  test('refuse an unknown tenant slug', async ({ assert }) => {
    const command = await runRetention(['--tenant', 'nobody'])
    assert.equal(command.exitCode, 1)
    assert.match(command.lines.join('\n'), /no tenant with the slug nobody/)
  })
})
