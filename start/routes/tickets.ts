/**
 * Routes of the tickets area.
 */
export {}
