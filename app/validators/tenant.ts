import vine from '@vinejs/vine'
import { accountEmail, newPassword } from '#validators/auth'

/**
 * Host names the platform keeps for itself.
 */
export const RESERVED_SLUGS = [
  'www',
  'mail',
  'smtp',
  'imap',
  'api',
  'app',
  'admin',
  'console',
  'platform',
  'static',
  'assets',
]

export const LOCALES = ['sv', 'en'] as const

const name = () => vine.string().trim().minLength(2).maxLength(200)

/**
 * A new tenant with its first admin.
 */
export const createTenantValidator = vine.create({
  slug: vine
    .string()
    .trim()
    .toLowerCase()
    .minLength(2)
    .maxLength(63)
    .regex(/^[a-z0-9][a-z0-9-]*$/)
    .notIn(RESERVED_SLUGS)
    .unique({ table: 'tenants', column: 'slug' }),
  name: name(),
  default_locale: vine.enum(LOCALES),
  admin_name: vine.string().trim().minLength(1).maxLength(200),
  admin_email: accountEmail(),
  admin_password: newPassword(),
})

/**
 * What an operator may change on a tenant.
 */
export const updateTenantValidator = vine.create({
  name: name(),
  default_locale: vine.enum(LOCALES),
  active: vine.boolean().optional(),
})

/**
 * Enabling or disabling one module for a tenant.
 */
export const tenantModuleValidator = vine.create({
  enabled: vine.boolean(),
})
