import { fanOutDueMessages, nextFanOutAt } from '~/models/message-delivery.server'
import { QUEUES, wake, wakeAt } from '~/utils/jobs.server'

/**
 * The fan-out job: turns each message whose time has come into delivery
 * rows (one INSERT … SELECT per message, see fanOutDueMessages), then wakes
 * the campaign sender. A sweep, not a job per message: a lost or early
 * wake-up is harmless, and the minute schedule in worker.server.ts is the
 * backstop.
 */
export async function fanOutCampaignsJob(): Promise<string[]> {
  const fannedOut = await fanOutDueMessages()
  if (fannedOut.length > 0) await wake(QUEUES.campaignDelivery)
  const next = await nextFanOutAt()
  if (next && next.getTime() > Date.now()) await wakeAt(QUEUES.campaignFanout, next)
  return fannedOut
}
