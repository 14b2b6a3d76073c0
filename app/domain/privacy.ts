import { DEFAULT_LANGUAGE, translator } from '~/utils/i18n'

/**
 * The privacy notice shown beside every sign form (decision 037): the
 * organization's own, in Markdown, or this default, which says what Vigil
 * actually does with a signature. `{organization}` is the organization's name.
 */
export const PRIVACY_NOTICE_MAX = 5000

export const DEFAULT_PRIVACY_NOTICE = `**{organization}** keeps your name, email address and postal code to count your signature and, if you confirm it, to deliver it to the officials named above. Only your first name, last initial and town are ever shown publicly, and only if you tick "show my name". We email you only to confirm your signature, and about this campaign only if you tick the box. Unconfirmed signatures are deleted after a few weeks; some months after the petition closes your name and email are removed and only the count and your state or region are kept. To see or erase what we hold about you, write to {organization}.`

/**
 * The notice to show for an organization: its own (in the language the
 * organizer wrote it, `lang` null: the page's own for English readers), or
 * the default with its name, in the reader's language (app/locales).
 */
export function privacyNoticeText(
  organizationName: string,
  notice: string | null,
  language: string = DEFAULT_LANGUAGE,
): { text: string; lang: string } {
  if (notice?.trim())
    return { text: notice.replaceAll('{organization}', organizationName), lang: 'en' }
  if (language === DEFAULT_LANGUAGE)
    return {
      text: DEFAULT_PRIVACY_NOTICE.replaceAll('{organization}', organizationName),
      lang: 'en',
    }
  return {
    text: translator(language)('privacy.default', { organization: organizationName }),
    lang: language,
  }
}
