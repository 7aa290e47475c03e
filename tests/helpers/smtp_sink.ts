import { SMTPServer } from 'smtp-server'
import { simpleParser, type ParsedMail } from 'mailparser'
import { freePort } from '#tests/helpers/ports'

/**
 * One message the sink accepted: the envelope, the raw bytes and the
 * parsed form.
 */
export interface SunkMessage {
  from: string
  to: string[]
  raw: Buffer
  parsed: ParsedMail
}

/**
 * An SMTP server on a free loopback port that keeps every message it
 * is sent. `failWith` makes it refuse messages with an SMTP error.
 */
export interface SmtpSink {
  host: string
  port: number
  messages: SunkMessage[]
  /** Refuses the next messages at DATA with this code and text; null accepts again. */
  failWith(failure: { code: number; message: string } | null): void
  /** Resolves once `count` messages arrived, or fails after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<SunkMessage[]>
  clear(): void
  stop(): Promise<void>
}

/**
 * Starts the sink.
 */
export async function startSmtpSink(): Promise<SmtpSink> {
  const messages: SunkMessage[] = []
  const waiters: { count: number; resolve: () => void }[] = []
  let failure: { code: number; message: string } | null = null

  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.once('end', async () => {
        if (failure) {
          const error = new Error(failure.message) as Error & { responseCode: number }
          error.responseCode = failure.code
          return callback(error)
        }
        const raw = Buffer.concat(chunks)
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          raw,
          parsed: await simpleParser(raw),
        })
        for (const waiter of [...waiters]) {
          if (messages.length >= waiter.count) {
            waiters.splice(waiters.indexOf(waiter), 1)
            waiter.resolve()
          }
        }
        callback()
      })
    },
  })

  const port = await freePort()
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()))

  return {
    host: '127.0.0.1',
    port,
    messages,
    failWith(next) {
      failure = next
    },
    async waitFor(count, timeoutMs = 10_000) {
      if (messages.length < count) {
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(
            () => reject(new Error(`smtp sink got ${messages.length} of ${count} messages`)),
            timeoutMs
          )
          waiters.push({
            count,
            resolve: () => {
              clearTimeout(timer)
              resolve()
            },
          })
        })
      }
      return messages
    },
    clear() {
      messages.length = 0
    },
    stop() {
      return new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
