import { stateName } from '~/domain/clemency'
import { acceptsSignatures, type CallOutcome, type OfficialRole } from '~/domain/states'
import {
  DEFAULT_CALL_SCRIPT,
  renderCallScript,
  validateCallScript,
  type CallScriptContext,
} from '~/mail/call-script.server'
import { outreachMergeContext } from '~/mail/merge-context.server'
import { listCallTargets, recordCall } from '~/models/call.server'
import { listCallScripts, saveCallScript } from '~/models/call-script.server'
import { getCaseForOrganization, listCaseOfficials } from '~/models/case.server'
import { getPetitionMergeData, type PetitionMergeData } from '~/models/merge-data.server'
import { listPetitionsForOrganization } from '~/models/petition.server'
import { getPublicPetitionBySlug, type PetitionForSigning } from '~/models/public-petition.server'
import { PetitionNotOpenError } from '~/models/signature.server'
import { env } from '~/utils/env.server'
import { DEFAULT_LANGUAGE, type Language } from '~/utils/i18n'
import { describeOfficeStatus, officeStatus, zoneName } from '~/utils/office-hours.server'
import { explainClemency, type ClemencyExplanation } from './clemency.server'

/**
 * Call campaigns: the public call page (each target office, open or not in
 * its own time zone, and the organizer's script for its role), logging a
 * call, and writing the scripts.
 */

export interface CallPageOffice {
  id: string
  name: string
  title: string | null
  office: string | null
  phone: string
  /** The number as a tel: URI (digits and a leading +). */
  tel: string
  officeHours: string | null
  timeZone: string | null
  /** The zone as people name it: "Central Time". */
  zoneName: string | null
  /** "Open now · closes at 5:00 pm Central Time, in 3 hours" (in the reader's language); null when the hours are unknown. */
  status: string | null
  open: boolean | null
  /** The script as sanitized HTML, and the language it is in. */
  script: { html: string; language: Language }
}

export interface CallPage {
  petition: {
    id: string
    slug: string
    title: string
    open: boolean
    personName: string
    caseSlug: string
    organizationName: string
  }
  offices: CallPageOffice[]
  /** Targets with no phone on file, named so callers know they were not forgotten. */
  withoutPhone: string[]
  clemency: ClemencyExplanation | null
}

/** tel: wants the digits (and a leading +); extensions and letters are dropped. */
function telUri(phone: string): string {
  const main = phone.split(/\s*(?:x|ext\.?|extension)\s*\d+$/i)[0] ?? phone
  const digits = main.replace(/[^\d+]/g, '').replace(/(?!^)\+/g, '')
  return `tel:${digits}`
}

function scriptContext(data: PetitionMergeData, official: { name: string; title: string | null }) {
  const { appUrl } = env()
  return outreachMergeContext(data, official, { appUrl }) as CallScriptContext
}

/** The call page of a published petition, as of `now`, in the reader's language; null when there is none. */
export async function getCallPage({
  slug,
  now = new Date(),
  language = DEFAULT_LANGUAGE,
}: {
  slug: string
  now?: Date
  language?: string
}): Promise<CallPage | null> {
  const petition = await getPublicPetitionBySlug(slug)
  if (!petition) return null
  const [targets, scripts, [merge], clemency] = await Promise.all([
    listCallTargets(petition.id),
    listCallScripts({ caseId: petition.case.id }),
    getPetitionMergeData([petition.id]),
    explainClemency({
      organizationId: petition.organizationId,
      jurisdiction: petition.case.jurisdiction,
      language,
    }),
  ])
  const scriptFor = (role: OfficialRole | null) =>
    scripts.find((s) => role !== null && s.role === role)?.body ??
    scripts.find((s) => s.role === null)?.body ??
    null
  const offices: CallPageOffice[] = targets
    .filter((t) => t.phone)
    .map((t) => {
      const status =
        t.officeHours && t.timeZone
          ? officeStatus(t.officeHours, t.timeZone, now, { state: stateName(t.jurisdiction) })
          : null
      return {
        id: t.id,
        name: t.name,
        title: t.title,
        office: t.office,
        phone: t.phone!,
        tel: telUri(t.phone!),
        officeHours: t.officeHours,
        timeZone: t.timeZone,
        zoneName: t.timeZone ? zoneName(t.timeZone, now, language) : null,
        status:
          status && t.timeZone ? describeOfficeStatus(status, t.timeZone, now, language) : null,
        open: status ? status.state === 'open' : null,
        script: renderCallScript(scriptFor(t.role), scriptContext(merge!, t), language),
      }
    })
  return {
    petition: {
      id: petition.id,
      slug: petition.slug,
      title: petition.title,
      open: acceptsSignatures(petition.status),
      personName: petition.case.personName,
      caseSlug: petition.case.slug,
      organizationName: petition.organizationName,
    },
    offices,
    withoutPhone: targets.filter((t) => !t.phone).map((t) => t.name),
    clemency,
  }
}

/**
 * Logs a call to one of an open petition's target offices (NotACallTargetError
 * for another office; PetitionNotOpenError once the petition is closed).
 * Over the per-address limit the call is held, and answered the same.
 */
export async function logCall({
  petition,
  officialId,
  outcome,
  email,
  ip,
}: {
  petition: PetitionForSigning
  officialId: string
  outcome: CallOutcome
  email: string | null
  ip: string | null
}): Promise<void> {
  if (!acceptsSignatures(petition.status)) throw new PetitionNotOpenError(petition.status)
  await recordCall({ petitionId: petition.id, officialId, outcome, email, ip })
}

/**
 * Writes a case's call script for a role (null: the default); an empty body
 * removes it. The script must render for the case's petitions and the
 * officials of that role (TemplateError on `body`). False when the case is
 * not the organization's.
 */
export async function writeCallScript(input: {
  organizationId: string
  caseId: string
  role: OfficialRole | null
  body: string
  actorId: string | null
}): Promise<boolean> {
  const kase = await getCaseForOrganization(input)
  if (!kase) return false
  if (input.body.trim()) {
    const [petitions, officials] = await Promise.all([
      listPetitionsForOrganization({ organizationId: input.organizationId, caseId: kase.id }),
      listCaseOfficials(kase.id),
    ])
    const data = await getPetitionMergeData(petitions.map((p) => p.id))
    const callees = officials.filter((o) => input.role === null || o.role === input.role)
    const contexts = data.flatMap((d) =>
      (callees.length ? callees : [{ name: 'Sample Official', title: 'Governor' }]).map((o) =>
        scriptContext(d, o),
      ),
    )
    validateCallScript(input.body, contexts)
  }
  return saveCallScript({ ...input, caseId: kase.id })
}

export { DEFAULT_CALL_SCRIPT }
