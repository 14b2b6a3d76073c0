import { spawn } from 'node:child_process'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { SMTPServer, type SMTPServerOptions } from 'smtp-server'

/**
 * The mail server of the web benchmarks: an SMTP server in its own process
 * (as a relay is its own machine), accepting every mail and keeping none,
 * so the server under load sends its confirmations over SMTP as production
 * does, not into the dev mailbox's table, which only development uses.
 *
 *   node --import tsx bench/lib/smtp-sink.ts    prints {"port": n} once listening
 */

/** The bench's SMTP servers take whatever they are sent: no lookups, no login, no TLS, no log. */
export const ACCEPT_EVERYTHING: SMTPServerOptions = {
  disableReverseLookup: true,
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  // Senders keep pooled connections open: closing does not wait for them.
  closeTimeout: 50,
}

async function listen(): Promise<void> {
  const server = new SMTPServer({
    ...ACCEPT_EVERYTHING,
    onData(stream, _session, callback) {
      stream.on('end', () => callback())
      stream.resume()
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  console.log(JSON.stringify({ port: (server.server.address() as AddressInfo).port }))
  process.once('SIGTERM', () => server.close(() => process.exit(0)))
}

export interface SmtpSink {
  url: string
  stop(): Promise<void>
}

/** Starts the sink as a child process; its SMTP_URL once it listens. */
export async function startSmtpSink(root: string): Promise<SmtpSink> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/lib/smtp-sink.ts'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const port = await new Promise<number>((resolve, reject) => {
    let out = ''
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const line = out.split('\n').find((l) => l.startsWith('{'))
      if (line) resolve((JSON.parse(line) as { port: number }).port)
    })
    child.once('exit', (code) => reject(new Error(`The SMTP sink exited (${code})`)))
  })
  const exited = new Promise((resolve) => child.once('exit', resolve))
  // Never left behind by a run that fails.
  process.once('exit', () => child.kill('SIGTERM'))
  return {
    url: `smtp://127.0.0.1:${port}`,
    async stop() {
      child.kill('SIGTERM')
      await exited
    },
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await listen()
