import { greetingName } from '~/domain/greeting'
import { getPetitionMergeData, type PetitionMergeData } from '~/models/merge-data.server'
import { CASE_STATUS_LABELS } from '~/domain/labels'
import { daysLeft, formatDate } from '~/utils/time'
import { DEFAULT_LANGUAGE, intlLocale, translator } from '~/utils/i18n'
import { TemplateError, validateMessageTemplate, type MergeContext } from './templates.server'

/**
 * How a merge field is resolved: the context each template is rendered
 * with, built from a petition's merge data and the recipient (a supporter
 * or an official). A value the data lacks is left out, so strict rendering
 * names it instead of printing a blank.
 */

/** A recipient's merge fields: `supporter.name` and `supporter.first_name`. */
export function supporterMergeFields(fullName: string): MergeContext['supporter'] {
  const name = fullName.trim()
  return { name, first_name: name.split(/\s+/)[0] ?? name }
}

/**
 * The merge context for one recipient. A value the data lacks (no next
 * date, no decision maker) is left out, so strict rendering reports it
 * instead of printing a blank.
 */
export function buildMergeContext(
  data: PetitionMergeData,
  supporter: { name: string },
  {
    appUrl,
    now = new Date(),
    language = DEFAULT_LANGUAGE,
  }: { appUrl: string; now?: Date; language?: string },
): MergeContext {
  return {
    supporter: supporterMergeFields(supporter.name),
    petition: {
      title: data.title,
      url: `${appUrl}/petitions/${data.slug}`,
      call_url: `${appUrl}/petitions/${data.slug}/call`,
      total_signatures: data.signatureCount,
      goal: data.goal,
    },
    case: {
      person_name: data.personName,
      // In the reader's language, as the rest of their mail (decision 039).
      status:
        language === DEFAULT_LANGUAGE
          ? (CASE_STATUS_LABELS[data.caseStatus] ?? data.caseStatus)
          : translator(language)(`caseStatus.${data.caseStatus}`),
      ...(data.nextDate
        ? {
            next_date: formatDate(data.nextDate, data.timeZone, intlLocale(language)),
            days_left: daysLeft(data.nextDate, data.timeZone, now),
          }
        : {}),
    },
    ...(data.officialName
      ? {
          official: {
            name: data.officialName,
            title: data.officialTitle ?? '',
            greeting_name: greetingName(data.officialTitle, data.officialName),
          },
        }
      : {}),
    organization: { name: data.organizationName },
  }
}

/**
 * Checks a template against the sample and each target petition's real
 * data; throws TemplateError.
 */
export async function checkMessageTemplate(
  template: { subject: string; body: string; subjectEs?: string | null; bodyEs?: string | null },
  petitionIds: string[],
  appUrl: string,
) {
  const data = await getPetitionMergeData(petitionIds)
  const contexts = data.map((d) => buildMergeContext(d, { name: 'Alex Sample' }, { appUrl }))
  validateMessageTemplate(template, contexts)
  // The Spanish version (decision 040) must render too; its errors name its own fields.
  if (!template.subjectEs && !template.bodyEs) return
  try {
    validateMessageTemplate(
      { subject: template.subjectEs || template.subject, body: template.bodyEs || template.body },
      contexts,
    )
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error
    const { subject, body } = error.fields
    throw new TemplateError({
      ...(subject ? { subject_es: subject } : {}),
      ...(body ? { body_es: body } : {}),
    })
  }
}

/**
 * The merge context for one official: the petition's and the case's fields
 * as in campaigns, `official` the addressee. Officials are not supporters,
 * so `supporter.*` is absent and strict rendering refuses it at save time.
 */
export function outreachMergeContext(
  data: PetitionMergeData,
  official: { name: string; title: string | null },
  { appUrl, now }: { appUrl: string; now?: Date },
): MergeContext {
  const { supporter: _none, ...context } = buildMergeContext(data, { name: '' }, { appUrl, now })
  return {
    ...context,
    official: {
      name: official.name,
      title: official.title ?? '',
      greeting_name: greetingName(official.title, official.name),
    },
  } as MergeContext
}
