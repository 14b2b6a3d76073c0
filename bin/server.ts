/**
 * `npm start`: gets the database ready, serves Vigil on PORT and, unless
 * VIGIL_WORKER=off, runs the background worker in the same process.
 */
process.env.NODE_ENV ??= 'production'

const cluster = (await import('node:cluster')).default
const { startServer } = await import('./serve')
const { startCluster } = await import('./cluster')
const { exitOnStartupError } = await import('./startup')
const { env } = await import('../app/utils/env.server')

// WEB_CONCURRENCY above 1: a primary that runs the worker and that many web processes (bin/cluster.ts).
const start = async () => {
  if (cluster.isWorker) return startServer({ child: true })
  const count = env().WEB_CONCURRENCY
  return count > 1 ? startCluster(count) : startServer()
}
await start().catch(exitOnStartupError)

export {}
