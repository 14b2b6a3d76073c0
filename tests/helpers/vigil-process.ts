/**
 * Vigil as an operator runs it: `bin/server.ts` (npm start) or
 * `bin/worker.ts` (npm run worker) in a child process of its own, run with
 * `node --import tsx` so that a signal reaches that very process; or
 * `start`: `node bin/start.mjs`, npm start's compiled way (builds when the
 * sources changed, then runs build/vigil-server.js).
 */
import { spawn, type ChildProcess } from 'node:child_process'

export interface VigilProcess {
  child: ChildProcess
  /** Everything it wrote so far, stdout and stderr. */
  output(): string
  exited: Promise<number | null>
  /** Sends the signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>
}

const READY = /Vigil is serving|Vigil worker running/

/** Children still running when the test process ends (a failed start beside others) are ended. */
const running = new Set<ChildProcess>()
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL')
})

/**
 * Starts the entry point with these settings (on top of this process's)
 * and resolves once it says it is ready; rejects, with what it said, if it
 * exits first. `waitReady: false` resolves at once (for a start that fails).
 */
export function startVigilProcess(
  entry: 'server' | 'worker' | 'start',
  env: NodeJS.ProcessEnv,
  { waitReady = true, cwd }: { waitReady?: boolean; cwd?: string } = {},
): Promise<VigilProcess> {
  const args = entry === 'start' ? ['bin/start.mjs'] : ['--import', 'tsx', `bin/${entry}.ts`]
  const child = spawn(process.execPath, args, {
    env: { ...process.env, SESSION_SECRET: 'a test secret of enough length', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    cwd,
  })
  running.add(child)
  let output = ''
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      running.delete(child)
      resolve(code)
    }),
  )
  const handle: VigilProcess = {
    child,
    output: () => output,
    exited,
    stop: (signal = 'SIGTERM') => {
      child.kill(signal)
      return exited
    },
  }
  return new Promise((resolve, reject) => {
    const listen = (chunk: Buffer) => {
      output += chunk.toString()
      if (waitReady && READY.test(output)) resolve(handle)
    }
    child.stdout!.on('data', listen)
    child.stderr!.on('data', listen)
    void exited.then((code) => reject(new Error(`${args.at(-1)} exited (${code}):\n${output}`)))
    if (!waitReady) resolve(handle)
  })
}
