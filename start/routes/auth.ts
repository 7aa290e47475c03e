/**
 * Routes of the auth area.
 */
export {}
