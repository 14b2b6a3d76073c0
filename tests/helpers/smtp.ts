/**
 * A real SMTP server in the test process (smtp-server), that records what it
 * receives and can be told to answer like a server in trouble.
 */
import { simpleParser, type ParsedMail } from 'mailparser'
import { SMTPServer } from 'smtp-server'

export interface SmtpSink {
  port: number
  url: string
  messages: ParsedMail[]
  /** A received message exactly as it came over the wire (e.g. to verify its DKIM signature). */
  rawOf(mail: ParsedMail): Buffer | undefined
  /** Answer every DATA with this code (e.g. 451, 550) until reset with null. */
  failWith(code: number | null): void
  waitFor(count: number, timeoutMs?: number): Promise<ParsedMail[]>
  /** The first message (already here or still to come) that matches. */
  waitForMail(match: (mail: ParsedMail) => boolean, timeoutMs?: number): Promise<ParsedMail>
  close(): Promise<void>
}

export async function startSmtpSink({ port = 0 }: { port?: number } = {}): Promise<SmtpSink> {
  const messages: ParsedMail[] = []
  const raws = new WeakMap<ParsedMail, Buffer>()
  let failure: number | null = null
  const server = new SMTPServer({
    disableReverseLookup: true,
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    // Senders keep pooled connections open; do not wait 30 s for them on close.
    closeTimeout: 50,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (c: Buffer) => chunks.push(c))
      stream.on('end', () => {
        if (failure) {
          const error = new Error(
            failure >= 500 ? 'Mailbox unavailable' : 'Try again later',
          ) as Error & {
            responseCode: number
          }
          error.responseCode = failure
          return callback(error)
        }
        const raw = Buffer.concat(chunks)
        simpleParser(raw).then(
          (mail) => {
            raws.set(mail, raw)
            messages.push(mail)
            callback()
          },
          (error: Error) => callback(error),
        )
      })
    },
  })
  server.on('error', () => {})
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()))
  const address = server.server.address()
  const actualPort = typeof address === 'object' && address ? address.port : port
  return {
    port: actualPort,
    url: `smtp://127.0.0.1:${actualPort}`,
    messages,
    rawOf: (mail) => raws.get(mail),
    failWith(code) {
      failure = code
    },
    async waitFor(count, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs
      while (messages.length < count) {
        if (Date.now() > deadline)
          throw new Error(`Expected ${count} messages, got ${messages.length} in ${timeoutMs} ms`)
        await new Promise((r) => setTimeout(r, 50))
      }
      return messages
    },
    async waitForMail(match, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs
      for (;;) {
        const found = messages.find(match)
        if (found) return found
        if (Date.now() > deadline) throw new Error(`No matching message in ${timeoutMs} ms`)
        await new Promise((r) => setTimeout(r, 50))
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/** A header exactly as it was sent (mailparser turns List-* headers into objects). */
export function rawHeader(mail: ParsedMail, name: string): string | undefined {
  const line = mail.headerLines.find((h) => h.key === name.toLowerCase())?.line
  return line
    ?.slice(line.indexOf(':') + 1)
    .replace(/\r?\n\s+/g, ' ')
    .trim()
}

/** The recipients as text. */
export function recipient(mail: ParsedMail): string {
  const to = mail.to
  return (Array.isArray(to) ? to : to ? [to] : []).map((a) => a.text).join(', ')
}
