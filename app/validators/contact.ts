import vine from '@vinejs/vine'
import { TenantContext } from '#services/tenant_context'

/** Digits with optional leading +, spaces, dashes and brackets. */
export const PHONE_PATTERN = /^\+?[\d\s()./-]{3,32}$/

const email = () => vine.string().trim().maxLength(254).email().toLowerCase()
const phone = () => vine.string().trim().regex(PHONE_PATTERN)

const fields = {
  name: vine.string().trim().maxLength(255).optional(),
  organisationId: vine
    .number()
    .withoutDecimals()
    .positive()
    .exists({
      table: 'organisations',
      column: 'id',
      filter: (query) => {
        query.where('tenant_id', TenantContext.require())
      },
    })
    .optional(),
  customerNumber: vine.string().trim().maxLength(64).optional(),
  notes: vine.string().trim().maxLength(10_000).optional(),
}

/**
 * A new contact with an optional first email address and phone number.
 * A contact needs at least a name or an address.
 */
export const createContactValidator = vine.create({
  ...fields,
  name: vine.string().trim().maxLength(255).optional().requiredIfMissing(['email', 'phone']),
  email: email().optional(),
  phone: phone().optional(),
})

/**
 * The editable fields of a contact; identities are managed on their
 * own.
 */
export const updateContactValidator = vine.create(fields)

/**
 * An email address or phone number to add to a contact.
 */
export const identityValidator = vine.create({
  email: email().optional().requiredIfMissing(['phone']),
  phone: phone().optional(),
})
