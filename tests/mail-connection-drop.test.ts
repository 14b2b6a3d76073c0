/**
 * An SMTP server that drops the connection in the middle of a mail: the
 * send fails as a temporary failure (tried again later, never lost, never
 * a crash), the pool takes a new connection, and the next mail goes out
 * whole. The server is a real one over TCP, speaking just enough SMTP, so
 * that it can cut the line where smtp-server would not.
 */
import net from 'node:net'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { closeTransport, isPermanentFailure, sendMail } from '../app/mail/transport.server'
import { resetEnvCache } from '../app/utils/env.server'

/** Completed messages (their data), and how many connections were cut during DATA. */
const received: string[] = []
let cut = 0
let dropNext = true
let server: net.Server
const savedUrl = process.env.SMTP_URL

function session(socket: net.Socket) {
  let buffer = ''
  let inData = false
  let data = ''
  socket.write('220 drop.test ESMTP\r\n')
  socket.on('error', () => {})
  socket.on('data', (chunk) => {
    buffer += chunk.toString('utf8')
    for (;;) {
      if (inData) {
        if (dropNext && buffer.length > 0) {
          // Part of the message has arrived: the line goes dead.
          dropNext = false
          cut++
          socket.destroy()
          return
        }
        const end = buffer.indexOf('\r\n.\r\n')
        if (end < 0) return
        data += buffer.slice(0, end)
        buffer = buffer.slice(end + 5)
        inData = false
        received.push(data)
        data = ''
        socket.write('250 2.0.0 Queued\r\n')
        continue
      }
      const eol = buffer.indexOf('\r\n')
      if (eol < 0) return
      const line = buffer.slice(0, eol)
      buffer = buffer.slice(eol + 2)
      const verb = line.slice(0, 4).toUpperCase()
      if (verb === 'EHLO') socket.write('250-drop.test\r\n250-PIPELINING\r\n250 8BITMIME\r\n')
      else if (verb === 'DATA') {
        inData = true
        socket.write('354 Go ahead\r\n')
      } else if (verb === 'QUIT') {
        socket.end('221 Bye\r\n')
        return
      } else socket.write('250 OK\r\n')
    }
  })
}

beforeAll(async () => {
  server = net.createServer(session)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  process.env.SMTP_URL = `smtp://127.0.0.1:${(server.address() as AddressInfo).port}`
  resetEnvCache()
  closeTransport()
})

afterAll(async () => {
  closeTransport()
  if (savedUrl === undefined) delete process.env.SMTP_URL
  else process.env.SMTP_URL = savedUrl
  resetEnvCache()
  await new Promise((resolve) => server.close(resolve))
})

const mail = (to: string) => ({
  from: { name: 'Texas Advocacy Project', address: 'no-reply@vigil.example' },
  to,
  subject: 'The hearing is Thursday',
  text: 'Call the governor now.',
  html: '<p>Call the governor now.</p>',
  headers: { 'List-Unsubscribe': '<https://vigil.example/unsubscribe/abc>' },
})

it('a connection cut during DATA fails that send for now; the next goes out on a new one', async () => {
  const failure = await sendMail(mail('ann@example.org')).then(
    () => null,
    (error: unknown) => error,
  )
  expect(failure).toBeInstanceOf(Error)
  expect(cut).toBe(1)
  // Temporary: the delivery queue tries it again later.
  expect(isPermanentFailure(failure)).toBe(false)
  expect(received).toHaveLength(0)

  const sent = await sendMail(mail('bob@example.org'))
  expect(sent.messageId).toMatch(/^<[0-9a-f-]+@[^>]+>$/)
  expect(received).toHaveLength(1)
  expect(received[0]).toContain('To: bob@example.org')
  expect(received[0]).toContain('Call the governor now.')
  expect(received[0]).toContain(`Message-ID: ${sent.messageId}`)
})
