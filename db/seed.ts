/**
 * Demo data for a first run: invented people and officials only. Never put
 * a real person's case here.
 */
import crypto from 'node:crypto'
import { attachCaseOfficial, createCase } from '../app/models/case.server'
import { createOfficial } from '../app/models/official.server'
import { createPetition } from '../app/models/petition.server'
import type { CaseStatus, NextDateKind, OfficialRole } from '../app/domain/states'
import { createUser } from '../app/models/user.server'
import { regionForPostalCode } from '../app/domain/regions'
import { subscribeConsentText } from '../app/validation/signature-fields'

/** Where the demo's signers came from: shared links, the flyer, or none. */
const DEMO_SOURCES = ['share-whatsapp', 'flyer', null, 'share-facebook', 'embed'] as const
import type { Sql } from '../app/utils/db.server'

export interface DemoLogin {
  email: string
  password: string
}

const DAY = 86_400_000
const SEED_LOCK = 7_151_977_002

interface DemoCase {
  personName: string
  caseNumber: string
  jurisdiction: string
  court: string
  status: CaseStatus
  daysAway: number
  hour: number
  nextDateKind: NextDateKind
  timeZone: string
  summary: string
  officials: {
    name: string
    title: string
    office: string
    role: OfficialRole
    /** Fictional numbers (555-01xx is reserved for fiction). */
    phone: string
    officeHours: string
    timeZone: string
  }[]
  /** Call scripts by role (null: the default for every other role). */
  scripts?: { role: OfficialRole | null; body: string }[]
  petition: { title: string; body: string; goal: number; letter?: string }
  /** Where they are (a ZIP code in several states, the case's own among them) and what they said. */
  signers: {
    name: string
    locality: string
    postalCode: string
    country?: string
    comment?: string
  }[]
}

const DEMO_CASES: DemoCase[] = [
  {
    personName: 'Marcus Ellery Dane',
    caseNumber: 'WR-81,442-03',
    jurisdiction: 'Texas',
    court: 'Texas Court of Criminal Appeals',
    status: 'scheduled',
    daysAway: 6,
    hour: 18,
    nextDateKind: 'execution',
    timeZone: 'America/Chicago',
    summary:
      'Marcus Dane (a fictional person, for this demo) was convicted in 2004 on the testimony of a jailhouse informant who has since recanted. No physical evidence ties him to the crime. The Board of Pardons and Paroles can recommend a reprieve; the Governor can grant one.',
    officials: [
      {
        name: 'Gov. Helen Marlow',
        title: 'Governor',
        office: 'Office of the Governor',
        role: 'governor',
        phone: '(512) 555-0142',
        officeHours: 'Mo-Fr 08:00-17:00; PH off',
        timeZone: 'America/Chicago',
      },
      {
        name: 'Curtis Bell',
        title: 'Chair',
        office: 'Board of Pardons and Paroles',
        role: 'parole_board_member',
        phone: '(512) 555-0187',
        officeHours: 'Mo-Fr 08:00-12:00,13:00-17:00; PH off',
        timeZone: 'America/Chicago',
      },
    ],
    scripts: [
      {
        role: null,
        body: 'Hello, my name is ___ and I live in ___.\n\nI am calling about **{{ case.person_name }}**, who is to be executed on {{ case.next_date }}: {{ case.days_left }} days from now. The only witness against him has recanted, and the DNA evidence has never been tested.\n\nI ask {{ official.greeting_name }} to act for a reprieve so that the evidence can be heard. Thank you.',
      },
      {
        role: 'parole_board_member',
        body: 'Hello, my name is ___ and I live in ___.\n\nI am calling to ask the Board of Pardons and Paroles to **recommend a 120-day reprieve** for {{ case.person_name }}. Without the board, the Governor can grant only one 30-day reprieve.\n\nThe only witness against him has recanted. Thank you for taking my message.',
      },
    ],
    petition: {
      title: 'Stop the execution of Marcus Dane',
      body: 'The only witness against Marcus Dane has **recanted under oath**. No physical evidence connects him to the crime.\n\nWe ask the Board of Pardons and Paroles to recommend a 120-day reprieve, and Governor Marlow to grant it, so that the new evidence can be heard.\n\n- The informant received a reduced sentence for his testimony.\n- DNA testing requested in 2019 has never been done.',
      goal: 25_000,
      letter:
        'Dear Governor Marlow,\n\nI urge you to grant Marcus Dane a reprieve so that the recanted testimony and untested DNA evidence in his case can be reviewed. An execution cannot be undone.',
    },
    signers: [
      {
        name: 'Ana Lucía Ortega',
        locality: 'Austin, TX',
        postalCode: '78701',
        comment: 'Mi familia vive en Austin. Pedimos clemencia.',
      },
      { name: 'James Whitfield', locality: 'Houston, TX', postalCode: '77002' },
      {
        name: 'José Ángel Núñez',
        locality: 'El Paso, TX',
        postalCode: '79901',
        comment: 'The jury never heard the whole story.',
      },
      { name: 'Priya Raman', locality: 'Chicago, IL', postalCode: '60601' },
      { name: 'Samuel Okoye', locality: 'Dallas, TX', postalCode: '75201' },
      { name: 'Maria Chen', locality: 'Seattle, WA', postalCode: '98101' },
      {
        name: 'Olena Kovalenko',
        locality: 'Toronto',
        postalCode: 'M5V 2T6',
        country: 'CA',
        comment: 'Mercy is never wasted.',
      },
    ],
  },
  {
    personName: 'Rosalind Okafor',
    caseNumber: '1:09-cr-00417',
    jurisdiction: 'Federal',
    court: 'U.S. District Court (fictional district)',
    status: 'pending',
    daysAway: 26,
    hour: 10,
    nextDateKind: 'clemency_hearing',
    timeZone: 'America/New_York',
    summary:
      'Rosalind Okafor (a fictional person, for this demo) has served fifteen years. Her clemency petition is before the Office of the Pardon Attorney, with a hearing set; the decision rests with the President.',
    officials: [
      {
        name: 'President Daniel Avery',
        title: 'President of the United States',
        office: 'The White House',
        role: 'president',
        phone: '(202) 555-0111',
        officeHours: 'Tu-Th 11:00-15:00; PH off',
        timeZone: 'America/New_York',
      },
      {
        name: 'Laura Kim',
        title: 'Pardon Attorney',
        office: 'Office of the Pardon Attorney',
        role: 'pardon_attorney',
        phone: '(202) 555-0166',
        officeHours: 'Mo-Fr 09:00-17:00; PH off',
        timeZone: 'America/New_York',
      },
    ],
    petition: {
      title: 'Grant clemency to Rosalind Okafor',
      body: 'Rosalind Okafor has spent fifteen years mentoring women inside and earning two degrees. Her trial lawyer slept through parts of her trial.\n\nWe ask President Avery to **commute her sentence** at the coming clemency hearing.',
      goal: 10_000,
    },
    signers: [
      { name: 'Deborah Klein', locality: 'Brooklyn, NY', postalCode: '11201' },
      { name: 'Tunde Adebayo', locality: 'Atlanta, GA', postalCode: '30303' },
      { name: 'Grace Liu', locality: 'Oakland, CA', postalCode: '94612' },
    ],
  },
  {
    personName: 'Tomás Reyes Villanueva',
    caseNumber: 'D-2011-118',
    jurisdiction: 'Oklahoma',
    court: 'Oklahoma Court of Criminal Appeals',
    status: 'stayed',
    daysAway: 19,
    hour: 9,
    nextDateKind: 'hearing',
    timeZone: 'America/Chicago',
    summary:
      'Tomás Reyes Villanueva (a fictional person, for this demo) received a stay of execution to allow a hearing on his intellectual disability claim. The stay is temporary: the hearing decides what comes next.',
    officials: [
      {
        name: 'Gov. Ruth Calloway',
        title: 'Governor',
        office: 'Office of the Governor',
        role: 'governor',
        phone: '(405) 555-0123',
        officeHours: 'Mo-Fr 08:30-16:30; PH off',
        timeZone: 'America/Chicago',
      },
      {
        name: 'Dale Morrow',
        title: 'District Attorney',
        office: 'County District Attorney',
        role: 'prosecutor',
        phone: '(918) 555-0199',
        officeHours: 'Mo-Fr 08:00-17:00',
        timeZone: 'America/Chicago',
      },
    ],
    petition: {
      title: 'Keep Tomás Reyes Villanueva off death row',
      body: 'The court has **stayed** the execution so that evidence of intellectual disability can be heard. We ask the District Attorney not to oppose relief, and Governor Calloway to commute the sentence to life.',
      goal: 5_000,
    },
    signers: [
      { name: 'Elena Marquez', locality: 'Tulsa, OK', postalCode: '74103' },
      { name: 'Robert Haynes', locality: 'Norman, OK', postalCode: '73069' },
    ],
  },
]

/** Seeds the demo once, on an empty database; returns the demo login when it did. */
export async function seedDemo(sql: Sql): Promise<DemoLogin | null> {
  return sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(${SEED_LOCK})`
    const [existing] = await tx`select 1 from organizations limit 1`
    if (existing) return null
    const [org] = await tx<{ id: string }[]>`
      insert into organizations (name, slug, time_zone, contact_email)
      values ('Vigil Demo Project', 'vigil-demo', 'America/Chicago', 'contact@vigil-demo.example')
      returning id`
    const login = {
      email: 'demo-admin@vigil.example',
      password: crypto.randomBytes(12).toString('base64url'),
    }
    await createUser({ ...login, organizationId: org!.id, role: 'admin', name: 'Demo Admin' }, tx)
    for (const demo of DEMO_CASES) {
      const nextDate = new Date(Date.now() + demo.daysAway * DAY)
      nextDate.setUTCHours(demo.hour + 6, 0, 0, 0)
      const kase = await createCase(
        {
          organizationId: org!.id,
          personName: demo.personName,
          caseNumber: demo.caseNumber,
          jurisdiction: demo.jurisdiction,
          court: demo.court,
          status: demo.status,
          nextDate,
          nextDateKind: demo.nextDateKind,
          timeZone: demo.timeZone,
          summary: demo.summary,
          sources: [],
        },
        tx,
      )
      const targetIds: string[] = []
      for (const o of demo.officials) {
        const official = await createOfficial(
          {
            organizationId: org!.id,
            name: o.name,
            title: o.title,
            office: o.office,
            jurisdiction: demo.jurisdiction,
            phone: o.phone,
            officeHours: o.officeHours,
            timeZone: o.timeZone,
            email: `${o.name
              .toLowerCase()
              .replace(/[^a-z]+/g, '.')
              .replace(/^\.|\.$/g, '')}@officials.example`,
          },
          tx,
        )
        await attachCaseOfficial({ caseId: kase.id, officialId: official.id, role: o.role }, tx)
        targetIds.push(official.id)
      }
      for (const script of demo.scripts ?? [])
        await tx`
          insert into call_scripts (organization_id, case_id, role, body)
          values (${org!.id}, ${kase.id}, ${script.role}, ${script.body})`
      const petition = await createPetition(
        {
          organizationId: org!.id,
          caseId: kase.id,
          title: demo.petition.title,
          body: demo.petition.body,
          goal: demo.petition.goal,
          status: 'open',
          letterDefault: demo.petition.letter ?? null,
          targetIds,
        },
        tx,
      )
      for (const [i, s] of demo.signers.entries()) {
        const email = `${s.name.toLowerCase().replace(/[^a-z]+/g, '.')}@supporters.example`
        const [supporter] = await tx<{ id: string }[]>`
          insert into supporters (organization_id, email, email_canonical, name, unsubscribe_token)
          values (${org!.id}, ${email}, ${email}, ${s.name}, ${crypto.randomBytes(18).toString('base64url')})
          on conflict (organization_id, email_canonical) do update set updated_at = now()
          returning id`
        const at = new Date(Date.now() - (i + 1) * 3_600_000)
        // Most asked to be kept informed, so a demo campaign has someone to reach and its
        // progress moves; they came through the links organizers share (decision 035).
        const subscribe = i % 4 !== 3
        const source = DEMO_SOURCES[i % DEMO_SOURCES.length]!
        await tx`
          insert into signatures (petition_id, supporter_id, name, email, email_canonical,
            postal_code, country, region, locality, comment, public, status, confirmed_at,
            created_at, subscribe, consent_text, consented_at, source)
          values (${petition.id}, ${supporter!.id}, ${s.name}, ${email}, ${email}, ${s.postalCode},
            ${s.country ?? 'US'}, ${regionForPostalCode(s.country ?? 'US', s.postalCode)},
            ${s.locality}, ${s.comment ?? null}, true, 'confirmed', ${at}, ${at}, ${subscribe},
            ${subscribe ? subscribeConsentText('Vigil Demo Project') : null},
            ${subscribe ? at : null}, ${source})`
      }
      await tx`
        update petitions set signature_count = ${demo.signers.length} where id = ${petition.id}`
    }
    return login
  })
}
