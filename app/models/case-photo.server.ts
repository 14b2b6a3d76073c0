import { db } from '~/utils/db.server'
import { isUuid } from '~/utils/uuid'

export interface CasePhotoInfo {
  alt: string
  width: number
  height: number
  /** Changes with each new photo: the public URL's version. */
  version: string
}

/** Saves (or replaces) a case's photo; false when the case is not the organization's. */
export async function saveCasePhoto({
  organizationId,
  caseId,
  image,
  width,
  height,
  alt,
}: {
  organizationId: string
  caseId: string
  image: Buffer
  width: number
  height: number
  alt: string
}): Promise<boolean> {
  if (!isUuid(caseId)) return false
  const rows = await db()`
    insert into case_photos (case_id, image, width, height, alt)
    select id, ${image}, ${width}, ${height}, ${alt} from cases
    where id = ${caseId} and organization_id = ${organizationId}
    on conflict (case_id) do update set image = excluded.image, width = excluded.width,
      height = excluded.height, alt = excluded.alt, updated_at = now()
    returning case_id`
  return rows.length > 0
}

export async function deleteCasePhoto({
  organizationId,
  caseId,
}: {
  organizationId: string
  caseId: string
}): Promise<void> {
  if (!isUuid(caseId)) return
  await db()`
    delete from case_photos p using cases c
    where p.case_id = c.id and c.id = ${caseId} and c.organization_id = ${organizationId}`
}

/** What a page needs to show the photo (not its bytes), or null when there is none. */
export async function getCasePhotoInfo(caseId: string): Promise<CasePhotoInfo | null> {
  if (!isUuid(caseId)) return null
  const [row] = await db()<CasePhotoInfo[]>`
    select alt, width, height, (extract(epoch from updated_at) * 1000)::bigint::text as version
    from case_photos where case_id = ${caseId}`
  return row ?? null
}

/** The photo's bytes by the case's public slug. */
export async function getCasePhotoBySlug(
  slug: string,
): Promise<(CasePhotoInfo & { image: Buffer; contentType: string }) | null> {
  const [row] = await db()<(CasePhotoInfo & { image: Buffer; contentType: string })[]>`
    select p.image, p.content_type, p.alt, p.width, p.height,
      (extract(epoch from p.updated_at) * 1000)::bigint::text as version
    from case_photos p join cases c on c.id = p.case_id
    where c.slug = ${slug}`
  return row ?? null
}
