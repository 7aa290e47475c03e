/**
 * The time the SLA code reads. Tests move it instead of sleeping:
 * `clock.now = () => new Date('2026-03-02T09:00:00Z')`, then
 * `clock.reset()`.
 */
export const clock = {
  now: (): Date => new Date(),
  reset() {
    this.now = () => new Date()
  },
}
