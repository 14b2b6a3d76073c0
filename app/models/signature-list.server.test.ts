import { describe, expect, it } from 'vitest'
import { makePetition } from '../../tests/helpers/fixtures'
import { eventually } from '../../tests/helpers/server'
import { db } from '~/utils/db.server'
import {
  countSignatures,
  csvCell,
  listSignatures,
  streamSignaturesCsv,
  type SignatureListItem,
} from './signature-list.server'

type Fixture = Awaited<ReturnType<typeof makePetition>>

/** Signatures straight into the table: `count` rows, one microsecond apart, some sharing a time. */
async function seed(p: Fixture, count: number, status = 'confirmed') {
  const [supporter] = await db()<{ id: string }[]>`
    insert into supporters (organization_id, email, email_canonical, name, unsubscribe_token)
    values (${p.organization.id}, ${`seed-${p.petition.id}@example.org`},
      ${`seed-${p.petition.id}@example.org`}, 'Seed',
      ${`tok-${p.petition.id}`})
    returning id`
  await db()`
    insert into signatures (petition_id, supporter_id, name, email, email_canonical, postal_code,
      country, status, created_at)
    select ${p.petition.id}, ${supporter!.id}, 'Person ' || i, 'person' || i || '@example.org',
      'person' || i || '@example.org', '78701', 'US', ${status},
      timestamptz '2026-11-01 12:00:00.000001+00' + (i / 3) * interval '1 microsecond'
    from generate_series(1, ${count}) i`
}

async function insertOne(
  p: Fixture,
  fields: { name: string; email: string; locality?: string | null; comment?: string | null },
) {
  const [supporter] = await db()<{ id: string }[]>`
    insert into supporters (organization_id, email, email_canonical, name, unsubscribe_token)
    values (${p.organization.id}, ${fields.email}, ${fields.email.toLowerCase()}, ${fields.name},
      ${`tok-${fields.email}`})
    returning id`
  await db()`
    insert into signatures (petition_id, supporter_id, name, email, email_canonical, postal_code,
      country, locality, comment, status, confirmed_at)
    values (${p.petition.id}, ${supporter!.id}, ${fields.name}, ${fields.email},
      ${fields.email.toLowerCase()}, '78701', 'US', ${fields.locality ?? null},
      ${fields.comment ?? null}, 'confirmed', now())`
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text()
}

describe('the signature list', () => {
  it('walks every signature exactly once with the cursor, even where times tie', async () => {
    const p = await makePetition()
    await seed(p, 95)
    const seen: SignatureListItem[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const page: Awaited<ReturnType<typeof listSignatures>> = await listSignatures({
        organizationId: p.organization.id,
        petitionId: p.petition.id,
        limit: 10,
        cursor,
      })
      seen.push(...page!.signatures)
      cursor = page!.nextCursor
      pages++
    } while (cursor)
    expect(pages).toBe(10)
    expect(new Set(seen.map((s) => s.id)).size).toBe(95)
    // Newest first (the last three share one instant).
    expect(seen[0]!.name).toMatch(/^Person 9[345]$/)
    expect(seen[94]!.name).toMatch(/^Person [12]$/)
    const times = seen.map((s) => s.createdAt.getTime())
    expect(times).toEqual([...times].sort((x, y) => y - x))
    const offsetPage = await listSignatures({
      organizationId: p.organization.id,
      petitionId: p.petition.id,
      limit: 10,
      offset: 10,
    })
    expect(offsetPage!.signatures.map((s) => s.id)).toEqual(seen.slice(10, 20).map((s) => s.id))
  })

  it('searches by the start of an email or a name, and filters by status', async () => {
    const p = await makePetition()
    await seed(p, 30)
    await insertOne(p, { name: 'Ada Lovelace', email: `countess.${p.petition.id}@x.example` })
    await insertOne(p, { name: 'Grace Hopper', email: `ada_not.${p.petition.id}@navy.example` })
    const search = (q: string) =>
      listSignatures({ organizationId: p.organization.id, petitionId: p.petition.id, q })
    expect((await search('ADA'))!.signatures.map((s) => s.name).sort()).toEqual([
      'Ada Lovelace',
      'Grace Hopper',
    ])
    expect((await search('countess.'))!.signatures.map((s) => s.name)).toEqual(['Ada Lovelace'])
    // A LIKE wildcard in the search is taken literally.
    expect((await search('ada_'))!.signatures.map((s) => s.name)).toEqual(['Grace Hopper'])
    expect((await search('%'))!.signatures).toEqual([])
    expect(
      await countSignatures({
        organizationId: p.organization.id,
        petitionId: p.petition.id,
        q: 'person1',
      }),
    ).toBe(11)
    expect(
      await countSignatures({
        organizationId: p.organization.id,
        petitionId: p.petition.id,
        status: 'pending',
      }),
    ).toBe(0)
  })

  it('shows nothing of another organization’s petition', async () => {
    const a = await makePetition({ organizationName: 'List Org A' })
    const b = await makePetition({ organizationName: 'List Org B' })
    await seed(b, 3)
    expect(
      await listSignatures({ organizationId: a.organization.id, petitionId: b.petition.id }),
    ).toBeNull()
    expect(
      await countSignatures({ organizationId: a.organization.id, petitionId: b.petition.id }),
    ).toBeNull()
    expect(
      await streamSignaturesCsv({
        organizationId: a.organization.id,
        petitionId: b.petition.id,
        includeEmails: true,
      }),
    ).toBeNull()
    expect(
      await listSignatures({ organizationId: a.organization.id, petitionId: 'nope' }),
    ).toBeNull()
  })
})

describe('the CSV export', () => {
  it('neutralizes formulas and quotes cells that need it', () => {
    expect(csvCell('=HYPERLINK("http://evil")')).toBe('"\'=HYPERLINK(""http://evil"")"')
    expect(csvCell('+1 555')).toBe("'+1 555")
    expect(csvCell('-2')).toBe("'-2")
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)")
    expect(csvCell('Austin, TX')).toBe('"Austin, TX"')
    expect(csvCell('two\nlines')).toBe('"two\nlines"')
    expect(csvCell('plain')).toBe('plain')
    expect(csvCell(null)).toBe('')
  })

  it('streams the confirmed signatures with the delivery fields, emails only when asked', async () => {
    const p = await makePetition()
    await insertOne(p, {
      name: 'Ada Lovelace',
      email: `ada.${p.petition.id}@example.org`,
      locality: 'London, UK',
      comment: '=1+1 "quoted"',
    })
    await insertOne(p, {
      name: 'Bob Builder',
      email: `bob.${p.petition.id}@example.org`,
      comment: '@mention',
    })
    await seed(p, 2, 'pending')
    const withEmails = await readAll(
      (await streamSignaturesCsv({
        organizationId: p.organization.id,
        petitionId: p.petition.id,
        includeEmails: true,
      }))!,
    )
    const lines = withEmails.split('\n')
    expect(lines[0]).toBe('name,locality,postal_code,country,signed_at,comment,email')
    expect(lines[1]).toMatch(
      /^Ada Lovelace,"London, UK",78701,US,\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ,"'=1\+1 ""quoted""",ada\.[-0-9a-f]+@example\.org$/,
    )
    expect(lines[2]).toMatch(/^Bob Builder,,78701,US,[^,]+,'@mention,bob\.[-0-9a-f]+@example\.org$/)
    expect(lines).toHaveLength(4) // header, two confirmed, and the final line break
    const without = await readAll(
      (await streamSignaturesCsv({
        organizationId: p.organization.id,
        petitionId: p.petition.id,
        includeEmails: false,
      }))!,
    )
    expect(without.split('\n')[0]).toBe('name,locality,postal_code,country,signed_at,comment')
    expect(without).not.toContain('@example.org')
  })

  it('streams many rows in batches, each exactly once where times tie', async () => {
    const p = await makePetition()
    await seed(p, 60_001)
    const csv = await readAll(
      (await streamSignaturesCsv({
        organizationId: p.organization.id,
        petitionId: p.petition.id,
        includeEmails: false,
      }))!,
    )
    const lines = csv.trimEnd().split('\n').slice(1)
    expect(lines).toHaveLength(60_001)
    expect(new Set(lines.map((l) => l.split(',')[0])).size).toBe(60_001)
    // Oldest first: a delivery list reads in the order people signed.
    expect(lines[lines.length - 1]).toMatch(/^Person 6000[01],/)
    const stream = (await streamSignaturesCsv({
      organizationId: p.organization.id,
      petitionId: p.petition.id,
      includeEmails: false,
    }))!
    const reader = stream.getReader()
    await reader.read()
    await reader.read()
    await reader.cancel()
    // The abandoned export's own connection is gone, and the pool still works.
    await eventually(async () => {
      const [row] = await db()<{ n: number }[]>`
        select count(*)::int as n from pg_stat_activity where application_name = 'vigil:csv-export'`
      return row!.n === 0 ? true : undefined
    })
    const [row] = await db()<{ ok: number }[]>`select 1 as ok`
    expect(row!.ok).toBe(1)
  })
})

describe('the CSV rule in the export', () => {
  it('gives the same cells as csvCell', async () => {
    // Empty text never reaches the table (the forms store null), so it is left out:
    // COPY would write "" for it, to tell it from null.
    const values = [
      'plain',
      '=1+1',
      '+1 555',
      '-2',
      '@SUM(A1)',
      '\tTabbed',
      '\rReturn',
      'Austin, TX',
      'say "hi"',
      '=HYPERLINK("x", "y")',
      'two\nlines',
      'ends with\r\n',
      "O'Brien",
      null,
    ]
    const p = await makePetition()
    for (const [i, comment] of values.entries()) {
      await insertOne(p, {
        name: `Cell ${i}`,
        email: `cell${i}.${p.petition.id}@example.org`,
        comment,
      })
      await db()`update signatures set created_at = ${new Date(Date.UTC(2026, 10, 1, 12, 0, i))}
        where email = ${`cell${i}.${p.petition.id}@example.org`}`
    }
    const csv = await readAll(
      (await streamSignaturesCsv({
        organizationId: p.organization.id,
        petitionId: p.petition.id,
        includeEmails: false,
      }))!,
    )
    const expected = [
      'name,locality,postal_code,country,signed_at,comment',
      ...values.map((comment, i) =>
        [
          `Cell ${i}`,
          '',
          '78701',
          'US',
          `2026-11-01T12:00:${String(i).padStart(2, '0')}Z`,
          csvCell(comment),
        ].join(','),
      ),
    ]
    expect(csv).toBe(expected.join('\n') + '\n')
  })
})
