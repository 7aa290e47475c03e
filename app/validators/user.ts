import vine from '@vinejs/vine'
import { accountEmail, newPassword } from '#validators/auth'

export const ROLES = ['admin', 'supervisor', 'agent'] as const

/**
 * Unique per tenant; on update the user's own row is ignored.
 */
const email = () =>
  accountEmail().unique({
    table: 'users',
    column: 'email',
    filter: (query, _value, field) => {
      query.where('tenant_id', field.meta.tenantId)
      if (field.meta.userId) query.whereNot('id', field.meta.userId)
    },
  })

const fields = () => ({
  full_name: vine.string().trim().minLength(1).maxLength(200),
  email: email(),
  role: vine.enum(ROLES),
  locale: vine.enum(['sv', 'en']).optional(),
  answering_points: vine.array(vine.number().positive()).optional(),
})

/**
 * A new user. Without a password the user gets a link to set one.
 */
export const createUserValidator = vine.withMetaData<{ tenantId: number }>().create({
  ...fields(),
  password: newPassword().optional(),
})

/**
 * Changes to a user. A blank password keeps the current one.
 */
export const updateUserValidator = vine
  .withMetaData<{ tenantId: number; userId: number }>()
  .create({
    ...fields(),
    active: vine.boolean().optional(),
    password: newPassword().optional(),
  })
