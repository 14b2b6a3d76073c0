import { watchFlags, WATCH_FLAG_DAYS, WATCH_PASSED_DAYS } from '~/domain/watch'
import { listWatchItems, queueDueWatchDigests } from '~/models/watch.server'
import { QUEUES, wake } from '~/utils/jobs.server'

/**
 * The watch list: every case's next date in order (and those passed in
 * the last WATCH_PASSED_DAYS on cases still unresolved), those within
 * WATCH_FLAG_DAYS flagged for what they lack; and the daily mail's sweep.
 */
export async function watchList({
  organizationId,
  now = new Date(),
}: {
  organizationId: string
  now?: Date
}) {
  const items = await listWatchItems({
    organizationId,
    from: new Date(now.getTime() - WATCH_PASSED_DAYS * 86_400_000),
  })
  return items.map((item) => ({
    ...item,
    flags: watchFlags(item, now),
    soon: item.nextDate.getTime() - now.getTime() <= WATCH_FLAG_DAYS * 86_400_000,
  }))
}

/**
 * Queues today's watch-list mail for every organization where it is due
 * (idempotent per organization and day: models/watch.server.ts), and wakes
 * the mail queue when any was.
 */
export async function sweepWatchDigests(now: Date = new Date()): Promise<number> {
  const queued = await queueDueWatchDigests(now)
  if (queued > 0) await wake(QUEUES.mailOutbound)
  return queued
}
