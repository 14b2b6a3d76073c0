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

/** Kept on globalThis, as the pool is, so the server entry and the Remix build share it. */
export function logger(): Logger {
  globalThis.__vigilLogger ??= pino({
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
  })
  return globalThis.__vigilLogger
}
