import crypto from 'node:crypto'
import { DomainError, NOT_VALID } from '~/domain/errors'
import type { WebhookEventType } from '~/domain/states'
import {
  resolveWebhookHost,
  WebhookUrlError,
  webhookUrlProblem,
} from '~/mail/webhook-transport.server'
import { emitTestEvent } from '~/models/webhook-event.server'
import {
  createWebhook as insertWebhook,
  deleteWebhook as removeWebhook,
  resumeWebhook as resumeWebhookRecord,
  type Webhook,
} from '~/models/webhook.server'
import { db } from '~/utils/db.server'
import { QUEUES, wake } from '~/utils/jobs.server'

/**
 * Webhooks, as the dashboard and the API both manage them: a URL checked
 * where it points before it is kept (decision 031), a signing secret made
 * here and shown once, a test delivery and a resume that wake the sender.
 */

export class WebhookUrlRefusedError extends DomainError {
  constructor(reason: string) {
    super('invalid', NOT_VALID, { url: [reason] })
  }
}

/** A Standard Webhooks secret: `whsec_` and 32 random bytes in base64. */
function newSecret(): string {
  return `whsec_${crypto.randomBytes(32).toString('base64')}`
}

/**
 * Subscribes a URL to events. WebhookUrlRefusedError (422 on `url`) for a
 * URL that is not https, or resolves to this machine or a private network
 * (unless VIGIL_WEBHOOK_ALLOW_PRIVATE=on), or does not resolve at all.
 * The secret is in this answer only.
 */
export async function createWebhook(input: {
  organizationId: string
  createdBy: string | null
  url: string
  events: WebhookEventType[]
}): Promise<{ webhook: Webhook; secret: string }> {
  const problem = webhookUrlProblem(input.url)
  if (problem) throw new WebhookUrlRefusedError(problem)
  try {
    await resolveWebhookHost(new URL(input.url))
  } catch (error) {
    if (error instanceof WebhookUrlError) throw new WebhookUrlRefusedError(error.message)
    throw error
  }
  const secret = newSecret()
  const webhook = await insertWebhook({ ...input, secret })
  return { webhook, secret }
}

export function deleteWebhook(input: { organizationId: string; webhookId: string }) {
  return removeWebhook(input)
}

/** Queues a `webhook.test` message to the webhook; false when it is not the organization's. */
export async function sendTestDelivery(input: {
  organizationId: string
  webhookId: string
}): Promise<boolean> {
  const queued = await emitTestEvent(db(), input)
  if (queued) await wake(QUEUES.webhookDelivery)
  return queued
}

/** Resumes a paused webhook: what waited goes now. */
export async function resumeWebhook(input: {
  organizationId: string
  webhookId: string
}): Promise<Webhook | null> {
  const webhook = await resumeWebhookRecord(input)
  if (webhook) await wake(QUEUES.webhookDelivery)
  return webhook
}
