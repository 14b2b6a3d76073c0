import { z } from './zod'
import { PRIVACY_NOTICE_MAX } from '~/domain/privacy'
import { text } from './text'

/** One person's address, for an export or an erasure (dashboard, API and CLI alike). */
export const SupporterRequestSchema = z.object({
  email: text({ error: 'Enter the email address.' })
    .trim()
    .min(1, 'Enter the email address.')
    .max(254, 'That email address is too long.')
    .pipe(z.email('Enter a valid email address, like name@example.com.')),
})

/** The dashboard's privacy notice form (empty: Vigil's default). */
export const PrivacyNoticeSchema = z.object({
  privacy_notice: text()
    .max(PRIVACY_NOTICE_MAX, `Use at most ${PRIVACY_NOTICE_MAX} characters.`)
    .default(''),
})
