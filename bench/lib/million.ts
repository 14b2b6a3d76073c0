import { repairCount } from '../../app/models/count.server'
import type { PetitionRow } from '../../app/models/petition.server'
import { rebuildSignatureStats } from '../../app/models/petition-stats.server'
import { db } from '../../app/utils/db.server'
import { regionForPostalCode } from '../../app/domain/regions'

/**
 * Gives a petition `count` signatures in a few set-based statements, shaped
 * like a real campaign: mostly confirmed, some pending, held and invalidated;
 * spread over two weeks; US, UK and Canadian signers; some public, some with
 * comments (a few with commas, quotes and formula-like starts, which the CSV
 * export must escape). The statistics trigger is bypassed for the load and
 * the rollups rebuilt after it, as for any bulk load; the count is repaired.
 * Run it before the server starts: it disables a trigger on the table.
 */
export async function seedSignatures({
  petition,
  count,
}: {
  petition: PetitionRow
  count: number
}): Promise<void> {
  const sql = db()
  // Each petition's signers are people of their own (several petitions may be seeded).
  const domain = `p${petition.id}.example.org`
  // Each ZIP prefix's state, from the same dataset signing uses, for a set-based load.
  const prefixes = Array.from({ length: 1000 }, (_, p) => String(p).padStart(3, '0'))
  const states = prefixes.map((p) => regionForPostalCode('US', `${p}01`))
  await sql`create unlogged table if not exists bench_zip_regions (prefix text primary key, region text)`
  await sql`truncate bench_zip_regions`
  await sql`insert into bench_zip_regions select * from unnest(${prefixes}::text[], ${states}::text[])`
  await sql`alter table signatures disable trigger signatures_stats_insert`
  try {
    await sql`
      with people as (
        insert into supporters (organization_id, email, email_canonical, name, unsubscribe_token)
        select ${petition.organizationId}, 'signer' || g || '@' || ${domain},
          'signer' || g || '@' || ${domain}, 'Signer ' || g || ' Example',
          'bench-unsub-' || ${petition.id} || '-' || g
        from generate_series(1, ${count}::int) g
        returning id, email, name, substring(email from 7 for position('@' in email) - 7)::int as g
      )
      insert into signatures (petition_id, supporter_id, name, email, email_canonical,
        postal_code, country, region, locality, comment, public, status,
        status_before_invalidation, confirmed_at, ip, created_at)
      select ${petition.id}, id, name, email, email,
        case g % 10 when 0 then 'SW1A 1AA' when 1 then 'K1A 0B1'
          else lpad((g::bigint * 7919 % 99999)::text, 5, '0') end,
        case g % 10 when 0 then 'GB' when 1 then 'CA' else 'US' end,
        case when g % 10 > 1 then (select region from bench_zip_regions
          where prefix = left(lpad((g::bigint * 7919 % 99999)::text, 5, '0'), 3)) end,
        (array['Austin', 'Houston', 'Dallas', 'El Paso', 'London', 'Ottawa', 'Denver', 'Tulsa'])
          [g % 8 + 1],
        case when g % 10 = 3 then 'I signed because "justice", not vengeance, matters'
          when g % 97 = 5 then '=HYPERLINK("http://example.org")' end,
        g % 3 = 0,
        case when g % 20 = 7 then 'pending' when g % 50 = 9 then 'held'
          when g % 100 = 11 then 'invalidated' else 'confirmed' end,
        case when g % 100 = 11 then 'confirmed' end,
        case when g % 20 <> 7 and g % 50 <> 9
          then now() - (g % 1209600) * interval '1 second' + interval '10 minutes' end,
        ('10.' || (g >> 16) % 256 || '.' || (g >> 8) % 256 || '.' || g % 256)::inet,
        now() - (g % 1209600) * interval '1 second'
      from people`
  } finally {
    await sql`alter table signatures enable trigger signatures_stats_insert`
    await sql`drop table if exists bench_zip_regions`
  }
  await rebuildSignatureStats({ petitionId: petition.id })
  await repairCount({ petitionId: petition.id })
  await sql`analyze signatures`
  await sql`analyze supporters`
}
