/**
 * Routes of the admin area.
 */
export {}
