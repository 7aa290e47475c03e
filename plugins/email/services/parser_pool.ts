import { Worker } from 'node:worker_threads'
import logger from '@adonisjs/core/services/logger'
import { parseEmail, type ParsedEmail } from './mime_parser.js'

type Answer =
  { kind: 'parsed'; mail: ParsedEmail } | { kind: 'error'; message: string } | { kind: 'gone' }

type WorkerResult = { id: number; mail?: ParsedEmail; error?: string }

/** Worker deaths after which parsing stays on the calling thread. */
const MAX_CRASHES = 3

/**
 * Parses raw email on a worker thread, so a fetch batch parses its
 * next messages on another core while the main thread writes to the
 * database. The result is the one `parseEmail` gives, a parser error
 * is rethrown with its message, and when no worker can run (it cannot
 * start, or it died) the message is parsed on the calling thread.
 * The worker starts on first use and never keeps the process alive
 * while idle.
 */
export class ParserPool {
  #log = logger.child({ plugin: 'email' })
  #worker: Worker | null = null
  #pending = new Map<number, (answer: Answer) => void>()
  #queue: { id: number; raw: Buffer }[] = []
  #nextId = 0
  #crashes = 0

  /**
   * Parses one message; see the class comment.
   */
  async parse(raw: Buffer): Promise<ParsedEmail> {
    const worker = this.#start()
    if (!worker) return parseEmail(raw)

    const id = ++this.#nextId
    const answer = new Promise<Answer>((resolve) => this.#pending.set(id, resolve))
    if (this.#pending.size === 1) worker.ref()
    this.#enqueue(id, raw)

    const result = await answer
    if (result.kind === 'gone') return parseEmail(raw)
    if (result.kind === 'error') throw new Error(result.message)
    return revive(result.mail)
  }

  /* Requests made in the same turn of the event loop travel in one
     message: each message wakes the other thread, which costs more
     than copying the bytes when both cores are busy. */
  #enqueue(id: number, raw: Buffer) {
    this.#queue.push({ id, raw })
    if (this.#queue.length > 1) return
    setImmediate(() => {
      const items = this.#queue
      this.#queue = []
      if (this.#worker) return this.#worker.postMessage({ items })
      for (const item of items) this.#answer(item.id, { kind: 'gone' })
    })
  }

  #start() {
    if (this.#worker || this.#crashes >= MAX_CRASHES) return this.#worker
    try {
      const worker = new Worker(workerEntry(), { execArgv: workerArgv() })
      worker.unref()
      worker.on('message', (reply: { results: WorkerResult[] }) => {
        for (const { id, mail, error } of reply.results) {
          this.#answer(id, mail ? { kind: 'parsed', mail } : { kind: 'error', message: error! })
        }
      })
      worker.on('error', (error) => this.#log.error({ err: error }, 'email parser thread failed'))
      worker.on('exit', () => this.#gone(worker))
      this.#worker = worker
    } catch (error) {
      this.#crashes = MAX_CRASHES
      this.#log.warn({ err: error }, 'email parser thread unavailable; parsing in process')
    }
    return this.#worker
  }

  #answer(id: number, answer: Answer) {
    const resolve = this.#pending.get(id)
    if (!resolve) return
    this.#pending.delete(id)
    if (this.#pending.size === 0) this.#worker?.unref()
    resolve(answer)
  }

  /* A dead worker's requests are parsed on the calling thread; a new
     worker starts with the next request. */
  #gone(worker: Worker) {
    if (this.#worker !== worker) return
    this.#worker = null
    this.#crashes++
    for (const id of [...this.#pending.keys()]) this.#answer(id, { kind: 'gone' })
  }
}

/**
 * The worker's entry file: TypeScript source when the application
 * runs from source, compiled JavaScript in a build.
 */
function workerEntry() {
  const extension = import.meta.url.endsWith('.ts') ? 'ts' : 'js'
  return new URL(`./parse_worker.${extension}`, import.meta.url)
}

/**
 * Node options for the worker. Running from source, it needs the
 * TypeScript loader, which `node ace` registers in the main thread
 * only (threads inherit command-line options, not loader hooks).
 */
function workerArgv() {
  const argv = [...process.execArgv]
  const fromSource = import.meta.url.endsWith('.ts')
  if (fromSource && !argv.some((arg) => arg.includes('@poppinss/ts-exec'))) {
    argv.push('--import', '@poppinss/ts-exec')
  }
  return argv
}

/**
 * Gives a parsed message back its Buffers: a thread boundary turns
 * them into plain Uint8Arrays.
 */
function revive(mail: ParsedEmail): ParsedEmail {
  for (const file of mail.attachments) {
    const bytes = file.content as Uint8Array
    file.content = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  }
  return mail
}
