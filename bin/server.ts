/**
 * `npm start`: gets the database ready, serves Vigil on PORT and, unless
 * VIGIL_WORKER=off, runs the background worker in the same process.
 */
process.env.NODE_ENV ??= 'production'

const { startServer } = await import('./serve')
const { exitOnStartupError } = await import('./startup')
await startServer().catch(exitOnStartupError)

export {}
