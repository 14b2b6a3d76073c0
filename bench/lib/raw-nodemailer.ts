/**
 * The baseline of the campaign benchmark, run as its own process: plain
 * nodemailer, pooled with the same options as Vigil's transport (5
 * connections), sending one ready-made campaign mail to COUNT addresses as
 * fast as the pool takes them. No database, no merge, no records: the most a
 * Node process can push through this pool to this sink.
 *
 *   SINK_PORT=… COUNT=… node --import tsx bench/lib/raw-nodemailer.ts
 *
 * Prints one JSON line: {"sent": n, "seconds": s}.
 */
import nodemailer from 'nodemailer'
import { benchCampaignMail } from './campaign-mail'

const port = Number(process.env.SINK_PORT)
const count = Number(process.env.COUNT)
const inFlight = 50

const transport = nodemailer.createTransport({
  host: '127.0.0.1',
  port,
  secure: false,
  ignoreTLS: true,
  pool: true,
  maxConnections: 5,
  connectionTimeout: 10_000,
  greetingTimeout: 10_000,
  socketTimeout: 30_000,
})
const mail = benchCampaignMail()
const started = performance.now()
let next = 0
let sent = 0
await Promise.all(
  Array.from({ length: inFlight }, async () => {
    for (let i = next++; i < count; i = next++) {
      await transport.sendMail({
        from: { name: 'Bench Advocacy Project', address: 'no-reply@localhost' },
        to: `raw${i}@d${i % 100}.bench.example`,
        subject: mail.subject,
        html: mail.html,
        text: mail.text,
        headers: {
          'List-Unsubscribe': `<http://127.0.0.1/unsubscribe/raw-${i}>`,
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
        },
      })
      sent++
    }
  }),
)
const seconds = (performance.now() - started) / 1000
transport.close()
console.log(JSON.stringify({ sent, seconds }))
