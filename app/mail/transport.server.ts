import { EventEmitter } from 'node:events'
import fs from 'node:fs'
import { randomUUID } from 'node:crypto'
import nodemailer from 'nodemailer'
import DKIM from 'nodemailer/lib/dkim'
import MimeNode from 'nodemailer/lib/mime-node'
import type { SendMailOptions, Transport, Transporter, TransportOptions } from 'nodemailer'
import { storeDevMail } from '~/models/dev-mailbox.server'
import { env } from '~/utils/env.server'
import { composeMail, composesItself, PLAIN_ADDRESS } from './mime.server'

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
 * (composeMail, app/mail/mime.server.ts), so the SMTP pool writes it to the
 * socket in one piece instead of one write per MIME part and header block.
 * A text-and-HTML mail of From and To (campaigns, most notices) is then
 * handed to the pool directly (sendComposed, decision 047); any other goes
 * through nodemailer's sendMail as `raw`. A mail with attachments (which
 * may be streams, such as an outreach's CSV of signers) streams through
 * sendMail, never held whole. DKIM signs every form.
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
  // A text-and-HTML mail of From and To goes to the pool as it is composed.
  const direct = !isDevMailbox() && composesItself(composed)
  if (!message.attachments?.length && !message.raw) {
    // The other fields stay: the envelope, the Message-ID reported back and
    // the dev mailbox's columns are read from them.
    composed.raw = await composeMail(composed)
  }
  const mailer = direct ? mailerParts() : null
  await slots.take()
  try {
    if (startBy && Date.now() > startBy.getTime()) throw new SendWindowClosedError()
    if (mailer) {
      await sendComposed(mailer, composed)
      return { messageId: composed.messageId as string }
    }
    const info = (await transport().sendMail(composed)) as { messageId: string }
    return { messageId: info.messageId }
  } finally {
    slots.give()
  }
}

/**
 * What nodemailer's Mailer (the transport) holds: the SMTP pool it hands
 * each mail to, and the DKIM signer it made once from DKIM_* (false without).
 */
function mailerParts(): { pool: Transport; dkim: DKIM | false } {
  const mailer = transport() as unknown as { transporter: Transport; dkim: DKIM | false }
  return { pool: mailer.transporter, dkim: mailer.dkim }
}

/**
 * A composed mail as the message stream the pool asks for, without a
 * stream's machinery (a Readable per mail, flowing into the connection's
 * data stream, cost a campaign a tenth of its worker's time, measured): the
 * connection pipes it into its data stream, which is one write of the
 * buffer. `readableDidRead` is what the pool reads to know whether a mail a
 * failed connection held can go again on another: true once it is written.
 */
class BufferSource extends EventEmitter {
  readableDidRead = false
  constructor(private readonly raw: Buffer) {
    super()
  }

  pipe<Target extends NodeJS.WritableStream>(target: Target): Target {
    this.readableDidRead = true
    target.end(this.raw)
    return target
  }

  /** Nothing to release: a connection torn down mid-send calls it. */
  destroy(): void {}
}

/**
 * A composed mail handed to the SMTP pool the way nodemailer's Mailer hands
 * it one (the transport interface: the envelope, the Message-ID, the
 * message's stream), without what Mailer does per mail that a composed one
 * does not need: its plugins, a scan of the HTML for data: images, a
 * MailComposer and MimeNode wrapped around the buffer and a stream pipeline
 * through them, which together cost a campaign more than composing its
 * mails (measured). The pool keeps its own ways: a mail a closed connection
 * never read goes out on a fresh one, a refused one resets the session, a
 * connection is renewed every 100 mails. DKIM signs the stream, as Mailer's
 * would.
 */
function sendComposed(
  { pool, dkim }: ReturnType<typeof mailerParts>,
  message: SendMailOptions,
): Promise<void> {
  const raw = message.raw as Buffer
  const messageId = message.messageId as string
  const envelope = envelopeOf(message)
  const mail = {
    data: {},
    message: {
      getEnvelope: () => envelope,
      messageId: () => messageId,
      getHeader: (key: string) => (key.toLowerCase() === 'message-id' ? messageId : undefined),
      createReadStream: () => (dkim ? dkim.sign(raw) : new BufferSource(raw)),
    },
  }
  return new Promise((resolve, reject) =>
    pool.send(mail as unknown as Parameters<Transport['send']>[0], (error) =>
      error ? reject(error) : resolve(),
    ),
  )
}

let sender: { from: unknown; address: string } | undefined

/** MAIL FROM and RCPT TO of a composed mail (its From and To), as MimeNode reads them. */
export function envelopeOf(message: Pick<SendMailOptions, 'from' | 'to'>): {
  from: string
  to: string[]
} {
  const { from, to } = message
  // The same sender object is used for a whole campaign.
  if (!sender || sender.from !== from) {
    const address = new MimeNode().setHeader('from', from).getEnvelope().from
    sender = { from, address: address || '' }
  }
  const recipients =
    typeof to === 'string' && PLAIN_ADDRESS.test(to)
      ? [to]
      : new MimeNode().setHeader('to', to).getEnvelope().to
  return { from: sender.address, to: recipients }
}

let fromDomain: { from: string; domain: string } | undefined

/** MAIL_FROM's domain, read once per value of MAIL_FROM. */
function mailFromDomain(): string {
  const from = env().MAIL_FROM
  if (fromDomain?.from !== from)
    fromDomain = { from, domain: fromAddress().address.split('@')[1] || 'localhost' }
  return fromDomain.domain
}
