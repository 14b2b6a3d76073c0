import { boss, QUEUES } from '~/utils/jobs.server'
import { sendDueDeliveries } from './campaign-delivery.server'
import { fanOutCampaignsJob } from './campaign-fanout.server'
import { repairCountsJob, rollupCountsJob } from './counts.server'
import { importOfficialsJob } from './import-officials.server'
import { sendDueOutreachDeliveries } from './outreach-delivery.server'
import { letterDigestsJob } from './letter-digests.server'
import { sendDueMail } from './send-outbound-mail.server'
import { foldStatsJob } from './stats.server'

/**
 * Registers every job handler and schedule on the process-wide pg-boss.
 * Several workers (processes or machines) may run this at once: pg-boss
 * hands each job to one of them, and the row claims use SKIP LOCKED.
 */
export async function startWorker(): Promise<void> {
  const jobs = await boss()
  const fast = { pollingIntervalSeconds: 0.5, batchSize: 1 }
  await jobs.work(QUEUES.mailOutbound, fast, async () => {
    await sendDueMail()
  })
  await jobs.work(QUEUES.countsRollup, fast, async () => {
    await rollupCountsJob()
  })
  await jobs.work(QUEUES.countsRepair, { pollingIntervalSeconds: 5 }, async () => {
    await repairCountsJob()
  })
  await jobs.work(QUEUES.statsRollup, { pollingIntervalSeconds: 2, batchSize: 1 }, async () => {
    await foldStatsJob()
  })
  await jobs.work<{ importId: string }>(QUEUES.officialsImport, fast, async ([job]) => {
    if (job) await importOfficialsJob(job.data)
  })
  await jobs.work(QUEUES.campaignFanout, fast, async () => {
    await fanOutCampaignsJob()
  })
  await jobs.work(QUEUES.campaignDelivery, fast, async () => {
    await sendDueDeliveries()
  })
  await jobs.work(QUEUES.outreachDelivery, fast, async () => {
    await sendDueOutreachDeliveries()
  })
  await jobs.work(QUEUES.lettersDigest, fast, async () => {
    await letterDigestsJob()
  })
  // Backstops: a wake-up lost to a crash is made good within a minute.
  await jobs.schedule(QUEUES.mailOutbound, '* * * * *')
  await jobs.schedule(QUEUES.countsRollup, '* * * * *')
  await jobs.schedule(QUEUES.countsRepair, '*/15 * * * *')
  await jobs.schedule(QUEUES.statsRollup, '* * * * *')
  await jobs.schedule(QUEUES.campaignFanout, '* * * * *')
  await jobs.schedule(QUEUES.campaignDelivery, '* * * * *')
  await jobs.schedule(QUEUES.outreachDelivery, '* * * * *')
  // Letters: the minute sweep builds hourly and daily digests at their
  // cut-off and the last one before a deadline (letter-digest.server.ts).
  await jobs.schedule(QUEUES.lettersDigest, '* * * * *')
}
