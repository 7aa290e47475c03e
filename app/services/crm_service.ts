import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Contact from '#models/contact'
import ContactIdentity, { type IdentityType } from '#models/contact_identity'
import Organisation from '#models/organisation'
import { normaliseIdentity } from '#services/contact_service'
import { TenantContext } from '#services/tenant_context'
import { likePattern } from '#services/ticket_query_service'
import { IdentityTakenException } from '#exceptions/tickets_errors'

/**
 * The editable fields of a contact.
 */
export interface ContactFields {
  name?: string | null
  organisationId?: number | null
  customerNumber?: string | null
  notes?: string | null
}

/**
 * The editable fields of an organisation.
 */
export interface OrganisationFields {
  name: string
  domain?: string | null
  notes?: string | null
}

export const CRM_PAGE_SIZE = 50

/**
 * Contacts, their identities and organisations as agents edit them.
 * An email address or phone number belongs to at most one contact per
 * tenant; taking one that is in use fails with a clear field error.
 */
export class CrmService {
  /**
   * Contacts matching a name, email address or phone number, by name.
   */
  searchContacts(q: string | null, page: number) {
    const query = Contact.query()
      .preload('identities', (identities) => identities.orderBy('id', 'asc'))
      .preload('organisation')
      .orderBy('name', 'asc')
      .orderBy('id', 'asc')
    if (q) {
      /* Phone numbers are stored as typed digits (`0701234567` or
         `+46701234567`): both forms are found from either, by the
         number without its trunk zero or Swedish country code. */
      const digits = nationalDigits(q)
      query.where((match) => {
        match.whereRaw('contacts.name LIKE ? ESCAPE ?', [likePattern(q), '!'])
        match.orWhereIn('contacts.id', (ids) => {
          ids
            .from('contact_identities')
            .select('contact_id')
            .where('tenant_id', TenantContext.require())
          ids.where((value) => {
            value.whereRaw('value LIKE ? ESCAPE ?', [likePattern(q.toLowerCase()), '!'])
            if (digits.length >= 3) {
              value.orWhereRaw('value LIKE ? ESCAPE ?', [likePattern(digits), '!'])
            }
          })
        })
      })
    }
    return query.paginate(page, CRM_PAGE_SIZE)
  }

  /**
   * Creates a contact with its first email address and phone number.
   */
  async createContact(fields: ContactFields, email?: string | null, phone?: string | null) {
    return db.transaction(async (trx) => {
      const contact = await Contact.create(this.contactValues(fields), { client: trx })
      if (email) await this.attachIdentity(contact, 'email', email, 'email', trx)
      if (phone) await this.attachIdentity(contact, 'phone', phone, 'phone', trx)
      return contact
    })
  }

  /**
   * Saves a contact's fields.
   */
  async updateContact(contact: Contact, fields: ContactFields) {
    contact.merge(this.contactValues(fields))
    await contact.save()
    return contact
  }

  /**
   * Adds an email address or phone number to a contact.
   */
  async addIdentity(contact: Contact, type: IdentityType, value: string) {
    return db.transaction((trx) => this.attachIdentity(contact, type, value, type, trx))
  }

  /**
   * Removes one of the contact's identities.
   */
  async removeIdentity(contact: Contact, identityId: number) {
    const identity = await ContactIdentity.query()
      .where('contact_id', contact.id)
      .where('id', identityId)
      .firstOrFail()
    await identity.delete()
  }

  /**
   * Organisations whose name or domain matches, by name.
   */
  searchOrganisations(q: string | null, page: number) {
    const query = Organisation.query()
      .withCount('contacts')
      .orderBy('name', 'asc')
      .orderBy('id', 'asc')
    if (q) {
      query.where((match) => {
        match
          .whereRaw('organisations.name LIKE ? ESCAPE ?', [likePattern(q), '!'])
          .orWhereRaw('organisations.domain LIKE ? ESCAPE ?', [likePattern(q), '!'])
      })
    }
    return query.paginate(page, CRM_PAGE_SIZE)
  }

  /**
   * Creates or updates an organisation.
   */
  async saveOrganisation(organisation: Organisation | null, fields: OrganisationFields) {
    const values = {
      name: fields.name,
      domain: fields.domain ?? null,
      notes: fields.notes ?? null,
    }
    if (!organisation) return Organisation.create(values)
    organisation.merge(values)
    await organisation.save()
    return organisation
  }

  protected contactValues(fields: ContactFields) {
    return {
      name: fields.name ?? null,
      organisationId: fields.organisationId ?? null,
      customerNumber: fields.customerNumber ?? null,
      notes: fields.notes ?? null,
    }
  }

  /**
   * Stores a normalised identity unless another contact has it. The
   * unique index settles a race between two requests.
   */
  protected async attachIdentity(
    contact: Contact,
    type: IdentityType,
    raw: string,
    field: string,
    trx: TransactionClientContract
  ) {
    const value = normaliseIdentity(type, raw)
    const existing = await ContactIdentity.query({ client: trx })
      .where('type', type)
      .where('value', value)
      .first()
    if (existing) {
      if (existing.contactId === contact.id) return existing
      const owner = await Contact.query({ client: trx })
        .where('id', existing.contactId)
        .preload('identities')
        .first()
      throw new IdentityTakenException(field, 'contacts.errors.identity_taken', {
        value,
        contact: owner?.displayName ?? '',
      })
    }
    try {
      return await ContactIdentity.create({ contactId: contact.id, type, value }, { client: trx })
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new IdentityTakenException(field, 'contacts.errors.identity_taken', {
          value,
          contact: '',
        })
      }
      throw error
    }
  }
}

/**
 * Whether a database error is a unique-key violation, on SQLite or
 * MariaDB.
 */
function isUniqueViolation(error: unknown) {
  const code = (error as { code?: string })?.code
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'ER_DUP_ENTRY'
}

export default new CrmService()

/**
 * The digits of a phone number without a leading trunk zero or the
 * Swedish country code (`+46`, `0046`), so any written form of one
 * number shares them.
 */
export function nationalDigits(value: string) {
  const international = /^\s*(\+|00)\s*46/.test(value)
  const digits = value.replace(/[^\d]/g, '')
  return (international ? digits.replace(/^(00)?46/, '') : digits).replace(/^0+/, '')
}
