import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { cpuSeconds } from './cpu'
import { freePort } from './server'

export interface RunningProcess {
  url: string
  pid: number
  cpuSeconds(): number
  stop(): Promise<void>
}

/**
 * A reference server (the bare Remix app, bare Node) as its own process, as
 * Vigil's server is, so the load generator's CPU is not its own; ready when
 * `readyPath` answers 200.
 */
export async function startProcess({
  root,
  args,
  env = {},
  readyPath,
}: {
  root: string
  args: string[]
  env?: Record<string, string>
  readyPath: string
}): Promise<RunningProcess> {
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const logFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-bench-ref-')), 'out.log')
  const log = fs.openSync(logFile, 'a')
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production', PORT: String(port), ...env },
    stdio: ['ignore', log, log],
  })
  let gone = false
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      gone = true
      resolve()
    }),
  )
  for (const deadline = Date.now() + 30_000; ;) {
    if (gone) throw new Error(`${args.join(' ')} exited during start-up; see ${logFile}`)
    try {
      if ((await fetch(url + readyPath)).ok) break
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`${args.join(' ')} did not start; see ${logFile}`)
    await new Promise((r) => setTimeout(r, 100))
  }
  return {
    url,
    pid: child.pid!,
    cpuSeconds: () => cpuSeconds(child.pid!),
    async stop() {
      if (!gone) child.kill('SIGTERM')
      await exited
      fs.closeSync(log)
    },
  }
}
