import { campaignRenderer } from '../../emails/campaign'
import type { RenderedEmail } from '../../emails/layout'
import type { PetitionMergeData } from '~/models/merge-data.server'
import { buildMergeContext, supporterMergeFields } from './merge-context.server'
import { messageRenderer, type CompiledMessage } from './templates.server'
import { localized } from '~/domain/content-language'
import { DEFAULT_LANGUAGE } from '~/utils/i18n'

/**
 * Campaign mails for the recipients of one message and petition: merged
 * (strictly: throws TemplateError rather than leave a blank), sanitized, in
 * the layout. The merge is rendered once where that gives the same mail
 * (see messageRenderer); the delivery job keeps one composer per petition.
 */
export function campaignComposer({
  compiled,
  petition: english,
  appUrl,
  now,
  language = DEFAULT_LANGUAGE,
  contentLanguage = language,
}: {
  compiled: CompiledMessage
  petition: PetitionMergeData
  appUrl: string
  now?: Date
  /** The reader's language: the layout's (decision 039). */
  language?: string
  /** The language the message's version is written in, when it is not the reader's. */
  contentLanguage?: string
}): (supporterName: string, unsubscribeUrl: string) => RenderedEmail {
  // The petition as the reader knows it: its Spanish title for a Spanish reader.
  const petition = { ...english, title: localized(english.title, english.titleEs, language).text }
  const { supporter: _sample, ...shared } = buildMergeContext(
    petition,
    { name: '' },
    { appUrl, now, language },
  )
  const render = messageRenderer(compiled, shared)
  const frame = campaignRenderer({
    organizationName: petition.organizationName,
    petitionTitle: petition.title,
    language,
    contentLanguage,
  })
  return (supporterName, unsubscribeUrl) =>
    frame({ ...render(supporterMergeFields(supporterName)), unsubscribeUrl })
}

/** One campaign mail for one person: the preview and the test send. */
export function composeCampaignMail({
  supporterName,
  unsubscribeUrl,
  ...message
}: {
  compiled: CompiledMessage
  petition: PetitionMergeData
  supporterName: string
  unsubscribeUrl: string
  appUrl: string
  now?: Date
}): RenderedEmail {
  return campaignComposer(message)(supporterName, unsubscribeUrl)
}
