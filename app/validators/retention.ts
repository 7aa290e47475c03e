import vine from '@vinejs/vine'

/**
 * One answering point's retention periods: per class an amount and a
 * unit; an empty amount keeps the platform period.
 */
export const pointRetentionValidator = vine.create({
  periods: vine.record(
    vine.object({
      amount: vine.number().withoutDecimals().min(1).max(1000).optional(),
      unit: vine.enum(['days', 'months', 'years'] as const),
    })
  ),
})

/**
 * Searching the archive.
 */
export const archiveSearchValidator = vine.create({
  q: vine.string().trim().maxLength(200).optional(),
  page: vine.number().withoutDecimals().min(1).optional(),
})

/**
 * Deleting from the archive: only with the confirmation step's
 * `confirm=1`.
 */
export const archiveDeleteValidator = vine.create({
  confirm: vine.boolean().optional(),
})
