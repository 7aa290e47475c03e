import { Duration } from 'luxon'

/**
 * An ISO 8601 period in words in the locale ("2 years", "3 månader").
 */
export function describePeriod(iso: string, locale: string) {
  return Duration.fromISO(iso).reconfigure({ locale }).toHuman({ listStyle: 'long' })
}
