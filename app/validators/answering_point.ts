import vine from '@vinejs/vine'

/**
 * Fields of an answering point; the slug is unique per tenant.
 */
const fields = () => ({
  name: vine.string().trim().minLength(1).maxLength(200),
  slug: vine
    .string()
    .trim()
    .toLowerCase()
    .maxLength(63)
    .regex(/^[a-z0-9][a-z0-9-]*$/)
    .unique({
      table: 'answering_points',
      column: 'slug',
      filter: (query, _value, field) => {
        query.where('tenant_id', field.meta.tenantId)
        if (field.meta.pointId) query.whereNot('id', field.meta.pointId)
      },
    }),
  locale: vine.enum(['sv', 'en']).optional(),
})

/**
 * A new answering point.
 */
export const createAnsweringPointValidator = vine
  .withMetaData<{ tenantId: number }>()
  .create(fields())

/**
 * Changes to an answering point.
 */
export const updateAnsweringPointValidator = vine
  .withMetaData<{ tenantId: number; pointId: number }>()
  .create(fields())
