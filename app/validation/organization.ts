import { z } from './zod'
import { text } from './text'

const blankToNull = (v: string) => (v === '' ? null : v)

/** The organization's public contact (the footer of its public pages). */
export const OrganizationContactSchema = z.object({
  contactEmail: text()
    .trim()
    .max(254, 'That email address is too long.')
    .pipe(z.union([z.literal(''), z.email('Enter an email address, like info@example.org.')]))
    .transform(blankToNull),
  privacyUrl: text()
    .trim()
    .max(2000, 'That address is too long.')
    .pipe(
      z.union([
        z.literal(''),
        z.url({
          protocol: /^https?$/,
          error: 'Enter the web address of your privacy notice, starting with https://.',
        }),
      ]),
    )
    .transform(blankToNull),
})
