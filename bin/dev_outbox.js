/**
 * The development outbox for `npm start`: an SMTP server on the relay
 * address the app sends to by default (127.0.0.1:1025), which accepts
 * every message and saves it as an `.eml` file instead of delivering
 * it. Replies and password-reset mails then show as sent, and can be
 * opened in any mail reader. Never used when SMTP_HOST is configured.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { SMTPServer } from 'smtp-server'

/**
 * Starts the outbox; resolves to null when the port is taken (another
 * mail catcher already listens there, which serves just as well).
 */
export function startDevOutbox({ host, port, folder }) {
  mkdirSync(folder, { recursive: true })
  let count = 0
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, done) {
      const chunks = []
      stream.on('data', (chunk) => chunks.push(chunk))
      stream.on('end', () => {
        const raw = Buffer.concat(chunks)
        const stamp = new Date().toISOString().replace(/[:.]/g, '-')
        const file = join(folder, `${stamp}-${++count}.eml`)
        writeFileSync(file, raw)
        const subject = /^subject:\s*(.*)$/im.exec(raw.toString('utf8', 0, 8192))?.[1]
        const to = session.envelope.rcptTo.map((rcpt) => rcpt.address).join(', ')
        console.log(`outbox: to ${to}: ${subject ?? '(no subject)'} (${file})`)
        done()
      })
    },
  })
  return new Promise((resolve) => {
    server.once('error', () => resolve(null))
    server.listen(port, host, () => resolve(server))
  })
}
