import { createHash } from 'node:crypto'
import { resolve } from 'node:path'
import { BaseCommand, args, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/**
 * Imports `.eml` files (a folder, searched recursively, or one file)
 * or an mbox file into a tenant, as a migration from another
 * helpdesk. Each message goes through the same intake as fetched
 * mail; the same bytes are never stored twice.
 */
export default class ImportCommand extends BaseCommand {
  static commandName = 'email:import'
  static description = 'Import .eml files or an mbox file into a tenant'
  static help = [
    'Reads every .eml file below a folder, one .eml file, or an mbox file.',
    'Ends with one line: imported N, failed M, skipped K (skipped = already stored).',
  ]
  static options: CommandOptions = { startApp: true }

  @args.string({ description: 'Folder of .eml files, an .eml file or an mbox file' })
  declare source: string

  @flags.string({ description: 'Slug of the tenant to import into', required: true })
  declare tenant: string

  @flags.string({
    flagName: 'answering-point',
    description: 'Slug of the answering point (default: the tenant’s first)',
  })
  declare answeringPoint?: string

  /** Counts of the last run, for callers that run it in process. */
  counts = { imported: 0, failed: 0, skipped: 0 }

  /**
   * Resolves the tenant and answering point, then feeds every message
   * to the intake with a progress bar.
   */
  async run() {
    const { default: Tenant } = await import('#models/tenant')
    const { default: AnsweringPoint } = await import('#models/answering_point')
    const { TenantContext } = await import('#services/tenant_context')
    const { default: modules } = await import('#services/module_service')
    const { default: intake } = await import('../services/intake_service.js')
    const { openImportSource } = await import('../services/import_source.js')

    /* Where to: the tenant and its answering point must exist. */
    const tenant = await Tenant.findBy('slug', this.tenant)
    if (!tenant) return this.#fail(`Unknown tenant "${this.tenant}"`)
    if (!(await modules.isEnabled(tenant.id, 'email'))) {
      return this.#fail(`The email module is not enabled for tenant "${this.tenant}"`)
    }
    const point = await TenantContext.run(tenant.id, () => {
      const query = AnsweringPoint.query().orderBy('id', 'asc')
      if (this.answeringPoint) query.where('slug', this.answeringPoint)
      return query.first()
    })
    if (!point) {
      return this.#fail(
        this.answeringPoint
          ? `Unknown answering point "${this.answeringPoint}" in tenant "${this.tenant}"`
          : `Tenant "${this.tenant}" has no answering point`
      )
    }

    /* What from: a folder, an .eml file or an mbox file. */
    let source
    try {
      source = await openImportSource(resolve(this.source))
    } catch (error) {
      return this.#fail(error instanceof Error ? error.message : String(error))
    }

    const bar = await this.#progressBar(source.total)
    const failures: string[] = []
    let crashed = false
    for await (const item of source.items()) {
      const hash = createHash('sha256').update(item.raw).digest('hex')
      try {
        const result = await intake.receive({
          tenantId: tenant.id,
          mailboxId: null,
          answeringPointId: point.id,
          source: 'import',
          sourceKey: `sha256:${hash}`,
          raw: item.raw,
        })
        if (result.status === 'duplicate') this.counts.skipped++
        else if (result.status === 'failed') {
          this.counts.failed++
          failures.push(`${item.label}: ${result.reason}`)
        } else this.counts.imported++
      } catch (error) {
        crashed = true
        this.counts.failed++
        failures.push(`${item.label}: ${error instanceof Error ? error.message : error}`)
      }
      bar?.update(item.position)
    }
    bar?.stop()

    for (const line of failures) this.logger.warning(`failed ${line}`)
    const { imported, failed, skipped } = this.counts
    this.logger.log(`imported ${imported}, failed ${failed}, skipped ${skipped}`)
    if (crashed) this.exitCode = 1
  }

  /**
   * A progress bar on stderr when it is a terminal; none otherwise,
   * so logs and tests see only the result lines.
   */
  async #progressBar(total: number) {
    if (!process.stderr.isTTY || this.app.inTest) return null
    const { default: progress } = await import('cli-progress')
    const bar = new progress.SingleBar(
      { stream: process.stderr, hideCursor: true, clearOnComplete: true },
      progress.Presets.shades_classic
    )
    bar.start(total, 0)
    return bar
  }

  #fail(message: string) {
    this.logger.error(message)
    this.exitCode = 1
  }
}
