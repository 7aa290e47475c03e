import vine from '@vinejs/vine'

/**
 * The tenant settings an admin may change.
 */
export const tenantSettingsValidator = vine.create({
  default_locale: vine.enum(['sv', 'en']),
  agents_see_all_points: vine.boolean().optional(),
})
