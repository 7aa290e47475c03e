/**
 * Routes of the platform area.
 */
export {}
