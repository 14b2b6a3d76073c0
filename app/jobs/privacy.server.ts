import { anonymiseClosedSignatures, deleteUnconfirmedSignatures } from '~/models/retention.server'
import { env } from '~/utils/env.server'

/**
 * Forgets what should be forgotten (decision 037): anonymises the
 * signatures of petitions closed `VIGIL_ANONYMISE_AFTER_DAYS` ago and
 * deletes those never confirmed after `VIGIL_UNCONFIRMED_DAYS`. Daily, and
 * once when the worker starts; a run that finds nothing costs two index
 * probes. Counts are untouched: no counted signature is deleted.
 */
export async function privacyRetentionJob(): Promise<{ anonymised: number; deleted: number }> {
  const settings = env()
  const anonymised = await anonymiseClosedSignatures({
    afterDays: settings.VIGIL_ANONYMISE_AFTER_DAYS,
  })
  const deleted = await deleteUnconfirmedSignatures({ afterDays: settings.VIGIL_UNCONFIRMED_DAYS })
  if (anonymised || deleted)
    console.info(`[privacy] ${anonymised} signatures anonymised, ${deleted} unconfirmed deleted`)
  return { anonymised, deleted }
}
