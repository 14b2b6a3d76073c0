import { confirmOfficialImport, type OfficialImport } from '~/models/official-import.server'
import { boss, QUEUES } from '~/utils/jobs.server'

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
