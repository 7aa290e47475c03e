import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/**
 * The worker process: runs queued jobs (outbound deliveries and other
 * plugin jobs, plus the queue's schedules) and every plugin's `ready`
 * work (mailbox fetchers, the SMTP listener, other long-lived channel
 * connections). Web processes never start these. SIGTERM or SIGINT
 * stops everything cleanly.
 */
export default class WorkerCommand extends BaseCommand {
  static commandName = 'worker'
  static description = 'Run queued jobs and the plugins\u2019 long-lived work (fetchers, listeners)'

  static options: CommandOptions = {
    startApp: true,
    staysAlive: true,
  }

  @flags.string({ description: 'Comma-separated queues to process', alias: 'q' })
  declare queue?: string

  @flags.number({ description: 'Jobs processed at the same time', alias: 'c' })
  declare concurrency?: number

  /**
   * Starts the queue worker and the plugins, then waits for a signal.
   */
  async run() {
    const { Worker } = await import('@adonisjs/queue')
    const config = this.app.config.get<any>('queue')
    const queueManager = await this.app.container.make('queue.manager')
    const logger = await this.app.container.make('logger')
    const host = await this.app.container.make('plugins')

    /* Jobs may build URLs, which needs the committed router. */
    const router = await this.app.container.make('router')
    router.commit()

    /* The same set-up as `queue:work`, through the public API. */
    const adapters: Record<string, unknown> = {}
    for (const [name, adapter] of Object.entries<any>(config.adapters)) {
      adapters[name] = typeof adapter === 'function' ? adapter : await adapter.resolver(this.app)
    }
    await queueManager.loadJobs()
    const worker = new Worker({
      ...config,
      autoLoadJobs: false,
      adapters,
      jobFactory: config.jobFactory ?? ((jobClass: any) => this.app.container.make(jobClass)),
      logger: config.logger ?? logger,
      worker: {
        ...config.worker,
        gracefulShutdown: false,
        ...(this.concurrency !== undefined ? { concurrency: this.concurrency } : {}),
      },
    })

    /* One handler for both signals: stop taking jobs, let running ones
       finish, then terminate the app (which runs host.shutdown). The
       entry point's own handler would terminate at once, under the
       running jobs, so the worker takes the signals over. */
    process.removeAllListeners('SIGTERM')
    process.removeAllListeners('SIGINT')
    let stopping = false
    const stop = async (signal: string) => {
      if (stopping) return
      stopping = true
      logger.info({ signal }, 'worker stopping')
      await worker.stop()
    }
    process.once('SIGTERM', () => void stop('SIGTERM'))
    process.once('SIGINT', () => void stop('SIGINT'))

    const { registerSchedules } = await import('#start/schedules')
    const core = await registerSchedules()
    await host.ready()
    /* Plugin schedules are stored by the queue's scheduler and run by
       this worker; registering here, not in a web preload, keeps
       `node ace codegen` and web processes free of queue writes. */
    const schedules = await host.registerSchedules()
    const queues = this.queue ? this.queue.split(',').map((name) => name.trim()) : ['default']
    logger.info(
      {
        queues,
        schedules: [...core, ...schedules],
        plugins: host.plugins.map((p) => p.manifest.id),
      },
      'worker started'
    )

    try {
      await worker.start(queues)
    } finally {
      await queueManager.destroy()
      await this.app.terminate()
    }
  }
}
