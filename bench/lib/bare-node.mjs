/* global process */
/**
 * Bare Node answering the same bytes as Vigil's cached petition page, from
 * memory: http.createServer, one Buffer, its Content-Type. The most a Node
 * process can answer here; the page cache is measured against it.
 *
 *   PORT=… PAGE_FILE=… CONTENT_TYPE=… node bench/lib/bare-node.mjs
 */
import fs from 'node:fs'
import http from 'node:http'

const body = fs.readFileSync(process.env.PAGE_FILE)
const headers = { 'content-type': process.env.CONTENT_TYPE, 'content-length': body.length }
http
  .createServer((_req, res) => {
    res.writeHead(200, headers)
    res.end(body)
  })
  .listen(Number(process.env.PORT), '127.0.0.1')
