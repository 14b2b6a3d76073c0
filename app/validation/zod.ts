import { config, z } from 'zod'

/*
 * zod for every schema a page may load in the browser. zod compiles a fast
 * parser for each object schema with `new Function`, after probing whether
 * it may; the CSP (no 'unsafe-eval') refuses the probe, and the browser
 * reports a violation on every page that builds a schema. The browser checks
 * small forms: it parses without the compiled path. The server keeps it.
 * The lint sends every import of zod in browser-reachable code here.
 */
if (typeof document !== 'undefined') config({ jitless: true })

export { z }
