/**
 * The baseline of the campaign benchmark, run as its own process: plain
 * nodemailer, pooled with the same options as Vigil's transport (5
 * connections), sending one ready-made campaign mail to COUNT addresses as
 * fast as the pool takes them. No database, no merge, no records: the most a
 * Node process can push through this pool to this sink, used as nodemailer's
 * documentation shows (sendMail with the fields).
 *
 * PREBUILT=1: a reference, the pool's ceiling: the mail composed once into
 * a buffer and that same buffer sent to every address as `raw` (one socket
 * write a mail, no composing at all).
 *
 *   SINK_PORT=… COUNT=… [PREBUILT=1] node --import tsx bench/lib/raw-nodemailer.ts
 *
 * Prints one JSON line: {"sent": n, "seconds": s, "cpuSeconds": c} (c: this process's CPU).
 */
import nodemailer from 'nodemailer'
import MailComposer from 'nodemailer/lib/mail-composer'
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
const fields = (i: number) => ({
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
const prebuilt = process.env.PREBUILT ? await new MailComposer(fields(0)).compile().build() : null
const started = performance.now()
const cpuBefore = process.cpuUsage()
let next = 0
let sent = 0
await Promise.all(
  Array.from({ length: inFlight }, async () => {
    for (let i = next++; i < count; i = next++) {
      const to = `raw${i}@d${i % 100}.bench.example`
      await transport.sendMail(
        prebuilt
          ? { envelope: { from: 'no-reply@localhost', to: [to] }, raw: prebuilt }
          : fields(i),
      )
      sent++
    }
  }),
)
const seconds = (performance.now() - started) / 1000
const cpu = process.cpuUsage(cpuBefore)
transport.close()
console.log(JSON.stringify({ sent, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6 }))
