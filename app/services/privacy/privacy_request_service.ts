import { DateTime } from 'luxon'
import logger from '@adonisjs/core/services/logger'
import config from '@adonisjs/core/services/config'
import db from '@adonisjs/lucid/services/db'
import Contact from '#models/contact'
import Ticket from '#models/ticket'
import PrivacyRequest, { type PrivacyRequestKind } from '#models/privacy_request'
import attachmentStore from '#services/attachment_store'
import crm from '#services/crm_service'
import audit from '#services/privacy/privacy_audit_service'
import { TenantContext } from '#services/tenant_context'
import { LegalHoldException } from '#exceptions/privacy_errors'

/**
 * Days an export bundle can be downloaded before it is deleted.
 */
export function bundleDays() {
  return config.get<number>('privacy.exportBundleDays')
}

/**
 * Data-subject requests of the current tenant: finding the person,
 * queueing exports and anonymisations, and expiring bundles. The work
 * itself runs in the worker (PrivacyExportJob, PrivacyAnonymiseJob).
 */
export class PrivacyRequestService {
  /**
   * Contacts matching an email address, phone number, name or `#id`,
   * each with its identities and number of tickets. Digits without
   * `#` are a phone number, not a contact id.
   */
  async search(q: string) {
    const byId = q.trim().match(/^#(\d+)$/)
    const contacts = byId
      ? await Contact.query().where('id', Number(byId[1])).preload('identities')
      : (await crm.searchContacts(q, 1)).all()
    if (!contacts.length) return []

    const counts = await Ticket.query()
      .whereIn(
        'contact_id',
        contacts.map((contact) => contact.id)
      )
      .groupBy('contact_id')
      .select('contact_id')
      .count('* as total')
    const tickets = new Map(counts.map((row) => [row.contactId, Number(row.$extras.total)]))
    return contacts.map((contact) => ({ contact, tickets: tickets.get(contact.id) ?? 0 }))
  }

  /**
   * Records a request for a contact of the current tenant and queues
   * its job. The payload carries ids only.
   */
  async request(kind: PrivacyRequestKind, contactId: number, userId: number) {
    const tenantId = TenantContext.require()
    const contact = await Contact.findOrFail(contactId)
    if (kind === 'anonymise' && (await this.onLegalHold(contact.id))) {
      throw new LegalHoldException()
    }
    const request = await PrivacyRequest.create({
      kind,
      contactId: contact.id,
      requestedBy: userId,
      status: 'queued',
    })
    await audit.record({
      actor: { type: 'user', id: userId },
      action: `${kind}_requested`,
      tenantId,
      contactId: contact.id,
      requestId: request.id,
    })

    const payload = { tenantId, requestId: request.id }
    if (kind === 'export') {
      const { default: PrivacyExportJob } = await import('#jobs/privacy_export_job')
      await PrivacyExportJob.dispatch(payload)
    } else {
      const { default: PrivacyAnonymiseJob } = await import('#jobs/privacy_anonymise_job')
      await PrivacyAnonymiseJob.dispatch(payload)
    }
    return request.refresh()
  }

  /**
   * Runs a queued request in the worker: builds the export bundle or
   * anonymises the contact, then records the outcome and audits it.
   * A request already finished is left alone (a repeated job).
   */
  async perform(tenantId: number, requestId: number) {
    return TenantContext.run(tenantId, async () => {
      const request = await PrivacyRequest.find(requestId)
      if (!request || !['queued', 'running'].includes(request.status)) return
      request.status = 'running'
      await request.save()

      const { default: exporter } = await import('#services/privacy/subject_export_service')
      const { default: anonymiser } = await import('#services/privacy/subject_anonymise_service')
      let counts: Record<string, number>
      if (request.kind === 'export') {
        const bundle = await exporter.bundle(request.contactId)
        counts = bundle.counts
        request.merge({
          bundleKey: bundle.key,
          bundleSize: bundle.size,
          expiresAt: DateTime.utc().plus({ days: bundleDays() }),
        })
      } else if (await this.onLegalHold(request.contactId)) {
        /* A hold placed after the request was made. */
        return this.#finishFailed(request, LegalHoldException.code)
      } else {
        counts = await anonymiser.anonymise(request.contactId)
      }
      request.merge({ status: 'done', counts, finishedAt: DateTime.utc(), error: null })
      await request.save()

      await audit.record({
        actor: { type: 'system', id: null },
        action: request.kind === 'export' ? 'export_completed' : 'anonymised',
        tenantId,
        contactId: request.contactId,
        requestId: request.id,
        counts,
      })
    })
  }

  /**
   * Marks a request failed once its job gave up. The reason kept is
   * the error's code or class, never its message, which may quote
   * personal data.
   */
  async fail(tenantId: number, requestId: number, error: Error) {
    await TenantContext.run(tenantId, async () => {
      const request = await PrivacyRequest.find(requestId)
      if (!request) return
      const reason = (error as Error & { code?: string }).code ?? error.name
      await this.#finishFailed(request, reason)
    })
  }

  /**
   * Whether the contact or one of their tickets, in production or in
   * the archive, is on legal hold.
   */
  async onLegalHold(contactId: number) {
    const tenantId = TenantContext.require()
    const contact = await Contact.findOrFail(contactId)
    if (contact.legalHold) return true
    for (const name of [undefined, 'archive']) {
      const held = await db
        .connection(name)
        .from('tickets')
        .where({ tenant_id: tenantId, contact_id: contactId })
        .where('legal_hold', true)
        .first()
      if (held) return true
    }
    return false
  }

  async #finishFailed(request: PrivacyRequest, reason: string) {
    request.merge({ status: 'failed', error: reason, finishedAt: DateTime.utc() })
    await request.save()
    await audit.record({
      actor: { type: 'system', id: null },
      action: `${request.kind}_failed`,
      tenantId: request.tenantId,
      contactId: request.contactId,
      requestId: request.id,
    })
  }

  /**
   * The current tenant's latest requests, newest first.
   */
  latest(limit = 50) {
    return PrivacyRequest.query().orderBy('id', 'desc').limit(limit)
  }

  /**
   * Deletes the bundles whose time is up, for the current tenant or,
   * when bypassing the tenant scope, for every tenant.
   */
  async expireBundles(now = DateTime.utc()) {
    const due = await PrivacyRequest.query()
      .where('kind', 'export')
      .whereNotNull('bundle_key')
      .where('expires_at', '<=', now.toFormat('yyyy-MM-dd HH:mm:ss'))
    for (const request of due) await this.dropBundle(request)
    return due.length
  }

  /**
   * Deletes the bundle file of a request, forgets its key and audits
   * the deletion.
   */
  async dropBundle(request: PrivacyRequest) {
    if (request.bundleKey) await attachmentStore.delete(request.bundleKey)
    request.merge({ bundleKey: null, bundleSize: null, status: 'expired' })
    await request.save()
    await audit.record({
      actor: { type: 'system', id: null },
      action: 'export_expired',
      tenantId: request.tenantId,
      contactId: request.contactId,
      requestId: request.id,
    })
    logger.info({ requestId: request.id }, 'privacy bundle deleted')
  }
}

export default new PrivacyRequestService()
