/**
 * Suites that need an outside service (Dovecot, Chromium, MariaDB)
 * run when it is present and otherwise say so in one plain line,
 * which `.ci/run` turns into a failure.
 */
const printed = new Set<string>()

export function reportSkipped(suite: string, reason: string) {
  const line = `skipped: ${suite}: ${reason}`
  if (printed.has(line)) return
  printed.add(line)
  console.log(line)
}
