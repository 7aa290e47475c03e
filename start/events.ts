/**
 * Application event listeners.
 */
