import vine from '@vinejs/vine'
import { appDomain } from '#config/app'
import { isHostname } from '#services/tenant_resolver'
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

/**
 * A plain host name that the platform's own domain does not cover.
 */
function hostnameRule() {
  return vine.createRule((value, _options, field) => {
    if (typeof value !== 'string') return
    const own = value === appDomain || value.endsWith(`.${appDomain}`)
    if (!isHostname(value)) field.report('Not a host name', 'custom_domain', field)
    else if (own) {
      field.report('Under the platform domain', 'custom_domain_own', field, {
        domain: appDomain,
      })
    }
  })()
}

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
 * A custom domain: a host name outside the platform's own domain,
 * used by no other tenant.
 */
const customDomain = vine
  .string()
  .trim()
  .toLowerCase()
  .maxLength(253)
  .use(hostnameRule())
  .unique(async (db, value, field) => {
    const taken = await db
      .from('tenants')
      .where('custom_domain', value)
      .whereNot('id', field.meta.tenantId)
      .first()
    return !taken
  })

/**
 * What an operator may change on a tenant.
 */
export const updateTenantValidator = vine.withMetaData<{ tenantId: number }>().create({
  name: name(),
  default_locale: vine.enum(LOCALES),
  active: vine.boolean().optional(),
  custom_domain: customDomain.optional(),
})

/**
 * Enabling or disabling one module for a tenant.
 */
export const tenantModuleValidator = vine.create({
  enabled: vine.boolean(),
})
