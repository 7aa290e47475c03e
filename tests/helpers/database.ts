import app from '@adonisjs/core/services/app'

/**
 * The test database hooks of `testUtils.db()`, without migration
 * locks. Lucid's lock on MySQL and MariaDB is `GET_LOCK('1')`, which
 * is server-wide and may be taken on one pooled connection and
 * released on another; with `migration:run` before every test, two
 * test runs on one server (or a busy pool) then fail with "unable to
 * release database lock". The run migrates once at start, alone, so
 * the lock protects nothing here. Nor does the run regenerate
 * `database/schema.ts`: that file is generated from SQLite on purpose.
 * Each method takes an optional connection name (such as `archive`);
 * without it the default connection is used.
 */
class TestDatabase {
  /**
   * Migrates for the run; the returned function resets the schema.
   */
  async migrate(connection?: string) {
    const flags = [
      '--compact-output',
      '--disable-locks',
      '--no-schema-generate',
      ...this.#connectionFlag(connection),
    ]
    await this.#ace('migration:run', flags)
    return () => this.#ace('migration:reset', flags)
  }

  /**
   * For a test's setup: the returned function empties every table
   * once the test is over.
   */
  async truncate(connection?: string) {
    return () => this.#ace('db:truncate', this.#connectionFlag(connection))
  }

  #connectionFlag(connection?: string) {
    return connection ? [`--connection=${connection}`] : []
  }

  async #ace(name: string, args: string[] = []) {
    const ace = await app.container.make('ace')
    const command = await ace.exec(name, args)
    if (!command.exitCode) return
    throw command.error ?? new Error(`"${name}" failed`)
  }
}

export default new TestDatabase()
