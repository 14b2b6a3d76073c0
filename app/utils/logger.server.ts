import pino from 'pino'

/**
 * The process's one structured logger: JSON lines on stdout (pino), for
 * whatever collects them. Log lines carry ids, routes, counts and error
 * codes, never personal data: no email, name, address or IP (a request is
 * logged by its route and request id: bin/request-log.ts). VIGIL_LOG_LEVEL
 * sets the level (default `info`; `silent` under NODE_ENV=test unless set).
 */
export type Logger = pino.Logger

declare global {
  var __vigilLogger: Logger | undefined
}

/** Lines wait in memory up to this many bytes, or this long, before one write to stdout. */
const BUFFER_BYTES = 4096
const FLUSH_MS = 200

/**
 * stdout written in blocks rather than one system call a line: a line per
 * request was 18 % of a cached page's CPU, profiled (decision 046). Lines
 * reach stdout within FLUSH_MS; all of them on any exit but a kill -9.
 */
function bufferedStdout() {
  const destination = pino.destination({ dest: 1, sync: false, minLength: BUFFER_BYTES })
  setInterval(() => destination.flush(), FLUSH_MS).unref()
  process.once('exit', () => {
    try {
      destination.flushSync()
    } catch {
      // Not ready yet (nothing written): nothing to flush.
    }
  })
  return destination
}

/** Kept on globalThis, as the pool is, so the server entry and the Remix build share it. */
export function logger(): Logger {
  globalThis.__vigilLogger ??= pino(
    {
      level: process.env.VIGIL_LOG_LEVEL || (process.env.NODE_ENV === 'test' ? 'silent' : 'info'),
      base: { pid: process.pid },
      // Error objects keep their type, message, code and stack; nothing else of theirs
      // (a postgres.js error's `parameters` could hold what a signer typed).
      serializers: {
        err: (error: unknown) => {
          if (!(error instanceof Error)) return { message: String(error) }
          const code = (error as { code?: unknown }).code
          return { type: error.name, message: error.message, code, stack: error.stack }
        },
      },
    },
    bufferedStdout(),
  )
  return globalThis.__vigilLogger
}
