import { randomUUID } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { test } from '@japa/runner'
import testDatabase from '#tests/helpers/database'
import db from '@adonisjs/lucid/services/db'
import Contact from '#models/contact'
import { asTenant, createTenantWorld } from '#tests/helpers/world'

const sqlite = () => db.connection().dialect.name === 'better-sqlite3'

/**
 * The database file of a SQLite connection, after moving the
 * write-ahead log into it.
 */
async function fileOf(connection?: string) {
  const client = db.connection(connection)
  await client.rawQuery('PRAGMA wal_checkpoint(TRUNCATE)')
  const [{ file }] = await client.rawQuery('PRAGMA database_list')
  return readFile(file)
}

test.group('Privacy | SQLite secure delete', (group) => {
  group.each.setup(() => testDatabase.truncate())

  test('turn secure delete on for production and archive connections', async ({ assert }) => {
    for (const name of [undefined, 'archive']) {
      const [row] = await db.connection(name).rawQuery('PRAGMA secure_delete')
      assert.equal(row.secure_delete, 1, `secure_delete on ${name ?? 'the default connection'}`)
    }
  }).skip(!sqlite(), 'SQLite only')

  test('leave no old text in the file after a row is updated or deleted', async ({ assert }) => {
    const world = await createTenantWorld('acme')
    const updated = `Gammal text ${randomUUID()}`
    const deleted = `Raderad text ${randomUUID()}`

    await asTenant(world, async () => {
      const kept = await Contact.create({ name: 'Kund', notes: updated })
      const gone = await Contact.create({ name: 'Kund', notes: deleted })
      assert.include((await fileOf()).toString('latin1'), updated)

      kept.notes = '[anonymised]'
      await kept.save()
      await gone.delete()
    })

    const bytes = (await fileOf()).toString('latin1')
    assert.notInclude(bytes, updated)
    assert.notInclude(bytes, deleted)
  }).skip(!sqlite(), 'SQLite only')
})
