import { DEFAULT_LANGUAGE, translator } from '~/utils/i18n'

/*
 * What the sign form's fields allow and say, without zod: the public pages'
 * browser code reads these, and importing the schema's module would ship
 * zod to every signer's phone. `signature.ts` builds the schema from them.
 */

export const NAME_MAX = 100
export const COMMENT_MAX = 1000
export const LETTER_MAX = 5000

/** The consent the subscribe box shows, in the signer's language; recorded with each signature. */
export function subscribeConsentText(
  organizationName: string,
  language = DEFAULT_LANGUAGE,
): string {
  return translator(language)('sign.consent', { organization: organizationName })
}
