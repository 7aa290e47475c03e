import { randomUUID } from 'node:crypto'
import drive from '@adonisjs/drive/services/main'
import { TenantContext } from '#services/tenant_context'

/**
 * Stores files under generated keys, grouped per tenant, so original
 * names (any characters) live only in the database.
 */
export class AttachmentStore {
  /**
   * Writes the bytes and returns the generated key.
   */
  async put(kind: 'attachments' | 'raw', content: Buffer | Uint8Array) {
    const tenantId = TenantContext.require()
    const now = new Date()
    const month = `${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, '0')}`
    const key = `t${tenantId}/${kind}/${month}/${randomUUID()}`
    await drive.use().put(key, content as Uint8Array)
    return key
  }

  /**
   * Writes the bytes under a caller-chosen key (content-addressed raw
   * messages), skipping the write when the key already exists.
   */
  async putOnce(key: string, content: Buffer | Uint8Array) {
    const disk = drive.use()
    if (!(await disk.exists(key))) await disk.put(key, content as Uint8Array)
    return key
  }

  /**
   * Writes the bytes under a content-addressed key the caller knows to
   * be new, without the existence check of `putOnce`: the same key
   * always holds the same bytes, so a repeated write changes nothing.
   */
  async putAt(key: string, content: Buffer | Uint8Array) {
    await drive.use().put(key, content as Uint8Array)
    return key
  }

  /**
   * Reads the bytes back.
   */
  async get(key: string) {
    return Buffer.from(await drive.use().getBytes(key))
  }

  /**
   * Removes a file; a missing file is not an error.
   */
  async delete(key: string) {
    await drive.use().delete(key)
  }
}

export default new AttachmentStore()
