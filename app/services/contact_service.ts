import Contact from '#models/contact'
import ContactIdentity, { type IdentityType } from '#models/contact_identity'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { TenantContext } from '#services/tenant_context'
import { sqlTime } from '#services/ticket_query_service'

/**
 * Normalises an identity value so lookups match regardless of case
 * and formatting.
 */
export function normaliseIdentity(type: IdentityType, value: string) {
  const trimmed = value.trim()
  if (type === 'email') return trimmed.toLowerCase()
  if (type === 'phone') return trimmed.replace(/[^\d+]/g, '')
  return trimmed
}

/**
 * Contacts already resolved during one run of work, by `type:value`.
 * A caller that stores many messages in a row (an email batch) keeps
 * one, so a frequent sender costs one lookup, not one per message;
 * it must drop it when its transaction rolls back.
 */
export type ContactMemo = Map<string, Contact>

/**
 * Finds and creates CRM contacts by their identities.
 */
export class ContactService {
  /**
   * The contact reached by this identity, created when unknown. A
   * known contact without a name takes the given one.
   */
  async resolve(
    type: IdentityType,
    value: string,
    name: string | null,
    trx?: TransactionClientContract,
    memo?: ContactMemo
  ) {
    const normalised = normaliseIdentity(type, value)
    const key = `${type}:${normalised}`
    const known = memo?.get(key) ?? (await this.findByIdentity(type, normalised, trx))

    if (known) {
      if (!known.name && name) {
        /* A memo's contact may come from an earlier transaction. */
        if (trx) known.useTransaction(trx)
        known.name = name
        await known.save()
      }
      memo?.set(key, known)
      return known
    }

    const contact = await Contact.create({ name: name || null }, { client: trx })
    await ContactIdentity.create(
      { contactId: contact.id, type, value: normalised },
      { client: trx }
    )
    memo?.set(key, contact)
    return contact
  }

  /**
   * Records that a channel cannot reach an identity for good (an
   * address a bounce reported as failed), keeping the channel's status
   * code only. An identity no contact has is left unknown.
   */
  async markUndeliverable(
    type: IdentityType,
    value: string,
    status: string | null,
    trx?: TransactionClientContract
  ) {
    await ContactIdentity.query({ client: trx })
      .where('type', type)
      .where('value', normaliseIdentity(type, value))
      .update({
        undeliverable_at: sqlTime(new Date()),
        undeliverable_status: status?.slice(0, 16) ?? null,
      })
  }

  /**
   * Clears the undeliverable mark of a contact's identity, because
   * the person wrote from it again.
   */
  async markDeliverable(
    contact: Contact,
    type: IdentityType,
    value: string,
    trx?: TransactionClientContract
  ) {
    await ContactIdentity.query({ client: trx })
      .where('contact_id', contact.id)
      .where('type', type)
      .where('value', normaliseIdentity(type, value))
      .update({ undeliverable_at: null, undeliverable_status: null })
    contact.$extras.identity_undeliverable_at = null
  }

  /**
   * The contact owning a normalised identity, read with the identity
   * in one query through the (tenant_id, type, value) unique index.
   * `$extras.identity_undeliverable_at` tells whether the identity
   * is marked undeliverable.
   */
  protected findByIdentity(
    type: IdentityType,
    normalised: string,
    trx?: TransactionClientContract
  ) {
    const query = Contact.query({ client: trx })
      .select('contacts.*', 'contact_identities.undeliverable_at as identity_undeliverable_at')
      .join('contact_identities', 'contact_identities.contact_id', 'contacts.id')
      .where('contact_identities.type', type)
      .where('contact_identities.value', normalised)
    const tenantId = TenantContext.current()
    if (tenantId !== null) query.where('contact_identities.tenant_id', tenantId)
    return query.first()
  }
}

export default new ContactService()
