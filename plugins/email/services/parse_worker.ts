import { parentPort } from 'node:worker_threads'
import { parseEmail } from './mime_parser.js'

/**
 * The worker thread behind ParserPool: parses the raw messages of
 * each request and answers once for all of them, each with the parsed
 * message or the parser's error.
 */
parentPort?.on('message', async (request: { items: { id: number; raw: Uint8Array }[] }) => {
  const results = await Promise.all(
    request.items.map(async ({ id, raw }) => {
      const bytes = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength)
      try {
        return { id, mail: await parseEmail(bytes) }
      } catch (error) {
        return { id, error: error instanceof Error ? error.message : String(error) }
      }
    })
  )
  parentPort!.postMessage({ results })
})
