import vine from '@vinejs/vine'
import { IANAZone } from 'luxon'

/**
 * An IANA time zone name such as Europe/Stockholm.
 */
const timeZoneRule = vine.createRule((value, _options, field) => {
  if (typeof value !== 'string') return
  if (!IANAZone.isValidZone(value)) {
    field.report('The {{ field }} field must be a time zone', 'time_zone', field)
  }
})

/**
 * The tenant settings an admin may change.
 */
export const tenantSettingsValidator = vine.create({
  default_locale: vine.enum(['sv', 'en']),
  time_zone: vine.string().trim().maxLength(64).use(timeZoneRule()).optional(),
  agents_see_all_points: vine.boolean().optional(),
})
