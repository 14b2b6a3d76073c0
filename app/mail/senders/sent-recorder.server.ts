import { recordSent, type DeliveryKind, type SentRecord } from '~/models/delivery-queue.server'

/** "Sent" records wait this long for others to share their write, or until this many wait. */
const RECORD_LINGER_MS = 10
const RECORD_GROUP = 50
/** The most rows sent but not yet recorded at once: beyond it, senders wait. */
export const RECORD_WINDOW = 75

/**
 * Group commit of "sent" records, written behind the sending: a sender
 * hands its row over the moment the server says 250 and takes the next,
 * and the records that arrive within RECORD_LINGER_MS, or while one write
 * is under way, go together in the next write (one commit, one WAL flush
 * for the group). A slow commit so does not stall the SMTP pool.
 *
 * A record is never abandoned: a write that loses its connection is made
 * again on a new one (recordSent), and while it is retried no sender takes
 * another row, nor while RECORD_WINDOW rows wait for their record. So a
 * dropped connection repeats no mail, and a killed process at most those
 * being sent and those sent but not yet recorded.
 */
export class SentRecorder {
  private pending: SentRecord[] = []
  /** Rows handed over and not yet written: pending, and in the write under way. */
  private unrecorded = 0
  private writing: Promise<void> | null = null
  private lingering: NodeJS.Timeout | null = null
  private roomWaiters: (() => void)[] = []
  /** The write under way lost its connection and is being made again. */
  private stalled = false
  /** A write failed for another reason than a lost connection: the run stops. */
  private failure: unknown = null

  constructor(private kind: DeliveryKind<unknown>) {}

  /** Takes a sent row's record; resolves when the sender may take another row. */
  async record(id: string, messageId: string): Promise<void> {
    if (this.failure) throw this.failure
    this.pending.push({ id, messageId, sentAt: new Date() })
    this.unrecorded++
    if (this.pending.length >= RECORD_GROUP) this.write()
    else if (!this.writing) {
      this.lingering ??= setTimeout(() => {
        this.lingering = null
        this.write()
      }, RECORD_LINGER_MS)
    }
    while ((this.unrecorded > RECORD_WINDOW || this.stalled) && !this.failure)
      await new Promise<void>((resolve) => this.roomWaiters.push(resolve))
    if (this.failure) throw this.failure
  }

  /** Writes what is waiting; throws if any record could not be written. */
  async drain(): Promise<void> {
    while (this.pending.length > 0 || this.writing) {
      this.write()
      await this.writing
    }
    if (this.failure) throw this.failure
  }

  private write() {
    if (this.lingering) clearTimeout(this.lingering)
    this.lingering = null
    if (this.writing || this.pending.length === 0) return
    this.writing = this.flush()
  }

  private async flush(): Promise<void> {
    while (this.pending.length > 0) {
      const rows = this.pending
      this.pending = []
      try {
        await recordSent(this.kind, rows, {
          onLoss: () => {
            this.stalled = true
          },
        })
      } catch (error) {
        // Not a lost connection (those are retried): those rows stay
        // "sending" and go again after their lease; the run stops sending.
        this.failure ??= error
      }
      this.stalled = false
      this.unrecorded -= rows.length
      const waiters = this.roomWaiters
      this.roomWaiters = []
      for (const resume of waiters) resume()
    }
    this.writing = null
  }
}
