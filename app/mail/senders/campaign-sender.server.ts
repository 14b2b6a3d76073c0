import { getPetitionMergeData, type PetitionMergeData } from '~/models/merge-data.server'
import {
  CAMPAIGN_DELIVERIES,
  getMessageSendContext,
  sendingMessageIds,
  finishSentMessages,
  type CampaignDelivery,
  type MessageSendContext,
} from '~/models/message-delivery.server'
import { addSuppression } from '~/models/suppression.server'
import { READ_RETRY_MS, retryOnConnectionLoss } from '~/utils/db.server'
import { env } from '~/utils/env.server'
import { QUEUES, wake } from '~/utils/jobs.server'
import { DEFAULT_LANGUAGE } from '~/utils/i18n'
import { campaignComposer } from '../campaign-mail.server'
import { compileMessage, TemplateError, type CompiledMessage } from '../templates.server'
import { fromAddress } from '../transport.server'
import { DomainLimiters, interleaveByDomain, RateLimiter } from './pacing.server'
import {
  maxRepeatsAtCrash,
  runSender,
  SEND_MARGIN_MS,
  type RowOf,
  type RunOptions,
  type Sender,
} from './pipeline.server'

/**
 * The campaign's sender: due message_deliveries rows, merged and sent under
 * VIGIL_MAIL_RATE and VIGIL_MAIL_DOMAIN_RATE through the delivery queue's
 * send loop (pipeline.server.ts). See docs/decisions/020-delivery-engine.md.
 */

/**
 * Mails being merged and sent at once per worker. Several per SMTP
 * connection keep the pool busy while others are being merged.
 */
export const CONCURRENCY = 25
/** What a killed worker can repeat at most: its sends in flight and its records not yet written. */
export const MAX_REPEATS_AT_CRASH = maxRepeatsAtCrash({ concurrency: CONCURRENCY })
const MAX_BATCH = 100
/** A cancelled message's claimed rows stop within this long. */
const STATUS_REFRESH_MS = 1_000
/** A composer's merge values (days_left, next_date) are taken afresh this often. */
const COMPOSER_TTL_MS = 60_000
/** SMTP replies after which an address is suppressed: the mailbox does not exist. */
const HARD_BOUNCE_CODES = new Set([550, 551, 553])

const limiter = new RateLimiter(1000)
const domainLimiters = new DomainLimiters(100)

type Row = RowOf<CampaignDelivery>

interface MessagePlan {
  context: MessageSendContext
  compiled: CompiledMessage | TemplateError
  /** The Spanish version (decision 040), for signers who signed in Spanish; null when none. */
  compiledEs: CompiledMessage | TemplateError | null
  /** MAIL_FROM under the organization's name, parsed once per message. */
  from: ReturnType<typeof fromAddress>
}

type Composer = ReturnType<typeof campaignComposer>

/**
 * What one run has loaded: each message parsed once, each petition's data
 * once, and a composer per message and petition, renewed every minute. A
 * read that failed is not kept: the next row reads again.
 */
class RunCache {
  private plans = new Map<string, Promise<MessagePlan | null>>()
  private petitions = new Map<string, PetitionMergeData>()
  private composers = new Map<string, { compose: Composer; at: number }>()
  private sending: Promise<Set<string>> = Promise.resolve(new Set())
  private known = new Set<string>()
  private checkedAt = 0

  plan(messageId: string): Promise<MessagePlan | null> {
    let plan = this.plans.get(messageId)
    if (!plan) {
      plan = getMessageSendContext(messageId).then((context) => {
        if (!context) return null
        const spanish = context.subjectEs || context.bodyEs
        return {
          context,
          compiled: compileOrError(context),
          compiledEs: spanish
            ? compileOrError({
                subject: context.subjectEs || context.subject,
                body: context.bodyEs || context.body,
              })
            : null,
          from: fromAddress(context.organizationName),
        }
      })
      plan.catch(() => this.plans.delete(messageId))
      this.plans.set(messageId, plan)
    }
    return plan
  }

  async loadPetitions(rows: Row[]) {
    const missing = [...new Set(rows.map((r) => r.petitionId))].filter(
      (id) => !this.petitions.has(id),
    )
    for (const data of await getPetitionMergeData(missing))
      this.petitions.set(data.petitionId, data)
  }

  petition(id: string): PetitionMergeData | undefined {
    return this.petitions.get(id)
  }

  /** One composer per message, petition and language (decision 039). */
  composer(
    messageId: string,
    compiled: CompiledMessage,
    petition: PetitionMergeData,
    appUrl: string,
    language: string,
    contentLanguage: string,
  ): Composer {
    const key = `${messageId}/${petition.petitionId}/${language}/${contentLanguage}`
    const now = Date.now()
    let entry = this.composers.get(key)
    if (!entry || now - entry.at > COMPOSER_TTL_MS) {
      const options = { compiled, petition, appUrl, language, contentLanguage }
      entry = { compose: campaignComposer(options), at: now }
      this.composers.set(key, entry)
    }
    return entry.compose
  }

  /** Whether the message still sends, checked against the database at most every second. */
  async stillSending(messageId: string): Promise<boolean> {
    if (Date.now() - this.checkedAt > STATUS_REFRESH_MS || !this.known.has(messageId)) {
      this.checkedAt = Date.now()
      this.known.add(messageId)
      this.sending = sendingMessageIds([...this.known])
      this.sending.catch(() => {
        this.checkedAt = 0
      })
    }
    return (await this.sending).has(messageId)
  }
}

function compileOrError(source: { subject: string; body: string }) {
  try {
    return compileMessage(source)
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error
    return error
  }
}

/** How many rows to claim at once: a batch must go out well within its lease, even at a low rate. */
function batchSize(leaseSeconds: number, sendMarginMs: number, rate: number): number {
  const windowSeconds = leaseSeconds - sendMarginMs / 1000
  return Math.max(1, Math.min(MAX_BATCH, Math.floor((rate * windowSeconds) / 3)))
}

function campaignSender(options: RunOptions): Sender<CampaignDelivery> {
  const { appUrl, VIGIL_MAIL_RATE: rate, VIGIL_MAIL_DOMAIN_RATE: domainRate } = env()
  limiter.setRate(rate)
  domainLimiters.setRate(domainRate)
  const cache = new RunCache()
  return {
    kind: CAMPAIGN_DELIVERIES,
    queue: QUEUES.campaignDelivery,
    concurrency: CONCURRENCY,
    // The slower of the two limits sets how many rows can be sent within a lease.
    batchSize: batchSize(
      options.leaseSeconds ?? CAMPAIGN_DELIVERIES.leaseSeconds,
      options.sendMarginMs ?? SEND_MARGIN_MS,
      Math.min(rate, domainRate),
    ),
    async prepareBatch(rows) {
      await cache.loadPetitions(rows)
      return interleaveByDomain(rows)
    },
    async compose(row) {
      // Cancelled meanwhile: the row is already marked cancelled.
      if (!(await cache.stillSending(row.messageId))) return 'cancelled'
      const plan = await cache.plan(row.messageId)
      const petition = cache.petition(row.petitionId)
      if (!plan || !petition)
        throw new TemplateError({ body: ['The message or petition is gone.'] })
      // A signer who signed in Spanish gets the Spanish version, if there is one.
      const spanish = row.language === 'es' ? plan.compiledEs : null
      const compiled = spanish ?? plan.compiled
      if (compiled instanceof TemplateError) throw compiled
      const unsubscribeUrl = `${appUrl}/unsubscribe/${row.unsubscribeToken}`
      const lang = row.language === DEFAULT_LANGUAGE ? '' : `?lang=${row.language}`
      const mail = cache.composer(
        row.messageId,
        compiled,
        // From the message's organization: a partner's mail names the partner (decision 043).
        { ...petition, organizationName: plan.context.organizationName },
        appUrl,
        row.language,
        spanish ? 'es' : DEFAULT_LANGUAGE,
      )(row.supporterName, `${unsubscribeUrl}${lang}`)
      return {
        from: plan.from,
        to: row.toAddress,
        ...(plan.context.replyTo ? { replyTo: plan.context.replyTo } : {}),
        subject: mail.subject,
        html: mail.html,
        text: mail.text,
        headers: {
          'List-Unsubscribe': `<${unsubscribeUrl}>`,
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
        },
      }
    },
    async pace(row) {
      await domainLimiters.take(row.toAddress)
      await limiter.take()
    },
    async afterFailure(row, error, permanent) {
      const code = (error as { responseCode?: number }).responseCode
      if (!permanent || !code || !HARD_BOUNCE_CODES.has(code)) return
      await retryOnConnectionLoss(
        () =>
          addSuppression({
            organizationId: row.organizationId,
            email: row.toAddress,
            reason: 'bounce',
            detail: (error as Error).message.slice(0, 500),
          }),
        { forMs: READ_RETRY_MS },
      )
    },
    async finish() {
      // A finished message is announced to webhooks (message.sent).
      if ((await finishSentMessages()) > 0) await wake(QUEUES.webhookDelivery)
    },
  }
}

/**
 * Sends every due campaign row; returns how many rows were claimed. Ends
 * by settling finished messages and waking itself for the next retry.
 */
export function sendDueDeliveries(options: RunOptions = {}): Promise<number> {
  return runSender(campaignSender(options), options)
}
