import { sendDueDeliveries } from '~/mail/senders/campaign-sender.server'
import { sendDueOutreachDeliveries } from '~/mail/senders/outreach-sender.server'
import { sendDueMail } from '~/mail/senders/transactional-sender.server'
import { sendDueWebhooks } from '~/mail/senders/webhook-sender.server'
import type PgBoss from 'pg-boss'
import { boss, QUEUES } from '~/utils/jobs.server'
import { logger } from '~/utils/logger.server'
import { fanOutCampaignsJob } from './campaign-fanout.server'
import { repairCountsJob, rollupCountsJob } from './counts.server'
import { importCasesJob } from './import-cases.server'
import { importOfficialsJob } from './import-officials.server'
import { letterDigestsJob } from './letter-digests.server'
import { backfillRegionsJob } from './regions.server'
import { privacyRetentionJob } from './privacy.server'
import { foldStatsJob } from './stats.server'
import { sweepWatchDigests } from '~/services/watch.server'

/**
 * Aborted when the process is asked to stop, while bin/ stops pg-boss
 * (which waits for the running jobs): the senders start no new mail and
 * give back the rows they hold, so nobody waits out a lease for mail that
 * never left.
 */
const stopping = new AbortController()
let listening = false
function stopSendersOnSignal() {
  if (listening) return
  listening = true
  for (const signal of ['SIGTERM', 'SIGINT'] as const)
    process.once(signal, () => {
      stopping.abort()
      // A process with no stop of its own (a test's) ends as it would have without us.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal)
    })
}

/**
 * Registers every job handler and schedule on the process-wide pg-boss.
 * Several workers (processes or machines) may run this at once: pg-boss
 * hands each job to one of them, and the delivery queue's claims never
 * give a row to two (models/delivery-queue.server.ts). The delivery
 * handlers only start the kind's sender (mail/senders/): the rows are the
 * work, pg-boss only wakes.
 */
export async function startWorker(): Promise<void> {
  stopSendersOnSignal()
  const { signal } = stopping
  const jobs = await boss()
  // A job that throws is logged with its queue: pg-boss itself only marks it failed.
  const work = <T>(name: string, options: PgBoss.WorkOptions, handler: PgBoss.WorkHandler<T>) =>
    jobs.work<T>(name, options, async (batch) => {
      try {
        return await handler(batch)
      } catch (error) {
        logger().error({ queue: name, err: error }, 'a job failed')
        throw error
      }
    })
  const fast = { pollingIntervalSeconds: 0.5, batchSize: 1 }
  await work(QUEUES.mailOutbound, fast, async () => {
    await sendDueMail({ signal })
  })
  await work(QUEUES.countsRollup, fast, async () => {
    await rollupCountsJob()
  })
  await work(QUEUES.countsRepair, { pollingIntervalSeconds: 5 }, async () => {
    await repairCountsJob()
  })
  await work(QUEUES.statsRollup, { pollingIntervalSeconds: 2, batchSize: 1 }, async () => {
    await foldStatsJob()
  })
  await work<{ importId: string }>(QUEUES.officialsImport, fast, async ([job]) => {
    if (job) await importOfficialsJob(job.data)
  })
  await work<{ importId: string; actorId?: string | null }>(
    QUEUES.casesImport,
    fast,
    async ([job]) => {
      if (job) await importCasesJob(job.data)
    },
  )
  await work(QUEUES.campaignFanout, fast, async () => {
    await fanOutCampaignsJob()
  })
  await work(QUEUES.campaignDelivery, fast, async () => {
    await sendDueDeliveries({ signal })
  })
  await work(QUEUES.outreachDelivery, fast, async () => {
    await sendDueOutreachDeliveries({ signal })
  })
  await work(QUEUES.lettersDigest, fast, async () => {
    await letterDigestsJob({ signal })
  })
  await work(QUEUES.watchDigest, { pollingIntervalSeconds: 5 }, async () => {
    await sweepWatchDigests()
  })
  await work(QUEUES.regionsBackfill, { pollingIntervalSeconds: 5 }, async () => {
    await backfillRegionsJob()
  })
  // Signatures from before regions were kept: resolved once at start (decision 027).
  await jobs.send(QUEUES.regionsBackfill, {})
  await work(QUEUES.webhookDelivery, fast, async () => {
    await sendDueWebhooks({ signal })
  })
  // Personal data kept no longer than needed (decision 037): daily, and once at start.
  await jobs.work(QUEUES.privacyRetention, { pollingIntervalSeconds: 5 }, async () => {
    await privacyRetentionJob()
  })
  await jobs.send(QUEUES.privacyRetention, {})
  await jobs.schedule(QUEUES.privacyRetention, '41 3 * * *')
  // Backstops: a wake-up lost to a crash is made good within a minute.
  await jobs.schedule(QUEUES.mailOutbound, '* * * * *')
  await jobs.schedule(QUEUES.countsRollup, '* * * * *')
  await jobs.schedule(QUEUES.countsRepair, '*/15 * * * *')
  await jobs.schedule(QUEUES.statsRollup, '* * * * *')
  await jobs.schedule(QUEUES.campaignFanout, '* * * * *')
  await jobs.schedule(QUEUES.campaignDelivery, '* * * * *')
  await jobs.schedule(QUEUES.outreachDelivery, '* * * * *')
  await jobs.schedule(QUEUES.webhookDelivery, '* * * * *')
  // Letters: the minute sweep builds hourly and daily digests at their
  // cut-off and the last one before a deadline (letter-digest.server.ts).
  await jobs.schedule(QUEUES.lettersDigest, '* * * * *')
  // The watch list's daily mail: 8 am in each organization's zone, found by
  // a sweep every quarter hour (zones differ by 30 and 45 minutes too).
  await jobs.schedule(QUEUES.watchDigest, '*/15 * * * *')
  await jobs.schedule(QUEUES.regionsBackfill, '17 * * * *')
}
