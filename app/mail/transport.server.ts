import fs from 'node:fs'
import { randomUUID } from 'node:crypto'
import nodemailer from 'nodemailer'
import MailComposer from 'nodemailer/lib/mail-composer'
import MimeNode from 'nodemailer/lib/mime-node'
import { encode as qpEncode, wrap as qpWrap } from 'nodemailer/lib/qp'
import type { SendMailOptions, Transport, Transporter, TransportOptions } from 'nodemailer'
import { storeDevMail } from '~/models/dev-mailbox.server'
import { env } from '~/utils/env.server'

/**
 * One transport per process: an SMTP pool when SMTP_URL is set, else the dev
 * mailbox, which stores each message (raw, as it would have been sent) in
 * PostgreSQL for /dev/mailbox.
 */
export interface SentInfo {
  messageId: string
}

export class PermanentMailError extends Error {}

/**
 * A send not started because it could no longer end within its row's lease
 * (see sendMail's `startBy`): nothing went out, and the row is given back.
 */
export class SendWindowClosedError extends Error {}

/** The SMTP pool: connections, and how long each step may wait for the server. */
const POOL_CONNECTIONS = 5
const CONNECTION_TIMEOUT_MS = 10_000
const GREETING_TIMEOUT_MS = 10_000
const SOCKET_TIMEOUT_MS = 30_000

/**
 * The longest one send can take once it has a connection of its own: the
 * connection, the greeting, then a socket silent for as long as allowed.
 * Every delivery lease is longer than this (tests/delivery-queue.test.ts).
 */
export const WORST_CASE_SEND_MS = CONNECTION_TIMEOUT_MS + GREETING_TIMEOUT_MS + SOCKET_TIMEOUT_MS

declare global {
  var __vigilTransport: Transporter | undefined
}

function dkimOptions() {
  const { DKIM_DOMAIN, DKIM_SELECTOR, DKIM_PRIVATE_KEY } = env()
  if (!DKIM_DOMAIN || !DKIM_SELECTOR || !DKIM_PRIVATE_KEY) return undefined
  const privateKey = DKIM_PRIVATE_KEY.includes('PRIVATE KEY')
    ? DKIM_PRIVATE_KEY.replace(/\\n/g, '\n')
    : fs.readFileSync(DKIM_PRIVATE_KEY, 'utf8')
  return { domainName: DKIM_DOMAIN, keySelector: DKIM_SELECTOR, privateKey }
}

type AddressInput = SendMailOptions['from'] | SendMailOptions['to']

/** "Name <address>" for whatever form nodemailer was given. */
function formatAddress(value: AddressInput): string {
  if (!value) return ''
  if (Array.isArray(value)) return value.map(formatAddress).join(', ')
  if (typeof value === 'string') return value
  return value.name ? `${value.name} <${value.address}>` : (value.address ?? '')
}

function devMailboxTransport() {
  return {
    name: 'vigil-dev-mailbox',
    version: '1',
    send(
      mail: {
        message: {
          build(cb: (err: Error | null, raw: Buffer) => void): void
          messageId(): string
          getEnvelope(): { to: string[] }
        }
        data: SendMailOptions
      },
      callback: (err: Error | null, info?: { messageId: string; envelope: object }) => void,
    ) {
      mail.message.build((error, raw) => {
        if (error) return callback(error)
        const { data } = mail
        const headers = (data.headers ?? {}) as Record<string, string>
        storeDevMail({
          to: formatAddress(data.to),
          from: formatAddress(data.from),
          subject: String(data.subject ?? ''),
          html: String(data.html ?? ''),
          text: String(data.text ?? ''),
          headers,
          raw: raw.toString('utf8'),
          recipients: mail.message.getEnvelope().to,
        }).then(
          () => callback(null, { messageId: mail.message.messageId(), envelope: {} }),
          (dbError: Error) => callback(dbError),
        )
      })
    },
  }
}

export function transport(): Transporter {
  if (globalThis.__vigilTransport) return globalThis.__vigilTransport
  const { SMTP_URL } = env()
  const dkim = dkimOptions()
  globalThis.__vigilTransport = SMTP_URL
    ? nodemailer.createTransport({
        url: SMTP_URL,
        pool: true,
        maxConnections: POOL_CONNECTIONS,
        connectionTimeout: CONNECTION_TIMEOUT_MS,
        greetingTimeout: GREETING_TIMEOUT_MS,
        socketTimeout: SOCKET_TIMEOUT_MS,
        ...(dkim ? { dkim } : {}),
      } as TransportOptions)
    : nodemailer.createTransport(
        devMailboxTransport() as unknown as Transport,
        dkim ? { dkim } : {},
      )
  return globalThis.__vigilTransport
}

export function closeTransport() {
  globalThis.__vigilTransport?.close()
  globalThis.__vigilTransport = undefined
}

export function isDevMailbox() {
  return !env().SMTP_URL
}

/** The sender: MAIL_FROM's address, under a display name (the organization's). */
export function fromAddress(displayName?: string): { name: string; address: string } {
  const from = env().MAIL_FROM
  const match = /^\s*(?:"?([^"<]*?)"?\s*)?<([^>]+)>\s*$/.exec(from)
  const address = match ? match[2]!.trim() : from.trim()
  const name = displayName ?? (match?.[1]?.trim() || 'Vigil')
  return { name, address }
}

/**
 * A failure the SMTP server says is final (5xx) is permanent; connection
 * errors and 4xx are worth another try later.
 */
export function isPermanentFailure(error: unknown): boolean {
  if (error instanceof PermanentMailError) return true
  const code = (error as { responseCode?: number }).responseCode
  return typeof code === 'number' && code >= 500 && code < 600
}

/** The fields of a plain text-and-HTML mail, the form campaigns and most mail take. */
const TEXT_AND_HTML_FIELDS = new Set([
  'from',
  'to',
  'replyTo',
  'subject',
  'text',
  'html',
  'headers',
  'messageId',
  'baseBoundary',
  'date',
])

/**
 * A text-and-HTML mail composed into one buffer: byte for byte what
 * nodemailer's MailComposer builds (a test compares the two), built from
 * its MimeNode directly so that the two parts share the mail's boundary
 * seed rather than each reading the system's random source for one they
 * never use. Anything else is left to MailComposer.
 */
export function composeMail(message: SendMailOptions): Promise<Buffer> {
  const plain =
    typeof message.text === 'string' &&
    message.text !== '' &&
    typeof message.html === 'string' &&
    message.html !== '' &&
    Object.keys(message).every((key) => TEXT_AND_HTML_FIELDS.has(key))
  if (!plain) return new MailComposer(message).compile().build()
  const options = { baseBoundary: message.baseBoundary }
  const root = new MimeNode('multipart/alternative', options)
  const parts = [
    textPart(root, 'text/plain; charset=utf-8', message.text as string, options),
    textPart(root, 'text/html; charset=utf-8', message.html as string, options),
  ]
  if (message.headers) root.addHeader(message.headers as Record<string, string>)
  const fields = [
    ['from', message.from],
    ['to', message.to],
    ['reply-to', message.replyTo],
    ['subject', message.subject],
    ['message-id', message.messageId],
    ['date', message.date],
  ] as const
  for (const [header, value] of fields) if (value) root.setHeader(header, value as string)
  root.messageId()
  if (parts.some((part) => part === null)) return root.build()
  // What MimeNode's stream writes for a multipart node of ready parts.
  const headers = root.buildHeaders()
  const boundary = root.boundary
  if (!boundary) return root.build()
  const body = parts.map((part) => `--${boundary}\r\n${part}`).join('\r\n')
  return Promise.resolve(Buffer.from(`${headers}\r\n\r\n${body}\r\n--${boundary}--\r\n`))
}

/**
 * A text part of composeMail's mail. One that MimeNode would write as it is
 * (7bit) or quoted-printable is made here in one piece, its headers from the
 * node itself and its content encoded with nodemailer's own qp functions, so
 * that the mail is built without a stream at all (each stream costs an abort
 * controller, its DOMException and a few event-loop turns: half the cost of
 * composing a campaign mail, measured); the test holds the result to
 * MailComposer's bytes. Anything else (base64, for text mostly outside Latin
 * script) the node streams itself, and this returns null.
 */
function textPart(
  root: MimeNode,
  contentType: string,
  content: string,
  options: { baseBoundary?: string },
): string | null {
  const node = root.createChild(contentType, options)
  node.setContent(content)
  const encoding = node.getTransferEncoding()
  if (encoding !== '7bit' && encoding !== 'quoted-printable') return null
  const body = encoding === '7bit' ? content : qpWrap(qpEncode(content), 76)
  const part = `${node.buildHeaders()}\r\n\r\n${body}`
  node.setRaw(part)
  return part
}

/**
 * At most one send per pool connection at once: a send then never waits in
 * the pool's own queue behind others, so WORST_CASE_SEND_MS bounds it from
 * the moment it passes here, and `startBy` is checked when it starts.
 */
class ConnectionSlots {
  private free = POOL_CONNECTIONS
  private waiting: (() => void)[] = []

  async take(): Promise<void> {
    if (this.free > 0) {
      this.free--
      return
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve))
  }

  give(): void {
    const next = this.waiting.shift()
    if (next) next()
    else this.free++
  }
}
const slots = new ConnectionSlots()

/**
 * Sends one mail. Its Message-ID is on MAIL_FROM's domain (the domain that
 * signs and sends it), and its identifiers come from one random UUID rather
 * than nodemailer's several reads of the system's random source per mail (a
 * measurable share of a campaign's CPU).
 *
 * A mail without attachments is composed into one buffer first
 * (composeMail) and handed to the transport as `raw`: the SMTP pool then
 * writes it to the socket in one piece instead of one write per MIME part
 * and header block (nine for a campaign mail), which on a campaign was a
 * third of the worker's CPU. A mail with attachments (which may be streams,
 * such as an outreach's CSV of signers) streams as before, never held whole.
 * DKIM signs either form in the transport.
 *
 * With `startBy`, a send that has not begun by then (it waited for a
 * connection) is not made: SendWindowClosedError.
 */
export async function sendMail(
  message: SendMailOptions,
  { startBy }: { startBy?: Date } = {},
): Promise<SentInfo> {
  const token = randomUUID()
  const composed: SendMailOptions = {
    messageId: `<${token}@${mailFromDomain()}>`,
    baseBoundary: token.replaceAll('-', ''),
    ...message,
  }
  if (!message.attachments?.length && !message.raw) {
    // The other fields stay: the envelope, the Message-ID reported back and
    // the dev mailbox's columns are read from them.
    composed.raw = await composeMail(composed)
  }
  await slots.take()
  try {
    if (startBy && Date.now() > startBy.getTime()) throw new SendWindowClosedError()
    const info = (await transport().sendMail(composed)) as { messageId: string }
    return { messageId: info.messageId }
  } finally {
    slots.give()
  }
}

let fromDomain: { from: string; domain: string } | undefined

/** MAIL_FROM's domain, read once per value of MAIL_FROM. */
function mailFromDomain(): string {
  const from = env().MAIL_FROM
  if (fromDomain?.from !== from)
    fromDomain = { from, domain: fromAddress().address.split('@')[1] || 'localhost' }
  return fromDomain.domain
}
