/**
 * The real Vigil server (Express + the production Remix build) on a free
 * port of this machine, with the worker running in the same process, as
 * `npm start` runs it.
 */
import type { AddressInfo } from 'node:net'
import http from 'node:http'
import net from 'node:net'
import { startWorker } from '../../app/jobs/worker.server'
import { resetEnvCache } from '../../app/utils/env.server'
import { closeTransport } from '../../app/mail/transport.server'
import { answerClientErrors } from '../../bin/http-guards'
import { createHandler } from '../../bin/serve'

export interface TestServer {
  url: string
  close(): Promise<void>
}

export async function freePort(): Promise<number> {
  const probe = net.createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()))
  const { port } = probe.address() as AddressInfo
  await new Promise((resolve) => probe.close(resolve))
  return port
}

export async function startTestServer({
  smtpUrl,
  worker = true,
}: { smtpUrl?: string; worker?: boolean } = {}): Promise<TestServer> {
  const port = await freePort()
  process.env.APP_URL = `http://127.0.0.1:${port}`
  process.env.PORT = String(port)
  if (smtpUrl) process.env.SMTP_URL = smtpUrl
  else delete process.env.SMTP_URL
  resetEnvCache()
  closeTransport()
  if (worker) await startWorker()
  const server = http.createServer(await createHandler()).listen(port, '127.0.0.1')
  answerClientErrors(server)
  await new Promise<void>((resolve) => server.once('listening', () => resolve()))
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** Posts a form the way a browser without JavaScript does. */
export function postForm(
  url: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    body: new URLSearchParams(fields),
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    redirect: 'manual',
  })
}

/** Polls until `check` returns a value other than undefined. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  { timeoutMs = 10_000, intervalMs = 100 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error('Timed out waiting for a condition')
    await new Promise((r) => setTimeout(r, intervalMs))
  }
}
