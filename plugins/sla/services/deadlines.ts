/**
 * Deadline arithmetic for SLA clocks, free of the database and of the
 * framework so it can be tested with exact expected times.
 *
 * A clock measures business time (time the chosen calendar is open)
 * against a target. It is kept as "business time consumed before
 * `since`" plus, while it runs, the business time from `since` to now.
 * Pausing folds the running part into `consumedMs`; resuming starts a
 * new running part; a policy or calendar change folds the running part
 * with the old calendar and projects the rest with the new one, so the
 * business time already spent is preserved.
 */

/**
 * What the clock needs from a calendar. The calendar plugin's
 * schedules fit it; `ALWAYS_OPEN` counts around the clock.
 */
export interface BusinessSchedule {
  /** Business milliseconds between two instants (0 when b <= a). */
  businessMsBetween(a: Date, b: Date): number
  /**
   * The instant when `ms` business milliseconds after `start` end;
   * null when the calendar never opens long enough.
   */
  addBusinessMs(start: Date, ms: number): Date | null
}

/**
 * A calendar that is open around the clock: business time is wall time.
 */
export const ALWAYS_OPEN: BusinessSchedule = {
  businessMsBetween: (a, b) => Math.max(0, b.getTime() - a.getTime()),
  addBusinessMs: (start, ms) => new Date(start.getTime() + ms),
}

/**
 * The state of one clock.
 */
export interface ClockState {
  /** The target, in business milliseconds. */
  targetMs: number
  /** How long before the deadline (business time) to warn. */
  warnMs: number
  /** Business time consumed before `since`. */
  consumedMs: number
  /** Start of the running part, or when the pause began. */
  since: Date
  paused: boolean
  /** The deadline; null while paused (or if the calendar never opens). */
  dueAt: Date | null
  /** When to warn; null while paused. */
  warnAt: Date | null
}

/**
 * Deadline and warning time of a clock whose running part starts at
 * `since`. A clock already past its target keeps a deadline in the
 * past, where the target ran out, so a re-plan, a pause or a resume
 * after a breach never moves the breach to the moment of the change:
 * the deadline it had is kept when it lies before `since`, else it is
 * counted back from `since` in `past`, the hours the time was spent
 * in. A paused clock has no deadline unless it is already past it.
 */
function project(
  schedule: BusinessSchedule,
  state: ClockState,
  past: BusinessSchedule = schedule
): ClockState {
  const left = state.targetMs - state.consumedMs
  const known = state.dueAt !== null && state.dueAt <= state.since ? state.dueAt : null
  if (state.paused) {
    return { ...state, dueAt: left <= 0 ? known : null, warnAt: null }
  }
  if (left <= 0 && known) {
    const warnAt = state.warnMs > 0 ? businessMsBefore(past, known, state.warnMs) : known
    return { ...state, dueAt: known, warnAt }
  }
  const at = (ms: number) =>
    ms >= 0 ? schedule.addBusinessMs(state.since, ms) : businessMsBefore(past, state.since, -ms)
  return { ...state, dueAt: at(left), warnAt: at(left - state.warnMs) }
}

/* How far back the search for a past deadline looks. */
const LOOKBACK_MS = 400 * 24 * 3_600_000

/**
 * The earliest instant from which `ms` business milliseconds or fewer
 * remain until `end`: where a target ran out, counted back from `end`
 * as if the clock had run throughout. Found by bisection to the
 * millisecond, since a schedule only counts forwards.
 */
export function businessMsBefore(schedule: BusinessSchedule, end: Date, ms: number) {
  const between = (t: number) => schedule.businessMsBetween(new Date(t), end)
  let hi = end.getTime()
  let step = Math.max(ms, 3_600_000)
  let lo = hi - step
  while (between(lo) <= ms) {
    if (step > LOOKBACK_MS) return null
    step *= 2
    lo = hi - step
  }
  /* between(lo) > ms >= between(hi) */
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2)
    if (between(mid) > ms) lo = mid
    else hi = mid
  }
  return new Date(hi)
}

/**
 * A new clock started at `at` (paused from the start when the ticket
 * opens in a pausing status).
 */
export function startClock(
  schedule: BusinessSchedule,
  at: Date,
  targetMs: number,
  warnMs: number,
  paused = false
): ClockState {
  return project(schedule, {
    targetMs,
    warnMs,
    consumedMs: 0,
    since: at,
    paused,
    dueAt: null,
    warnAt: null,
  })
}

/**
 * Business time consumed by `at`, the running part included.
 */
export function consumedAt(schedule: BusinessSchedule, state: ClockState, at: Date) {
  if (state.paused) return state.consumedMs
  return state.consumedMs + schedule.businessMsBetween(state.since, at)
}

/**
 * Business time left at `at`; zero or negative once it is used up.
 */
export function remainingMs(schedule: BusinessSchedule, state: ClockState, at: Date) {
  return state.targetMs - consumedAt(schedule, state, at)
}

/**
 * Stops the clock at `at`, keeping what was consumed.
 */
export function pauseClock(schedule: BusinessSchedule, state: ClockState, at: Date) {
  if (state.paused) return state
  return project(schedule, {
    ...state,
    consumedMs: consumedAt(schedule, state, at),
    since: at,
    paused: true,
  })
}

/**
 * Restarts a paused clock at `at`.
 */
export function resumeClock(schedule: BusinessSchedule, state: ClockState, at: Date) {
  if (!state.paused) return state
  return project(schedule, { ...state, since: at, paused: false })
}

/**
 * Plans a running clock again in a changed calendar: the time left at
 * its last start or resume is counted in the new hours from then.
 */
export function replanClock(schedule: BusinessSchedule, state: ClockState) {
  return project(schedule, state)
}

/**
 * Moves a clock to a new target, warning lead and calendar at `at`:
 * the business time consumed so far (under the old calendar) is kept,
 * the rest is counted in the new calendar.
 */
export function retargetClock(
  oldSchedule: BusinessSchedule,
  newSchedule: BusinessSchedule,
  state: ClockState,
  at: Date,
  targetMs: number,
  warnMs: number
) {
  const consumedMs = consumedAt(oldSchedule, state, at)
  const moved = {
    ...state,
    targetMs,
    warnMs,
    consumedMs,
    since: state.paused ? state.since : at,
    dueAt: shiftedBreach(oldSchedule, state, at, targetMs),
  }
  return project(newSchedule, moved, oldSchedule)
}

/**
 * Where a clock that was already past its deadline at `at` would have
 * run out of a new target: the old deadline moved by the difference,
 * in the hours the time was spent in. Null when it was not past its
 * deadline, or is not past the new one.
 */
function shiftedBreach(schedule: BusinessSchedule, state: ClockState, at: Date, targetMs: number) {
  if (!state.dueAt || state.dueAt > at) return null
  const shift = targetMs - state.targetMs
  const dueAt =
    shift === 0
      ? state.dueAt
      : shift < 0
        ? businessMsBefore(schedule, state.dueAt, -shift)
        : schedule.addBusinessMs(state.dueAt, shift)
  return dueAt && dueAt <= at ? dueAt : null
}
