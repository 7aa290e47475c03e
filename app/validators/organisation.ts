import vine from '@vinejs/vine'

/**
 * A company in the CRM.
 */
export const organisationValidator = vine.create({
  name: vine.string().trim().minLength(1).maxLength(255),
  domain: vine
    .string()
    .trim()
    .toLowerCase()
    .maxLength(253)
    .regex(/^(?!-)[a-z0-9-]{1,63}(\.[a-z0-9-]{1,63})+$/)
    .optional(),
  notes: vine.string().trim().maxLength(10_000).optional(),
})
