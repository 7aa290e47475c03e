import Contact from '#models/contact'
import ContactIdentity, { type IdentityType } from '#models/contact_identity'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'

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
    trx?: TransactionClientContract
  ) {
    const normalised = normaliseIdentity(type, value)
    const identity = await ContactIdentity.query({ client: trx })
      .where('type', type)
      .where('value', normalised)
      .first()

    if (identity) {
      const contact = await Contact.query({ client: trx })
        .where('id', identity.contactId)
        .firstOrFail()
      if (!contact.name && name) {
        contact.name = name
        await contact.save()
      }
      return contact
    }

    const contact = await Contact.create({ name: name || null }, { client: trx })
    await ContactIdentity.create(
      { contactId: contact.id, type, value: normalised },
      { client: trx }
    )
    return contact
  }
}

export default new ContactService()
