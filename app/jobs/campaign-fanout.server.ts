import { fanOutDueMessages, nextFanOutAt } from '~/models/message-delivery.server'
import { QUEUES, wake } from '~/utils/jobs.server'

/**
 * The fan-out job: turns each message whose time has come into delivery
 * rows (one INSERT … SELECT per message, see fanOutDueMessages), then wakes
 * the delivery job. A sweep, not a job per message: a lost or early wake-up
 * is harmless, and the minute schedule in worker.server.ts is the backstop.
 */
export async function fanOutCampaignsJob(): Promise<string[]> {
  const fannedOut = await fanOutDueMessages()
  if (fannedOut.length > 0) await wake(QUEUES.campaignDelivery)
  const next = await nextFanOutAt()
  if (next && next.getTime() > Date.now()) await scheduleFanOut(next)
  return fannedOut
}

/**
 * Wakes the fan-out at `at` (pg-boss startAfter): called when a message is
 * sent or scheduled. A cancelled message is simply not found by the sweep.
 */
export async function scheduleFanOut(at: Date): Promise<void> {
  if (at.getTime() <= Date.now()) return wake(QUEUES.campaignFanout)
  // One waiting job per instant: a message moved earlier still gets its own.
  await wake(QUEUES.campaignFanout, { startAfter: at, singletonKey: `at:${at.toISOString()}` })
}
