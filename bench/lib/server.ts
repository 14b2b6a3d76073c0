import { spawn, type ChildProcess } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import type { AddressInfo } from 'node:net'
import { treeCpuSeconds } from './cpu'

export async function freePort(): Promise<number> {
  const probe = net.createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()))
  const { port } = probe.address() as AddressInfo
  await new Promise((resolve) => probe.close(resolve))
  return port
}

export interface BenchServer {
  url: string
  pid: number
  logFile: string
  /** Resident set size of the server process, in bytes (Linux). */
  rss(): number
  /** CPU seconds used so far by the server and its web processes (WEB_CONCURRENCY). */
  cpuSeconds(): number
  /** Throws if the server has gone (crashed, or stopped by someone else on a shared machine). */
  assertAlive(): void
  stop(): Promise<void>
}

/**
 * The real server as production runs it (`bin/server.ts`, production build,
 * worker in the same process, its mail over SMTP to `smtpUrl`: the bench's
 * sink, bench/lib/smtp-sink.ts; the dev mailbox without it), in its own
 * process so that its CPU and memory are its own. Run as `node --import tsx` rather than through
 * the tsx CLI so that the child's pid is the server itself.
 */
export async function startBenchServer({
  root,
  databaseUrl,
  webConcurrency = 1,
  smtpUrl,
}: {
  root: string
  databaseUrl: string
  /** Where its mail goes; without it, the dev mailbox (a table in its database). */
  smtpUrl?: string
  /** WEB_CONCURRENCY: above 1, a primary (the worker) and that many web processes. */
  webConcurrency?: number
}): Promise<BenchServer> {
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-bench-'))
  const logFile = path.join(dataDir, 'server.log')
  const log = fs.openSync(logFile, 'a')
  const { SMTP_URL: _smtp, ...inherited } = process.env
  // BENCH_PROFILE=1: a V8 CPU profile of the server, written next to its log on exit.
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${dataDir}`] : []
  const args = [...profile, '--import', 'tsx', 'bin/server.ts']
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: root,
    env: {
      ...inherited,
      NODE_ENV: 'production',
      PORT: String(port),
      APP_URL: url,
      DATABASE_URL: databaseUrl,
      DATA_DIR: dataDir,
      SESSION_SECRET: crypto.randomBytes(32).toString('hex'),
      VIGIL_SEED: 'none',
      VIGIL_WORKER: 'on',
      WEB_CONCURRENCY: String(webConcurrency),
      ...(smtpUrl ? { SMTP_URL: smtpUrl } : {}),
    },
    stdio: ['ignore', log, log],
  })
  let gone = false
  let exit = ''
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      gone = true
      exit = signal ? `signal ${signal}` : `code ${code}`
      resolve()
    }),
  )

  const deadline = Date.now() + 60_000
  for (;;) {
    if (gone) throw new Error(`The server exited during start-up; see ${logFile}`)
    try {
      const res = await fetch(`${url}/healthz`)
      if (res.ok) break
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`The server did not answer /healthz within 60 s; see ${logFile}`)
    }
    await new Promise((r) => setTimeout(r, 200))
  }

  return {
    url,
    pid: child.pid!,
    logFile,
    assertAlive() {
      if (gone) throw new Error(`The server exited (${exit}) during the benchmarks; see ${logFile}`)
    },
    cpuSeconds: () => treeCpuSeconds(child.pid!),
    rss() {
      const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8')
      const kb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0)
      return kb * 1024
    },
    async stop() {
      if (gone) return
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
      await exited
      clearTimeout(timer)
      fs.closeSync(log)
    },
  }
}
