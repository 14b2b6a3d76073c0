/**
 * The privacy notice shown beside every sign form (decision 037): the
 * organization's own, in Markdown, or this default, which says what Vigil
 * actually does with a signature. `{organization}` is the organization's name.
 */
export const PRIVACY_NOTICE_MAX = 5000

export const DEFAULT_PRIVACY_NOTICE = `**{organization}** keeps your name, email address and postal code to count your signature and, if you confirm it, to deliver it to the officials named above. Only your first name, last initial and town are ever shown publicly, and only if you tick "show my name". We email you only to confirm your signature, and about this campaign only if you tick the box. Unconfirmed signatures are deleted after a few weeks; some months after the petition closes your name and email are removed and only the count and your state or region are kept. To see or erase what we hold about you, write to {organization}.`

/** The notice to show for an organization: its own, or the default with its name. */
export function privacyNoticeText(organizationName: string, notice: string | null): string {
  return (notice?.trim() ? notice : DEFAULT_PRIVACY_NOTICE).replaceAll(
    '{organization}',
    organizationName,
  )
}
