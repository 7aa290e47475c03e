import { column } from '@adonisjs/lucid/orm'

/**
 * A JSON column. SQLite hands back text and MariaDB a parsed value,
 * so both directions are normalised here.
 */
export function jsonColumn(options: Record<string, unknown> = {}) {
  return column({
    ...options,
    prepare: (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value)),
    consume: (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value ?? null),
  })
}

/**
 * A boolean column. Both databases hand back 0 or 1.
 */
export function booleanColumn(options: Record<string, unknown> = {}) {
  return column({
    ...options,
    consume: (value: unknown) => (value === null || value === undefined ? value : Boolean(value)),
  })
}
