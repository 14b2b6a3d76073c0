/**
 * WEB_CONCURRENCY=2: `npm start` runs two web processes on one port, both
 * answer, /metrics sums their counters, and SIGTERM stops all of it with 0.
 */
import http from 'node:http'
import { describe, expect, it } from 'vitest'
import { makePetition, validSignature } from './helpers/fixtures'
import { eventually, freePort } from './helpers/server'
import { startVigilProcess } from './helpers/vigil-process'

/** A form post on a connection of its own, so that the cluster hands each to a process in turn. */
function signOnNewConnection(url: string, fields: Record<string, string>, id: string) {
  const body = new URLSearchParams(fields).toString()
  return new Promise<number>((resolve, reject) => {
    const req = http.request(url, {
      method: 'POST',
      agent: false,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'content-length': Buffer.byteLength(body),
        'x-request-id': id,
      },
    })
    req.on('response', (res) => {
      res.resume()
      resolve(res.statusCode!)
    })
    req.on('error', reject)
    req.end(body)
  })
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

describe('WEB_CONCURRENCY=2', () => {
  it('two web processes answer on one port, /metrics sums them, SIGTERM stops all with 0', async () => {
    const SIGNERS = 8
    const { petition } = await makePetition()
    const port = await freePort()
    const vigil = await startVigilProcess('server', {
      PORT: String(port),
      APP_URL: `http://127.0.0.1:${port}`,
      WEB_CONCURRENCY: '2',
      VIGIL_WORKER: 'off',
      VIGIL_LOG_LEVEL: 'info',
      NODE_ENV: 'test',
    })
    expect(vigil.output()).toContain('web:      2 processes')
    const url = `http://127.0.0.1:${port}/petitions/${petition.slug}`
    for (let i = 0; i < SIGNERS; i++)
      expect(await signOnNewConnection(url, validSignature(), `wc-${i}`)).toBe(303)

    // Each request's log line says which process answered it.
    const lines = () =>
      vigil
        .output()
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as { pid: number; req?: { id?: string } })
    const pids = await eventually(async () => {
      const answered = lines().filter((l) => l.req?.id?.startsWith('wc-'))
      return answered.length === SIGNERS ? new Set(answered.map((l) => l.pid)) : undefined
    })
    expect(pids.size).toBe(2)
    expect(pids.has(vigil.child.pid!)).toBe(false)

    // Whichever process is scraped, the counter is the sum over both.
    for (let scrape = 0; scrape < 2; scrape++) {
      const res = await fetch(`http://127.0.0.1:${port}/metrics`)
      expect(res.status).toBe(200)
      expect(await res.text()).toMatch(
        new RegExp(`^vigil_signatures_received_total\\{outcome="created"\\} ${SIGNERS}$`, 'm'),
      )
    }

    expect(await vigil.stop('SIGTERM')).toBe(0)
    for (const pid of pids) expect(alive(pid)).toBe(false)
  }, 120_000)
})
