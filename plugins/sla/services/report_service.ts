import { DateTime } from 'luxon'
import { stringify } from 'csv-stringify/sync'
import AnsweringPoint from '#models/answering_point'
import User from '#models/user'
import SlaClock from '../models/sla_clock.js'
import SlaPolicy from '../models/sla_policy.js'

/** The report's groupings. */
export const REPORT_DIMENSIONS = ['policy', 'answering_point', 'agent'] as const
export type ReportDimension = (typeof REPORT_DIMENSIONS)[number]

/**
 * One line of the report: a policy, point or agent with its counts.
 */
export interface ReportLine {
  dimension: ReportDimension
  id: number | null
  name: string | null
  met: number
  breached: number
  total: number
  /** Share met in percent with one decimal, null without clocks. */
  shareMet: number | null
}

/**
 * A period in the tenant's time zone, both dates inclusive.
 */
export interface ReportPeriod {
  from: string
  to: string
  zone: string
}

const COLUMN = {
  policy: 'policyId',
  answering_point: 'answeringPointId',
  agent: 'agentId',
} as const

/**
 * The SLA report: of the clocks settled in a period (met, or breached
 * at their deadline), the share met per policy, answering point and
 * agent. Clocks stopped without an outcome (a ticket solved before a
 * reply was due) do not count.
 */
export class ReportService {
  /**
   * The report lines, grouped by dimension, named and sorted by name.
   */
  async lines(period: ReportPeriod): Promise<ReportLine[]> {
    const start = DateTime.fromISO(period.from, { zone: period.zone }).startOf('day')
    const end = DateTime.fromISO(period.to, { zone: period.zone }).plus({ days: 1 }).startOf('day')
    const clocks = await SlaClock.query()
      .whereNotNull('outcome')
      .where('settled_at', '>=', sql(start))
      .where('settled_at', '<', sql(end))
      .select('id', 'outcome', 'policy_id', 'answering_point_id', 'agent_id')

    const names = await this.names()
    const lines: ReportLine[] = []
    for (const dimension of REPORT_DIMENSIONS) {
      const groups = new Map<number | null, { met: number; breached: number }>()
      for (const clock of clocks) {
        const id = clock[COLUMN[dimension]] ?? null
        const group = groups.get(id) ?? { met: 0, breached: 0 }
        if (clock.outcome === 'met') group.met++
        else group.breached++
        groups.set(id, group)
      }
      const part = [...groups.entries()].map(([id, counts]) => {
        const total = counts.met + counts.breached
        return {
          dimension,
          id,
          name: id === null ? null : (names[dimension].get(id) ?? `#${id}`),
          ...counts,
          total,
          shareMet: total ? Math.round((counts.met / total) * 1000) / 10 : null,
        }
      })
      part.sort((a, b) => (a.name ?? '\uffff').localeCompare(b.name ?? '\uffff', 'sv'))
      lines.push(...part)
    }
    return lines
  }

  /**
   * The lines as CSV with a header row, for the reader's spreadsheet:
   * a UTF-8 byte-order mark, the locale's decimal separator and, where
   * that is a comma (Swedish), ';' between fields. The dimension and
   * "none" are given in the reader's words by `labels`.
   */
  csv(
    lines: ReportLine[],
    labels: { header: string[]; dimension: (d: string) => string; none: string },
    locale: string
  ) {
    const delimiter = decimalSeparator(locale) === ',' ? ';' : ','
    return stringify(
      lines.map((line) => [
        labels.dimension(line.dimension),
        line.name ?? labels.none,
        line.met,
        line.breached,
        line.total,
        line.shareMet === null ? '' : formatShare(line.shareMet, locale),
      ]),
      {
        bom: true,
        delimiter,
        header: true,
        columns: labels.header,
        record_delimiter: 'unix',
        /* Names are typed by users: keep spreadsheets from running them. */
        escape_formulas: true,
      }
    )
  }

  protected async names() {
    const [policies, points, users] = await Promise.all([
      SlaPolicy.query().select('id', 'name'),
      AnsweringPoint.query().select('id', 'name'),
      User.query().select('id', 'full_name'),
    ])
    return {
      policy: new Map(policies.map((row) => [row.id, row.name])),
      answering_point: new Map(points.map((row) => [row.id, row.name])),
      agent: new Map(users.map((row) => [row.id, row.fullName])),
    }
  }
}

/**
 * A share in percent with one decimal, as the locale writes numbers
 * ("75,0" in Swedish, "75.0" in English), without the percent sign.
 */
export function formatShare(share: number, locale: string) {
  return new Intl.NumberFormat(locale, {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
    useGrouping: false,
  }).format(share)
}

function decimalSeparator(locale: string) {
  const part = new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === 'decimal')
  return part?.value ?? '.'
}

function sql(value: DateTime) {
  return value.toUTC().toFormat('yyyy-LL-dd HH:mm:ss')
}

export default new ReportService()
