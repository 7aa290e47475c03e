import vine from '@vinejs/vine'

/**
 * The operator's data-processing agreement text.
 */
export const dpaValidator = vine.create({
  text: vine.string().trim().minLength(1).maxLength(200_000),
})

/**
 * Finding a person by email address, phone number or name.
 */
export const subjectSearchValidator = vine.create({
  q: vine.string().trim().minLength(2).maxLength(254).optional(),
})

/**
 * A new data-subject request for one contact. Anonymisation needs the
 * explicit confirmation of the second step.
 */
export const privacyRequestValidator = vine.create({
  contact_id: vine.number().withoutDecimals().positive(),
  kind: vine.enum(['export', 'anonymise']),
  confirm: vine.boolean().optional(),
})
