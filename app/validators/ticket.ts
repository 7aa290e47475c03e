import vine from '@vinejs/vine'
import { TICKET_PRIORITIES, TICKET_STATUSES } from '#models/ticket'
import { TenantContext } from '#services/tenant_context'

/** Largest upload per file, as the email channel accepts. */
const MAX_FILE = '25mb'

const body = () => vine.string().trim().minLength(1).maxLength(100_000)
const attachments = () =>
  vine
    .array(vine.file({ size: MAX_FILE }))
    .maxLength(20)
    .optional()

/**
 * A reply, the status to set once it is queued (empty keeps the
 * current one) and optional files.
 */
export const replyValidator = vine.create({
  body: body(),
  status: vine.enum(['open', 'pending', 'solved'] as const).optional(),
  attachments: attachments(),
})

/**
 * An internal note with optional files.
 */
export const noteValidator = vine.create({
  body: body(),
  attachments: attachments(),
})

/**
 * A status change.
 */
export const statusValidator = vine.create({
  status: vine.enum(TICKET_STATUSES),
})

/**
 * A priority change.
 */
export const priorityValidator = vine.create({
  priority: vine.enum(TICKET_PRIORITIES),
})

/**
 * An assignment: `me`, `none` or a user id.
 */
export const assigneeValidator = vine.create({
  assignee: vine
    .string()
    .trim()
    .regex(/^(me|none|\d{1,10})$/),
})

/**
 * A tag to add.
 */
export const tagValidator = vine.create({
  name: vine.string().trim().minLength(1).maxLength(64),
})

/**
 * A ticket an agent opens by hand for a contact: an existing contact,
 * or a name, email address or phone number to find or create one.
 */
export const newTicketValidator = vine.create({
  subject: vine.string().trim().minLength(1).maxLength(998),
  body: vine.string().trim().maxLength(100_000).optional(),
  answeringPointId: vine.number().withoutDecimals().positive().optional(),
  priority: vine.enum(TICKET_PRIORITIES),
  assignToMe: vine.boolean().optional(),
  contactId: vine
    .number()
    .withoutDecimals()
    .positive()
    .exists({
      table: 'contacts',
      column: 'id',
      filter: (query) => {
        query.where('tenant_id', TenantContext.require())
      },
    })
    .optional(),
  contactName: vine
    .string()
    .trim()
    .maxLength(255)
    .optional()
    .requiredIfMissing(['contactId', 'contactEmail', 'contactPhone']),
  contactEmail: vine.string().trim().maxLength(254).email().toLowerCase().optional(),
  contactPhone: vine
    .string()
    .trim()
    .regex(/^\+?[\d\s()./-]{3,32}$/)
    .optional(),
})
