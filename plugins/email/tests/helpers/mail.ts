import Mailbox from '#plugins/email/models/mailbox'
import { newForwardToken } from '#plugins/email/services/mailbox_service'
import { asTenant, type TenantWorld } from '#tests/helpers/world'

/**
 * Builds a raw test message from header lines and a body.
 */
export function rawMail(headers: Record<string, string>, body = 'Hello\r\n') {
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`)
  const hasType = Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')
  if (!hasType) lines.push('Content-Type: text/plain; charset=utf-8')
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n${body}`, 'utf8')
}

/**
 * An IMAP mailbox of the world's answering point that fetches from a
 * test Dovecot user.
 */
export function createImapMailbox(
  world: TenantWorld,
  server: { host: string; port: number },
  options: { user?: string; password: string; address?: string; folder?: string }
) {
  const user = options.user ?? 'support'
  return asTenant(world, () =>
    Mailbox.create({
      answeringPointId: world.point.id,
      name: 'Support',
      address: options.address ?? `${user}@${world.tenant.slug}.example`,
      intake: 'imap',
      forwardToken: newForwardToken(),
      imapHost: server.host,
      imapPort: server.port,
      imapTls: false,
      imapUser: user,
      imapPassword: Mailbox.seal(options.password),
      imapFolder: options.folder ?? 'INBOX',
    })
  )
}

/**
 * A mailbox of the world's answering point that receives mail
 * forwarded to its platform address.
 */
export function createForwardMailbox(world: TenantWorld, address = 'support@acme.example') {
  return asTenant(world, () =>
    Mailbox.create({
      answeringPointId: world.point.id,
      name: 'Support',
      address,
      intake: 'forward',
      forwardToken: newForwardToken(),
    })
  )
}
