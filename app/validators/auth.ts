import vine from '@vinejs/vine'

/**
 * An account's email address, compared in lower case everywhere.
 * Host names without a dot (`operator@localhost`, intranet domains)
 * are allowed.
 */
export const accountEmail = () =>
  vine.string().trim().toLowerCase().email({ require_tld: false }).maxLength(254)

/**
 * A new password: long enough to resist guessing, short enough for
 * the hasher.
 */
export const newPassword = () => vine.string().minLength(10).maxLength(128)

/**
 * The login form, for tenant users and platform operators.
 */
export const loginValidator = vine.create({
  email: accountEmail(),
  password: vine.string().maxLength(128),
})

/**
 * The "forgot password" form.
 */
export const forgotPasswordValidator = vine.create({
  email: accountEmail(),
})

/**
 * The form behind a password reset link.
 */
export const resetPasswordValidator = vine.create({
  password: newPassword().confirmed(),
})
