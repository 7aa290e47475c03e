import { Duration } from 'luxon'
import RetentionOverride from '#models/retention_override'
import AnsweringPoint from '#models/answering_point'
import { DataClassRegistry, durationMillis } from '#app/privacy/registry'
import { TenantContext } from '#services/tenant_context'
import { RetentionLongerException } from '#exceptions/retention_errors'

/**
 * A period entered as a number and a unit.
 */
export interface PeriodInput {
  amount: number
  unit: 'days' | 'months' | 'years'
}

/**
 * One class's retention as the tenant sees it: the platform period
 * and the tenant's shorter periods per answering point.
 */
export interface ClassPolicy {
  id: string
  label: string
  owner: string
  period: string | null
  action: string
  /* Whether records exist to expire (call logs have no table yet). */
  active: boolean
  points: Record<number, string>
}

/**
 * Tenants' retention: the platform maximum per class and the shorter
 * periods a tenant admin set per answering point. Current tenant.
 */
export class RetentionPolicy {
  /**
   * Every class with the current tenant's per-point periods.
   */
  async classes(registry?: DataClassRegistry): Promise<ClassPolicy[]> {
    TenantContext.require()
    const classes = (registry ?? (await DataClassRegistry.load())).all()
    const overrides = await RetentionOverride.query()
    return classes.map((item) => ({
      id: item.id,
      label: item.label,
      owner: item.owner,
      period: item.retention?.period ?? null,
      action: item.retention?.action ?? 'keep',
      active: item.tables.length > 0 && !!item.retention?.period,
      points: Object.fromEntries(
        overrides
          .filter((row) => row.classId === item.id)
          .map((row) => [row.answeringPointId, row.period])
      ),
    }))
  }

  /**
   * The shorter periods of one class, by answering point id.
   */
  async overrides(classId: string) {
    const rows = await RetentionOverride.query().where('class_id', classId)
    return new Map(rows.map((row) => [row.answeringPointId, row.period]))
  }

  /**
   * Sets one point's periods for several classes at once, all or
   * nothing: an entry without an amount clears the point's period.
   */
  async setMany(
    pointId: number,
    periods: Record<string, { amount?: number; unit: PeriodInput['unit'] }>,
    userId?: number
  ) {
    const registry = await DataClassRegistry.load()
    for (const [classId, input] of Object.entries(periods)) {
      const dataClass = registry.find(classId)
      const platform = dataClass?.retention?.period
      const label = dataClass?.label ?? classId
      if (!platform) throw new RetentionLongerException(label, null)
      if (input.amount && durationMillis(toIso(input as PeriodInput)) > durationMillis(platform)) {
        throw new RetentionLongerException(label, platform)
      }
    }
    for (const [classId, input] of Object.entries(periods)) {
      const value = input.amount ? { amount: input.amount, unit: input.unit } : null
      await this.set(pointId, classId, value, userId)
    }
  }

  /**
   * Sets (or with null clears) one point's period for one class.
   * Refuses a period longer than the platform's with
   * E_RETENTION_LONGER, and a class without a period.
   */
  async set(pointId: number, classId: string, input: PeriodInput | null, userId?: number) {
    TenantContext.require()
    await AnsweringPoint.findOrFail(pointId)
    const registry = await DataClassRegistry.load()
    const dataClass = registry.find(classId)
    const platform = dataClass?.retention?.period
    const label = dataClass?.label ?? classId
    if (!platform) throw new RetentionLongerException(label, null)

    const existing = await RetentionOverride.query()
      .where('answering_point_id', pointId)
      .where('class_id', classId)
      .first()
    if (input === null) {
      await existing?.delete()
      return null
    }
    const period = toIso(input)
    if (durationMillis(period) > durationMillis(platform)) {
      throw new RetentionLongerException(label, platform)
    }
    if (existing) {
      existing.merge({ period, updatedBy: userId ?? null })
      return existing.save()
    }
    return RetentionOverride.create({
      answeringPointId: pointId,
      classId,
      period,
      updatedBy: userId ?? null,
    })
  }
}

/**
 * `{ amount: 6, unit: 'months' }` -> `P6M`.
 */
export function toIso(input: PeriodInput) {
  return Duration.fromObject({ [input.unit]: input.amount }).toISO()!
}

/**
 * `P6M` -> `{ amount: 6, unit: 'months' }`, for forms.
 */
export function fromIso(iso: string): PeriodInput {
  const duration = Duration.fromISO(iso)
  if (duration.years) return { amount: duration.years, unit: 'years' }
  if (duration.months) return { amount: duration.months, unit: 'months' }
  return { amount: Math.round(duration.as('days')), unit: 'days' }
}

export default new RetentionPolicy()
