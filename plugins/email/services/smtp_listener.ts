import { createHash } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { SMTPServer, type SMTPServerAddress, type SMTPServerSession } from 'smtp-server'
import type { Logger } from '@adonisjs/core/logger'
import env from '#start/env'
import Tenant from '#models/tenant'
import Mailbox from '#plugins/email/models/mailbox'
import modules from '#services/module_service'
import { TenantContext } from '#services/tenant_context'
import { mailDomain } from '#plugins/email/services/message_id'
import { platformMaxBytes } from '#plugins/email/services/email_settings'
import type { ReceiveResult } from '#plugins/email/services/intake_service'
import type { Intake } from '#plugins/email/services/fetcher'

/**
 * The answering point a forward address belongs to.
 */
interface Target {
  tenantId: number
  mailboxId: number
}

export interface SmtpListenerOptions {
  intake: Intake
  logger: Logger
  /** Default SMTP_LISTEN_HOST or 127.0.0.1. */
  host?: string
  /** Default SMTP_LISTEN_PORT or 2525; 0 picks a free port. */
  port?: number
  /** Default MAIL_MAX_BYTES (25 MB). */
  maxBytes?: number
  /** Default MAIL_DOMAIN. */
  domain?: string
}

/**
 * An SMTP error reply with its code.
 */
function reply(code: number, message: string) {
  return Object.assign(new Error(message), { responseCode: code })
}

/**
 * The platform's own SMTP intake for forwarded mail. Each answering
 * point's mailbox has a forward address `<forward_token>@<MAIL_DOMAIN>`;
 * mail to any other recipient is refused at RCPT time (550), and a
 * message over the size limit with 552, whether announced with SIZE=
 * or found while streaming. Accepted messages go to the intake of the
 * mailbox's tenant, identified by the SHA-256 of their bytes.
 *
 * It asks for no authentication: it listens on loopback by default,
 * and a production set-up puts an MTA (Postfix, Exim) in front that
 * does TLS, spam filtering and relays to it.
 */
export class SmtpListener {
  #server: SMTPServer | null = null
  #logger: Logger
  #maxBytes: number
  #domain: string

  constructor(protected options: SmtpListenerOptions) {
    this.#logger = options.logger.child({ channel: 'smtp' })
    this.#maxBytes = options.maxBytes ?? platformMaxBytes()
    this.#domain = (options.domain ?? mailDomain()).toLowerCase()
  }

  /**
   * Where the listener accepts connections, once started.
   */
  get address(): { host: string; port: number } | null {
    const info = this.#server?.server.address() as AddressInfo | null | undefined
    return info ? { host: info.address, port: info.port } : null
  }

  /**
   * Starts listening.
   */
  async start() {
    const host = this.options.host ?? env.get('SMTP_LISTEN_HOST', '127.0.0.1')
    const port = this.options.port ?? env.get('SMTP_LISTEN_PORT', 2525)

    const server = new SMTPServer({
      name: this.#domain,
      banner: 'eHelpdesk intake',
      secure: false,
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      size: this.#maxBytes,
      rejectOversized: true,
      maxRecipients: 50,
      logger: false,
      onRcptTo: (address, session, callback) => {
        this.#accept(address, session)
          .then(() => callback())
          .catch((error) => callback(error))
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = []
        let bytes = 0
        stream.on('data', (chunk: Buffer) => {
          bytes += chunk.length
          if (bytes <= this.#maxBytes) chunks.push(chunk)
        })
        stream.once('end', () => {
          if (stream.sizeExceeded || bytes > this.#maxBytes) {
            this.#logger.info({ bytes, limit: this.#maxBytes }, 'smtp message over size limit')
            return callback(
              reply(552, `5.3.4 Message exceeds fixed maximum size ${this.#maxBytes}`)
            )
          }
          this.#deliver(Buffer.concat(chunks), session)
            .then((text) => callback(null, text))
            .catch((error) => {
              this.#logger.error({ err: error }, 'smtp intake failed')
              callback(reply(451, '4.3.0 Temporary failure, try again later'))
            })
        })
      },
    })
    server.on('error', (error) => this.#logger.error({ err: error }, 'smtp listener error'))

    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject)
      server.listen(port, host, () => {
        server.server.removeListener('error', reject)
        resolve()
      })
    })
    this.#server = server
    this.#logger.info({ ...this.address, domain: this.#domain }, 'smtp listener started')
    return this.address!
  }

  /**
   * Stops accepting connections and waits for open ones to finish.
   */
  async stop() {
    const server = this.#server
    this.#server = null
    if (!server) return
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }

  /**
   * The mailbox a recipient address names, or null when the address
   * is not one of ours, the mailbox is inactive, or its tenant is
   * inactive or has the email module disabled.
   */
  async resolve(address: string): Promise<Target | null> {
    const at = address.lastIndexOf('@')
    if (at <= 0) return null
    const domain = address.slice(at + 1).toLowerCase()
    const token = address.slice(0, at).toLowerCase()
    if (domain !== this.#domain || !/^[a-z0-9._-]{1,64}$/.test(token)) return null

    /* The forward address is platform-wide, so the lookup runs
       without a tenant; everything after it runs inside one. */
    const found = await TenantContext.bypass(async () => {
      const mailbox = await Mailbox.query()
        .where('forward_token', token)
        .where('active', true)
        .first()
      if (!mailbox) return null
      const tenant = await Tenant.find(mailbox.tenantId)
      return tenant?.active ? mailbox : null
    })
    if (!found) return null
    if (!(await modules.isEnabled(found.tenantId, 'email'))) return null
    return { tenantId: found.tenantId, mailboxId: found.id }
  }

  async #accept(address: SMTPServerAddress, session: SMTPServerSession) {
    const target = await this.resolve(address.address)
    if (!target) {
      this.#logger.info(
        { rcpt: address.address, remote: session.remoteAddress },
        'smtp rcpt refused'
      )
      throw reply(550, '5.1.1 No such mailbox here')
    }
    targets(session).set(address.address.toLowerCase(), target)
  }

  /**
   * Hands the message to the intake once per distinct mailbox among
   * the recipients and returns the SMTP reply text.
   */
  async #deliver(raw: Buffer, session: SMTPServerSession) {
    const sourceKey = `sha256:${createHash('sha256').update(raw).digest('hex')}`
    const known = targets(session)
    const distinct = new Map<number, Target>()
    for (const rcpt of session.envelope.rcptTo) {
      const target = known.get(rcpt.address.toLowerCase()) ?? (await this.resolve(rcpt.address))
      if (target) distinct.set(target.mailboxId, target)
    }

    const results: ReceiveResult[] = []
    for (const target of distinct.values()) {
      const result = await TenantContext.run(target.tenantId, () =>
        this.options.intake.receive({
          tenantId: target.tenantId,
          mailboxId: target.mailboxId,
          source: 'smtp',
          sourceKey,
          raw,
        })
      )
      results.push(result)
      this.#logger.info(
        { mailboxId: target.mailboxId, status: result.status, bytes: raw.length },
        'smtp message received'
      )
    }

    const ids = results.map((result) => result.inboundMessageId).filter(Boolean)
    return `2.0.0 Queued as ${ids.join(',') || sourceKey.slice(7, 19)}`
  }
}

const sessions = new WeakMap<SMTPServerSession, Map<string, Target>>()

/**
 * The recipients resolved at RCPT time for a session.
 */
function targets(session: SMTPServerSession) {
  let map = sessions.get(session)
  if (!map) {
    map = new Map()
    sessions.set(session, map)
  }
  return map
}
