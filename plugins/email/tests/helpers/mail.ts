/**
 * Builds a raw test message from header lines and a body.
 */
export function rawMail(headers: Record<string, string>, body = 'Hello\r\n') {
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`)
  const hasType = Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')
  if (!hasType) lines.push('Content-Type: text/plain; charset=utf-8')
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n${body}`, 'utf8')
}
