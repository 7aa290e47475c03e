import Holidays from 'date-holidays'

/**
 * The Swedish public holidays and the eves commonly closed, each with
 * the date-holidays rule that finds it. The rule is the stable link to
 * the library's data; a year in which a rule yields nothing simply
 * lacks that holiday.
 */
export const HOLIDAYS = [
  { key: 'new_years_day', rule: '01-01', eve: false },
  { key: 'epiphany', rule: '01-06', eve: false },
  { key: 'good_friday', rule: 'easter -2', eve: false },
  { key: 'easter_eve', rule: 'easter -1', eve: true },
  { key: 'easter_day', rule: 'easter', eve: false },
  { key: 'easter_monday', rule: 'easter 1', eve: false },
  { key: 'may_day', rule: '05-01', eve: false },
  { key: 'ascension_day', rule: 'easter 39', eve: false },
  { key: 'national_day', rule: '06-06 since 2005', eve: false },
  { key: 'whitsun_eve', rule: 'easter 48', eve: true },
  { key: 'whitsunday', rule: 'easter 49', eve: false },
  { key: 'midsummer_eve', rule: 'friday after 06-19', eve: true },
  { key: 'midsummer_day', rule: 'saturday after 06-20', eve: false },
  { key: 'all_saints_day', rule: 'saturday after 10-31', eve: false },
  { key: 'christmas_eve', rule: '12-24', eve: true },
  { key: 'christmas_day', rule: '12-25', eve: false },
  { key: 'boxing_day', rule: '12-26', eve: false },
  { key: 'new_years_eve', rule: '12-31', eve: true },
] as const

export type HolidayKey = (typeof HOLIDAYS)[number]['key']

export const HOLIDAY_KEYS: HolidayKey[] = HOLIDAYS.map((h) => h.key)

/** One holiday on one date (`YYYY-MM-DD`, local to Sweden). */
export interface HolidayDate {
  key: HolidayKey
  date: string
  name: string
  eve: boolean
}

const byRule = new Map<string, (typeof HOLIDAYS)[number]>(HOLIDAYS.map((h) => [h.rule, h]))
const cache = new Map<number, HolidayDate[]>()
let library: Holidays | null = null

/**
 * The holidays of a year, in date order, with their Swedish names.
 */
export function holidaysOfYear(year: number): HolidayDate[] {
  const cached = cache.get(year)
  if (cached) return cached
  library ??= new Holidays('SE')
  const found: HolidayDate[] = []
  for (const entry of library.getHolidays(year, 'sv')) {
    const known = byRule.get(entry.rule)
    if (!known) continue
    found.push({
      key: known.key,
      date: entry.date.slice(0, 10),
      name: entry.name,
      eve: known.eve,
    })
  }
  found.sort((a, b) => a.date.localeCompare(b.date))
  cache.set(year, found)
  return found
}

/**
 * The holiday on a date (`YYYY-MM-DD`), if any.
 */
export function holidayOn(date: string): HolidayDate | undefined {
  return holidaysOfYear(Number(date.slice(0, 4))).find((h) => h.date === date)
}
