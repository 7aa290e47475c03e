import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'
import db from '@adonisjs/lucid/services/db'
import { sqlTime } from '#services/ticket_query_service'

/**
 * Named, expiring leases in the database. A worker process claims a
 * lease before it starts a long-lived job (a mailbox's fetcher) and
 * renews it while the job runs; a lease that is not renewed expires,
 * so another worker takes the job over when its holder dies.
 */
export class LeaseService {
  /**
   * This process's name in the leases it holds.
   */
  readonly owner: string

  constructor(owner?: string) {
    this.owner = owner ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`
  }

  /**
   * Takes the lease, or renews it when this process holds it, for
   * `ttlMs` from now. Returns whether this process holds it.
   */
  async claim(name: string, ttlMs: number) {
    const now = new Date()
    const expiresAt = sqlTime(new Date(now.getTime() + ttlMs))

    /* Renew our own lease or take over an expired one. */
    const updated = await db
      .from('leases')
      .where('name', name)
      .where((held) => {
        held.where('owner', this.owner).orWhere('expires_at', '<', sqlTime(now))
      })
      .update({ owner: this.owner, expires_at: expiresAt })
    if (affectedRows(updated) > 0) return true

    /* No row yet: the first insert wins, a second one is ignored. */
    await db
      .table('leases')
      .insert({ name, owner: this.owner, expires_at: expiresAt })
      .onConflict('name')
      .ignore()
    const row = await db.from('leases').where('name', name).select('owner').first()
    return row?.owner === this.owner
  }

  /**
   * Gives the lease up, if this process holds it.
   */
  async release(name: string) {
    await db.from('leases').where('name', name).where('owner', this.owner).delete()
  }
}

/**
 * The affected-row count of an update on either driver.
 */
function affectedRows(result: unknown) {
  return Number(Array.isArray(result) ? result[0] : result) || 0
}

export default new LeaseService()
