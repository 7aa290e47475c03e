import { EventEmitter } from 'node:events'
import Imap from 'imap'

/**
 * Every call to the IMAP library goes through this module, promise
 * based, so the library (node-imap today) can be replaced without
 * touching the fetcher.
 */

/**
 * Where and how to log in.
 */
export interface ImapSettings {
  host: string
  port: number
  tls: boolean
  user: string
  password: string
  /** Verify the server certificate (default true). */
  rejectUnauthorized?: boolean
  connTimeout?: number
  authTimeout?: number
}

/**
 * What a folder says about itself when it is opened.
 */
export interface FolderState {
  name: string
  uidValidity: number
  /** The next UID the server will assign; 0 when it did not say. */
  uidNext: number
  messages: number
}

/**
 * A UID with its RFC822.SIZE, as listed before fetching bodies.
 */
export interface MessageSize {
  uid: number
  size: number
}

/**
 * One fetched message. `raw` holds the whole message, or only its
 * header block when headers were asked for.
 */
export interface FetchedMessage {
  uid: number
  size: number
  raw: Buffer
  headersOnly: boolean
}

/**
 * A failure talking to the server, with the server's text when it
 * gave one (authentication failures carry `AUTHENTICATIONFAILED`).
 */
export class ImapError extends Error {
  code: string

  constructor(message: string, code: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'ImapError'
    this.code = code
  }
}

function wrap(error: any, code = 'E_EMAIL_IMAP') {
  if (error instanceof ImapError) return error
  const text = error?.message ?? String(error)
  const source = error?.source ? `${error.source}: ` : ''
  return new ImapError(`${source}${text}`, error?.textCode ?? error?.code ?? code, {
    cause: error,
  })
}

/**
 * Compresses sorted UIDs into an IMAP sequence set (`1:4,7,9:10`).
 */
export function uidSet(uids: number[]): string {
  const sorted = [...uids].sort((a, b) => a - b)
  const parts: string[] = []
  let start = sorted[0]
  let prev = sorted[0]
  for (const uid of sorted.slice(1)) {
    if (uid === prev + 1) {
      prev = uid
      continue
    }
    parts.push(start === prev ? `${start}` : `${start}:${prev}`)
    start = prev = uid
  }
  if (start !== undefined) parts.push(start === prev ? `${start}` : `${start}:${prev}`)
  return parts.join(',')
}

/**
 * node-imap 0.8.19 reads the current command on every continuation
 * (`+ idling`) and throws, outside any callback, when a late one
 * arrives after LOGOUT or a dropped IDLE cleared it. Such a
 * continuation answers nothing and is ignored here.
 */
function guardContinuations(imap: Imap) {
  const internals = imap as unknown as {
    _parser?: EventEmitter
    _curReq?: unknown
  }
  const parser = internals._parser
  if (!parser) return
  for (const listener of parser.listeners('continue')) {
    parser.removeListener('continue', listener as (...args: any[]) => void)
    parser.on('continue', (...args: unknown[]) => {
      if (internals._curReq) (listener as (...a: unknown[]) => void)(...args)
    })
  }
}

/**
 * One authenticated IMAP connection. Emits `mail` when the selected
 * folder grows (IDLE or NOOP), `uidvalidity` when the server changes
 * it mid-session, and `close` once the connection is gone.
 */
export class ImapClient extends EventEmitter {
  #imap: Imap
  #closed = false
  #folder: FolderState | null = null
  /** Rejecters of running commands: node-imap drops their callbacks
      when the connection closes, so they are failed here instead. */
  #pending = new Set<(error: Error) => void>()

  protected constructor(imap: Imap) {
    super()
    this.#imap = imap
    imap.on('mail', (count: number) => this.emit('mail', count))
    imap.on('uidvalidity', (value: number) => this.emit('uidvalidity', value))
    imap.on('error', (error: Error) => this.#gone(error))
    imap.on('close', () => this.#gone())
    imap.on('end', () => this.#gone())
  }

  /**
   * Connects and logs in. The connection idles (IDLE where the server
   * offers it, NOOP otherwise) whenever no command is running.
   */
  static connect(settings: ImapSettings): Promise<ImapClient> {
    const imap = new Imap({
      host: settings.host,
      port: settings.port,
      tls: settings.tls,
      tlsOptions: {
        servername: settings.host,
        rejectUnauthorized: settings.rejectUnauthorized ?? true,
      },
      autotls: settings.tls ? 'never' : 'required',
      user: settings.user,
      password: settings.password,
      connTimeout: settings.connTimeout ?? 15_000,
      authTimeout: settings.authTimeout ?? 15_000,
      keepalive: { interval: 10_000, idleInterval: 290_000, forceNoop: false },
    })

    /* node-imap 0.8.19 decodes an APPEND buffer as UTF-8 before writing
       it, which corrupts 8-bit messages and breaks the literal length;
       the bytes are written as they are instead. */
    const raw = imap as unknown as { _sock: { write(data: Buffer | string): void } }
    Object.assign(imap, {
      _sockWriteAppendData(data: Buffer | string) {
        raw._sock.write(Buffer.isBuffer(data) ? data : Buffer.from(data, 'utf8'))
        raw._sock.write('\r\n')
      },
    })

    return new Promise((resolve, reject) => {
      const onError = (error: Error) => {
        imap.removeListener('ready', onReady)
        reject(wrap(error, 'E_EMAIL_IMAP_CONNECT'))
      }
      const onReady = () => {
        imap.removeListener('error', onError)
        guardContinuations(imap)
        resolve(new ImapClient(imap))
      }
      imap.once('ready', onReady)
      imap.once('error', onError)
      imap.connect()
    })
  }

  /**
   * Whether the connection is still usable.
   */
  get connected() {
    return !this.#closed && this.#imap.state !== 'disconnected'
  }

  /**
   * Whether the server supports IDLE (push of new mail).
   */
  get supportsIdle() {
    return this.#imap.serverSupports('IDLE')
  }

  /**
   * The folder opened last, as the server described it then.
   */
  get folder() {
    return this.#folder
  }

  /**
   * Selects a folder (read-only by default, so fetching changes no
   * flags) and returns its UIDVALIDITY and UIDNEXT.
   */
  openFolder(name: string, readOnly = true): Promise<FolderState> {
    return this.#call((resolve, reject) => {
      this.#imap.openBox(name, readOnly, (error, box) => {
        if (error) return reject(wrap(error, 'E_EMAIL_IMAP_FOLDER'))
        this.#folder = {
          name,
          uidValidity: Number(box.uidvalidity),
          uidNext: Number(box.uidnext ?? 0),
          messages: box.messages?.total ?? 0,
        }
        resolve(this.#folder)
      })
    })
  }

  /**
   * Lists UID and size of every message from `fromUid` on. Servers
   * answer `n:*` with the last message even when it is below n, so
   * the result is filtered here.
   */
  listFrom(fromUid: number): Promise<MessageSize[]> {
    const start = Math.max(1, fromUid)
    return this.#call((resolve, reject) => {
      const found: MessageSize[] = []
      let fetch: Imap.ImapFetch
      try {
        fetch = this.#imap.fetch(`${start}:*`, { size: true })
      } catch (error) {
        return reject(wrap(error))
      }
      fetch.on('message', (msg) => {
        msg.once('attributes', (attrs) => {
          const uid = Number(attrs.uid)
          if (uid >= start) found.push({ uid, size: Number(attrs.size ?? 0) })
        })
      })
      fetch.once('error', (error) => reject(wrap(error)))
      fetch.once('end', () => resolve(found.sort((a, b) => a.uid - b.uid)))
    })
  }

  /**
   * Fetches the given UIDs in one command, whole or headers only,
   * without setting \Seen. Messages come back in UID order.
   */
  fetch(uids: number[], part: 'full' | 'headers' = 'full'): Promise<FetchedMessage[]> {
    if (uids.length === 0) return Promise.resolve([])
    return this.#call((resolve, reject) => {
      const found: FetchedMessage[] = []
      let fetch: Imap.ImapFetch
      try {
        fetch = this.#imap.fetch(uidSet(uids).split(','), {
          size: true,
          bodies: part === 'full' ? '' : 'HEADER',
          markSeen: false,
        })
      } catch (error) {
        return reject(wrap(error))
      }
      fetch.on('message', (msg) => {
        const chunks: Buffer[] = []
        let uid = 0
        let size = 0
        msg.on('body', (stream) => {
          stream.on('data', (chunk: Buffer) => chunks.push(chunk))
        })
        msg.once('attributes', (attrs) => {
          uid = Number(attrs.uid)
          size = Number(attrs.size ?? 0)
        })
        msg.once('end', () => {
          found.push({ uid, size, raw: Buffer.concat(chunks), headersOnly: part === 'headers' })
        })
      })
      fetch.once('error', (error) => reject(wrap(error)))
      fetch.once('end', () => {
        const wanted = new Set(uids)
        resolve(found.filter((m) => wanted.has(m.uid)).sort((a, b) => a.uid - b.uid))
      })
    })
  }

  /**
   * Appends a message to a folder and returns its UID when the server
   * reports it (UIDPLUS).
   */
  append(raw: Buffer | string, folder = 'INBOX', flags: string[] = []): Promise<number | null> {
    return this.#call((resolve, reject) => {
      this.#imap.append(raw, { mailbox: folder, flags }, ((error: Error, uid?: number) => {
        if (error) return reject(wrap(error))
        resolve(uid ? Number(uid) : null)
      }) as any)
    })
  }

  /**
   * Creates a folder.
   */
  createFolder(name: string): Promise<void> {
    return this.#call((resolve, reject) => {
      this.#imap.addBox(name, (error) => (error ? reject(wrap(error)) : resolve()))
    })
  }

  /**
   * Deletes a folder and everything in it.
   */
  deleteFolder(name: string): Promise<void> {
    return this.#call((resolve, reject) => {
      this.#imap.delBox(name, (error) => (error ? reject(wrap(error)) : resolve()))
    })
  }

  /**
   * Closes the folder (if any) and logs out.
   */
  async close(): Promise<void> {
    if (this.#closed) return
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.#imap.destroy()
        resolve()
      }, 2_000)
      this.#imap.once('end', () => {
        clearTimeout(timer)
        resolve()
      })
      this.#imap.once('close', () => {
        clearTimeout(timer)
        resolve()
      })
      try {
        this.#imap.end()
      } catch {
        this.#imap.destroy()
        clearTimeout(timer)
        resolve()
      }
    })
    this.#gone()
  }

  /**
   * Drops the connection without logging out.
   */
  destroy() {
    this.#imap.destroy()
    this.#gone()
  }

  /**
   * Runs one command as a promise that also fails when the connection
   * goes away before the server answered.
   */
  #call<T>(
    executor: (resolve: (value: T) => void, reject: (error: Error) => void) => void
  ): Promise<T> {
    if (this.#closed) {
      return Promise.reject(new ImapError('connection closed', 'E_EMAIL_IMAP_CLOSED'))
    }
    return new Promise<T>((resolve, reject) => {
      const fail = (error: Error) => reject(error)
      this.#pending.add(fail)
      executor(
        (value) => {
          this.#pending.delete(fail)
          resolve(value)
        },
        (error) => {
          this.#pending.delete(fail)
          reject(error)
        }
      )
    })
  }

  #gone(error?: Error) {
    if (this.#closed) return
    this.#closed = true
    const reason = error ? wrap(error) : new ImapError('connection closed', 'E_EMAIL_IMAP_CLOSED')
    for (const fail of this.#pending) fail(reason)
    this.#pending.clear()
    this.emit('close', error ? wrap(error) : undefined)
  }
}
