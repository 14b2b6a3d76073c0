/* global process */
/**
 * Serves the bare Remix app as `remix-serve` does (@remix-run/serve is not
 * installed here): Express, compression, the built assets as static files,
 * and @remix-run/express's request handler, in production mode. remix-serve
 * also logs each request with morgan ("tiny"), which this leaves out.
 *
 *   PORT=… node bench/bare-remix/server.mjs   (after `remix build` in bench/bare-remix)
 */
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { createRequestHandler } from '@remix-run/express'
import compression from 'compression'
import express from 'express'

const here = path.dirname(fileURLToPath(import.meta.url))
const build = await import(pathToFileURL(path.join(here, 'build/index.js')).href)
const app = express()
app.disable('x-powered-by')
app.use(compression())
app.use(
  '/build',
  express.static(path.join(here, 'public/build'), { immutable: true, maxAge: '1y' }),
)
app.use(express.static(path.join(here, 'public'), { maxAge: '1h' }))
app.all('*', createRequestHandler({ build, mode: 'production' }))
app.listen(Number(process.env.PORT), '127.0.0.1')
