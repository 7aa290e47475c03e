import { createServer } from 'node:net'

/**
 * A TCP port on the loopback interface that is free right now. The
 * operating system picks it, so parallel runs do not collide.
 */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.once('error', reject)
    server.listen(0, host, () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

/**
 * Resolves once something accepts connections on the port, or fails
 * after `timeoutMs`.
 */
export async function waitForPort(port: number, host = '127.0.0.1', timeoutMs = 10_000) {
  const { connect } = await import('node:net')
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, host)
      socket.once('connect', () => {
        socket.destroy()
        resolve(true)
      })
      socket.once('error', () => resolve(false))
    })
    if (open) return
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`nothing listens on ${host}:${port} after ${timeoutMs} ms`)
}
