import { DateTime } from 'luxon'

/**
 * Where retention reads the time, so tests can move it forward.
 */
export interface Clock {
  now(): DateTime
}

/**
 * The real clock, in UTC.
 */
export const systemClock: Clock = {
  now: () => DateTime.utc(),
}

/**
 * A clock fixed at one instant.
 */
export function fixedClock(at: DateTime): Clock {
  return { now: () => at }
}

/**
 * The SQL text of a time, as Lucid stores datetimes on both
 * databases.
 */
export function sqlTime(at: DateTime) {
  return at.toUTC().toFormat('yyyy-MM-dd HH:mm:ss')
}
