import { Webhook as StandardWebhook } from 'standardwebhooks'
import {
  noteWebhookFailure,
  pruneWebhookLog,
  recordWebhookResponse,
  WEBHOOK_DELIVERIES,
  type WebhookMessage,
} from '~/models/webhook.server'
import { QUEUES, wake } from '~/utils/jobs.server'
import {
  postWebhook,
  WEBHOOK_WORST_CASE_MS,
  WebhookResponseError,
  type Resolver,
  type WebhookRequest,
} from '../webhook-transport.server'
import { runSender, type Channel, type RunOptions } from './pipeline.server'

/**
 * The webhook sender: each due webhook message, signed by the Standard
 * Webhooks scheme and POSTed (webhook-transport.server.ts), through the
 * delivery queue's send loop, so it is claimed, leased, retried with the
 * queue's backoff for 24 hours and recorded like any mail. Not mail, but
 * the same machinery: see docs/decisions/031-webhooks.md.
 */

/**
 * The Standard Webhooks message: `webhook-id` stays the same on every
 * retry (receivers drop one they have seen), `webhook-timestamp` is the
 * attempt's (so their tolerance check holds on a late retry), and the
 * signature covers id, timestamp and body.
 */
export function signedRequest(message: WebhookMessage, now = new Date()): WebhookRequest {
  const id = `msg_${message.eventId.replaceAll('-', '')}`
  const envelope = JSON.stringify({
    type: message.type,
    timestamp: new Date(message.eventAt).toISOString(),
  })
  const body = `${envelope.slice(0, -1)},"data":${message.dataJson}}`
  const signature = new StandardWebhook(message.secret).sign(id, now, body)
  return {
    url: message.url,
    body,
    headers: {
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': signature,
    },
  }
}

function webhookChannel(resolve?: Resolver): Channel<WebhookRequest> {
  return {
    async send(request, { startBy }) {
      const { status } = await postWebhook(request, { startBy, resolve })
      return { messageId: String(status) }
    },
    // Every failure is worth another try within the window: a receiver that
    // is down, refuses, or now resolves where it may not can recover.
    isPermanent: () => false,
    worstCaseMs: WEBHOOK_WORST_CASE_MS,
  }
}

/** Sends every due webhook message; returns how many were claimed. */
export function sendDueWebhooks(
  options: RunOptions & { resolve?: Resolver } = {},
): Promise<number> {
  const { resolve, ...run } = options
  return runSender<WebhookMessage, WebhookRequest>(
    {
      kind: WEBHOOK_DELIVERIES,
      queue: QUEUES.webhookDelivery,
      concurrency: 10,
      batchSize: 50,
      channel: webhookChannel(resolve),
      async compose(row) {
        return signedRequest(row)
      },
      async afterFailure(row, error) {
        await recordWebhookResponse(
          row.id,
          error instanceof WebhookResponseError ? error.status : null,
        )
        // A day of failures pauses the webhook and queues a mail to its admins.
        if (await noteWebhookFailure(row.webhookId)) await wake(QUEUES.mailOutbound)
      },
      // The log keeps a month; older settled messages go, a batch per run.
      finish: async () => void (await pruneWebhookLog()),
    },
    run,
  )
}
