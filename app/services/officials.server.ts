import { stateName } from '~/domain/clemency'
import { DomainError, NOT_VALID, type FieldMessages } from '~/domain/errors'
import { confirmOfficialImport, type OfficialImport } from '~/models/official-import.server'
import {
  createOfficialChecked,
  getOfficialForOrganization,
  updateOfficial,
  type NewOfficial,
  type Official,
  type OfficialChanges,
} from '~/models/official.server'
import { boss, QUEUES } from '~/utils/jobs.server'
import { officeHoursError } from '~/utils/office-hours.server'

/**
 * Officials: adding and changing one (the dashboard and the API alike),
 * and starting an import of many.
 */

/**
 * Office hours must read (OpenStreetMap opening_hours syntax) and come with
 * the time zone they are in, or the call page could not say whether the
 * office is open. Holidays (`PH`) are the office's state's.
 */
function checkOfficeHours(o: {
  officeHours?: string | null
  timeZone?: string | null
  jurisdiction?: string | null
}) {
  if (!o.officeHours) return
  const fields: FieldMessages = {}
  if (!o.timeZone) fields.time_zone = ['Give the time zone the office hours are in.']
  const problem = officeHoursError(o.officeHours, { state: stateName(o.jurisdiction ?? null) })
  if (problem)
    fields.office_hours = [
      `These hours do not read as opening hours (like Mo-Fr 08:00-17:00; PH off): ${problem}`,
    ]
  if (Object.keys(fields).length > 0) throw new DomainError('invalid', NOT_VALID, fields)
}

/** Adds an official; OfficialEmailTakenError for a taken email, an invalid error for bad hours. */
export async function addOfficial(input: NewOfficial): Promise<Official> {
  checkOfficeHours(input)
  return createOfficialChecked(input)
}

/** Changes one of the organization's officials (null when it is not theirs). */
export async function changeOfficial(input: {
  organizationId: string
  officialId: string
  changes: OfficialChanges
}): Promise<Official | null> {
  const existing = await getOfficialForOrganization(input)
  if (!existing) return null
  const defined = Object.fromEntries(
    Object.entries(input.changes).filter(([, v]) => v !== undefined),
  ) as OfficialChanges
  checkOfficeHours({ ...existing, ...defined })
  return updateOfficial({ ...input, officialId: existing.id })
}

/**
 * Confirms an officials import's preview and queues the job that saves its
 * valid rows (each confirmed import is a job of its own, retried from where
 * it stopped). Null when the import is not the organization's;
 * ImportNotInPreviewError once it was confirmed.
 */
export async function startOfficialImport(input: {
  organizationId: string
  importId: string
}): Promise<OfficialImport | null> {
  const row = await confirmOfficialImport(input)
  if (row) await (await boss()).send(QUEUES.officialsImport, { importId: row.id })
  return row
}
