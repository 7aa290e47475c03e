import { spawn, execFile, execFileSync, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'
import { ImapClient } from '#plugins/email/services/imap_client'
import { freePort, waitForPort } from '#tests/helpers/ports'

/**
 * A private Dovecot 2.3 for tests: IMAP only, on a free loopback
 * port, no TLS, users in a passwd-file and Maildir folders under a
 * temporary directory. It runs in the foreground as a child of the
 * test process and never touches the system service.
 */
export interface DovecotServer {
  host: string
  port: number
  /** The temporary directory holding config, users and mail. */
  dir: string
  /** Adds (or replaces) a mail user. */
  addUser(user: string, password: string): Promise<void>
  /** Appends a message over IMAP, so an IDLE session sees it. */
  append(user: string, raw: Buffer | string, folder?: string): Promise<number | null>
  /** A logged-in client for other operations (deleting folders). */
  client(user: string): Promise<ImapClient>
  /** Drops every IMAP session of the user, as a server restart would. */
  kick(user: string): Promise<void>
  stop(): Promise<void>
}

const CANDIDATES = ['/usr/sbin/dovecot', '/usr/local/sbin/dovecot']

/**
 * Path of the dovecot binary, or null when it is not installed.
 */
export function dovecotBinary(): string | null {
  const configured = process.env.DOVECOT_BIN
  if (configured) return existsSync(configured) ? configured : null
  return CANDIDATES.find((path) => existsSync(path)) ?? null
}

/**
 * The uid, gid and user name mail is stored under. As root that is
 * Dovecot's own system user (Dovecot refuses to serve mail as root);
 * otherwise the current user.
 */
function mailOwner() {
  if (process.getuid?.() !== 0) {
    const me = userInfo()
    return { uid: me.uid, gid: me.gid, internal: me.username, login: me.username }
  }
  const uid = Number(execFileSync('id', ['-u', 'dovecot']).toString().trim())
  const gid = Number(execFileSync('id', ['-g', 'dovecot']).toString().trim())
  return { uid, gid, internal: 'dovecot', login: 'dovenull' }
}

function config(dir: string, port: number, owner: ReturnType<typeof mailOwner>) {
  return `# Private test instance, Dovecot 2.3 syntax.
protocols = imap
listen = 127.0.0.1
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
default_internal_user = ${owner.internal}
default_internal_group = ${owner.internal}
default_login_user = ${owner.login}
first_valid_uid = ${Math.min(owner.uid, 1)}
mail_location = maildir:~/Maildir
mail_privileged_group =
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/users/%u
}
userdb {
  driver = passwd-file
  args = username_format=%u ${dir}/users/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
  chroot =
}
service anvil {
  chroot =
}
protocol imap {
  mail_max_userip_connections = 200
}
`
}

/**
 * Starts a private Dovecot. Call `dovecotBinary()` first and report
 * the suite as skipped when it is null.
 */
export async function startDovecot(): Promise<DovecotServer> {
  const binary = dovecotBinary()
  if (!binary) throw new Error('dovecot is not installed')

  /* Dovecot's processes run as another user and must reach the
     directory, so it is made world-traversable. */
  const dir = await mkdtemp(join(tmpdir(), 'ehelpdesk-dovecot-'))
  await chmod(dir, 0o755)
  const owner = mailOwner()
  await mkdir(join(dir, 'home'), { recursive: true })
  await chown(join(dir, 'home'), owner.uid, owner.gid)
  /* One passwd-file per user: Dovecot reads a new user's file on its
     first login, where one shared file would be re-read only once a
     second. */
  await mkdir(join(dir, 'users'))

  const port = await freePort()
  const file = join(dir, 'dovecot.conf')
  await writeFile(file, config(dir, port, owner))

  const child: ChildProcess = spawn(binary, ['-F', '-c', file], {
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  child.stderr?.on('data', (chunk) => (stderr += chunk.toString()))
  const killOnExit = () => child.kill('SIGKILL')
  process.once('exit', killOnExit)

  try {
    await Promise.race([
      waitForPort(port),
      new Promise((_, reject) =>
        child.once('exit', (code) => reject(new Error(`dovecot exited with ${code}: ${stderr}`)))
      ),
    ])
  } catch (error) {
    const log = await readFile(join(dir, 'dovecot.log'), 'utf8').catch(() => '')
    child.kill('SIGKILL')
    await rm(dir, { recursive: true, force: true })
    throw new Error(`dovecot did not start: ${(error as Error).message}\n${log}`)
  }

  const passwords = new Map<string, string>()
  const clients = new Map<string, Promise<ImapClient>>()

  const client = (user: string) => {
    const password = passwords.get(user)
    if (password === undefined) throw new Error(`no dovecot user ${user}`)
    return ImapClient.connect({ host: '127.0.0.1', port, tls: false, user, password })
  }

  /* One cached connection per user for appends. */
  const appender = async (user: string) => {
    let pending = clients.get(user)
    if (pending) {
      const ready = await pending
      if (ready.connected) return ready
    }
    pending = client(user)
    clients.set(user, pending)
    return pending
  }

  return {
    host: '127.0.0.1',
    port,
    dir,

    async addUser(user, password) {
      const home = join(dir, 'home', user)
      await mkdir(home, { recursive: true })
      await chown(home, owner.uid, owner.gid)
      passwords.set(user, password)
      await writeFile(
        join(dir, 'users', user),
        `${user}:{PLAIN}${password}:${owner.uid}:${owner.gid}::${home}\n`
      )
    },

    async append(user, raw, folder = 'INBOX') {
      const imap = await appender(user)
      try {
        return await imap.append(raw, folder)
      } catch (error) {
        /* APPEND to a folder that does not exist yet: create it once. */
        if (!/TRYCREATE|exist/i.test((error as Error).message)) throw error
        await imap.createFolder(folder)
        return imap.append(raw, folder)
      }
    },

    client,

    async kick(user) {
      const doveadm =
        [join(binary, '..', 'doveadm'), '/usr/bin/doveadm'].find((path) => existsSync(path)) ??
        'doveadm'
      await new Promise<void>((resolve, reject) => {
        execFile(doveadm, ['-c', file, 'kick', user], (error) =>
          error ? reject(error) : resolve()
        )
      })
    },

    async stop() {
      for (const pending of clients.values()) {
        await (await pending.catch(() => null))?.close()
      }
      process.removeListener('exit', killOnExit)
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve))
        child.kill('SIGTERM')
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 3_000))])
        if (child.exitCode === null) child.kill('SIGKILL')
      }
      await rm(dir, { recursive: true, force: true })
    },
  }
}
