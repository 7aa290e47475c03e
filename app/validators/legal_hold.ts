import vine from '@vinejs/vine'

/**
 * Placing (true) or releasing (false) a legal hold.
 */
export const legalHoldValidator = vine.create({
  hold: vine.boolean(),
})
