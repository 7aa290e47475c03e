import vine from '@vinejs/vine'

type Meta = { tenantId: number; mailboxId?: number }

const host = () =>
  vine
    .string()
    .trim()
    .maxLength(253)
    .regex(/^[A-Za-z0-9.-]+$/)
const port = () => vine.number().withoutDecimals().range([1, 65535]).optional()
const secret = () => vine.string().maxLength(500).optional()
const flag = () => vine.boolean().optional()

/**
 * Fields of a mailbox. The address is unique per tenant, the answering
 * point must be the tenant's own, and IMAP intake needs an account.
 */
const fields = () => ({
  answering_point_id: vine.number().exists({
    table: 'answering_points',
    column: 'id',
    filter: (query, _value, field) => {
      query.where('tenant_id', field.meta.tenantId)
    },
  }),
  name: vine.string().trim().minLength(1).maxLength(200),
  address: vine
    .string()
    .trim()
    .toLowerCase()
    .maxLength(254)
    .email()
    .unique({
      table: 'email_mailboxes',
      column: 'address',
      filter: (query, _value, field) => {
        query.where('tenant_id', field.meta.tenantId)
        if (field.meta.mailboxId) query.whereNot('id', field.meta.mailboxId)
      },
    }),
  intake: vine.enum(['imap', 'forward'] as const),
  imap_host: host().optional().requiredWhen('intake', '=', 'imap'),
  imap_port: port(),
  imap_tls: flag(),
  imap_user: vine.string().trim().maxLength(254).optional().requiredWhen('intake', '=', 'imap'),
  imap_folder: vine.string().trim().maxLength(200).optional(),
  clear_imap_password: flag(),
  smtp_host: host().optional(),
  smtp_port: port(),
  smtp_tls: flag(),
  smtp_user: vine.string().trim().maxLength(254).optional(),
  smtp_password: secret(),
  clear_smtp_password: flag(),
  auto_create: flag(),
  auto_reply: flag(),
  auto_reply_subject: vine.string().trim().maxLength(255).optional(),
  auto_reply_body: vine
    .string()
    .maxLength(10000)
    .optional()
    .requiredWhen((field) => ['1', 'on', 'true', true].includes(field.parent.auto_reply)),
  active: flag(),
})

/**
 * A new mailbox. IMAP intake needs its password now.
 */
export const createMailboxValidator = vine.withMetaData<Meta>().create({
  ...fields(),
  imap_password: secret().requiredWhen('intake', '=', 'imap'),
})

/**
 * Changes to a mailbox. A blank password keeps the stored one.
 */
export const updateMailboxValidator = vine.withMetaData<Meta>().create({
  ...fields(),
  imap_password: secret(),
})
