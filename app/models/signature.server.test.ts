import { afterEach, describe, expect, it } from 'vitest'
import { makePetition } from '../../tests/helpers/fixtures'
import { db } from '~/utils/db.server'
import { resetEnvCache } from '~/utils/env.server'
import { addAbuseRule } from './abuse.server'
import { repairCount, rollupCounts } from './count.server'
import { confirmSignature, createConfirmationToken } from './confirmation.server'
import {
  PetitionNotOpenError,
  signLimits,
  signPetition,
  type SignRequest,
} from './signature.server'

function request(
  petition: Awaited<ReturnType<typeof makePetition>>,
  overrides: Partial<SignRequest> = {},
): SignRequest {
  return {
    petitionId: petition.petition.id,
    organizationId: petition.organization.id,
    petitionStatus: petition.petition.status,
    consentText: 'Keep me updated',
    ip: '203.0.113.9',
    userAgent: 'test',
    name: 'Ada Lovelace',
    email: 'ada@example.org',
    postalCode: '78701',
    country: 'US',
    subscribe: true,
    public: true,
    locality: undefined,
    comment: undefined,
    letter: undefined,
    ...overrides,
  }
}

async function rows(petitionId: string) {
  return db()<{ status: string; email: string }[]>`
    select status, email from signatures where petition_id = ${petitionId}`
}

async function queuedMail(to: string) {
  return db()<{ template: string }[]>`
    select template from outbound_emails where lower(to_address) = lower(${to}) order by created_at`
}

describe('signing', () => {
  it('stores a pending signature, queues its confirmation, and records the consent shown', async () => {
    const p = await makePetition()
    expect(await signPetition(request(p))).toBe('created')
    const [row] = await db()<{ status: string; consentText: string; consentedAt: Date }[]>`
      select status, consent_text, consented_at from signatures where petition_id = ${p.petition.id}`
    expect(row!.status).toBe('pending')
    expect(row!.consentText).toBe('Keep me updated')
    expect(row!.consentedAt).toBeInstanceOf(Date)
    expect(await queuedMail('ada@example.org')).toEqual([{ template: 'signature.confirm' }])
  })

  it('treats case, Gmail dots and +tags as the same person, and stores nothing more', async () => {
    const p = await makePetition()
    await signPetition(request(p, { email: 'john.smith@gmail.com' }))
    expect(await signPetition(request(p, { email: 'John.Smith+vigil@GoogleMail.com' }))).toBe(
      'duplicate',
    )
    expect(await signPetition(request(p, { email: 'JOHNSMITH@gmail.com' }))).toBe('duplicate')
    const stored = await rows(p.petition.id)
    expect(stored).toHaveLength(1)
    // Mail goes to the address as typed the first time.
    expect(stored[0]!.email).toBe('john.smith@gmail.com')
    // Still unconfirmed, and the confirmation went out less than an hour ago: no second mail.
    expect(await queuedMail('john.smith@gmail.com')).toHaveLength(1)
  })

  it('turns 50 identical signatures sent at once into one row and one mail', async () => {
    const p = await makePetition()
    const outcomes = await Promise.all(
      Array.from({ length: 50 }, () => signPetition(request(p, { email: 'same@example.org' }))),
    )
    expect(outcomes.filter((o) => o === 'created')).toHaveLength(1)
    expect(await rows(p.petition.id)).toHaveLength(1)
    expect(await queuedMail('same@example.org')).toHaveLength(1)
  })

  it('re-sends the confirmation to an unconfirmed signer after an hour', async () => {
    const p = await makePetition()
    const email = 'forgetful@example.org'
    await signPetition(request(p, { email }))
    await db()`update signatures set confirmation_sent_at = now() - interval '61 minutes'`
    await signPetition(request(p, { email }))
    expect(await queuedMail(email)).toEqual([
      { template: 'signature.confirm' },
      { template: 'signature.confirm' },
    ])
  })

  it('tells a confirmed signer they already signed, a few times at most', async () => {
    const p = await makePetition()
    const email = 'eager@example.org'
    await signPetition(request(p, { email }))
    const [sig] = await db()<
      { id: string }[]
    >`select id from signatures where petition_id = ${p.petition.id}`
    await confirmSignature(await createConfirmationToken({ signatureId: sig!.id }))
    for (let i = 0; i < 6; i++) await signPetition(request(p, { email }))
    const notices = (await queuedMail(email)).filter(
      (m) => m.template === 'signature.already-signed',
    )
    expect(notices).toHaveLength(3)
  })

  it('refuses a closed or draft petition', async () => {
    const closed = await makePetition({ status: 'closed' })
    await expect(signPetition(request(closed))).rejects.toBeInstanceOf(PetitionNotOpenError)
    const draft = await makePetition({ status: 'draft' })
    await expect(signPetition(request(draft))).rejects.toBeInstanceOf(PetitionNotOpenError)
    expect(await rows(closed.petition.id)).toHaveLength(0)
  })

  it('refuses a petition closed since its status was read (a second-old cache), storing nothing', async () => {
    const p = await makePetition()
    const supporters = async () => {
      const [row] = await db()<{ n: number }[]>`
        select count(*)::int as n from supporters where organization_id = ${p.organization.id}`
      return row!.n
    }
    const before = await supporters()
    await db()`update petitions set status = 'closed' where id = ${p.petition.id}`
    // The caller still believes it open (services/petition-signing-state.server.ts).
    const refused = await signPetition(request(p)).catch((error: unknown) => error)
    expect(refused).toBeInstanceOf(PetitionNotOpenError)
    expect((refused as PetitionNotOpenError).status).toBe('closed')
    expect(await rows(p.petition.id)).toHaveLength(0)
    expect(await supporters()).toBe(before)
  })

  it('holds signatures over the hourly limit from one address, uncounted', async () => {
    const p = await makePetition()
    const HOURLY_SIGNATURES_PER_IP = signLimits().perIp
    for (let i = 0; i <= HOURLY_SIGNATURES_PER_IP; i++) {
      expect(await signPetition(request(p, { email: `person${i}@example.org` }))).toBe(
        i < HOURLY_SIGNATURES_PER_IP ? 'created' : 'held',
      )
    }
    const stored = await rows(p.petition.id)
    expect(stored.filter((r) => r.status === 'held')).toHaveLength(1)
    expect(stored.filter((r) => r.status === 'pending')).toHaveLength(HOURLY_SIGNATURES_PER_IP)
  })
})

describe('confirming and counting', () => {
  async function signed(p: Awaited<ReturnType<typeof makePetition>>, email: string) {
    await signPetition(request(p, { email }))
    const [sig] = await db()<{ id: string }[]>`
      select id from signatures where petition_id = ${p.petition.id} and email = ${email}`
    return createConfirmationToken({ signatureId: sig!.id })
  }

  async function count(petitionId: string) {
    const [row] = await db()<{ signatureCount: number }[]>`
      select signature_count from petitions where id = ${petitionId}`
    return row!.signatureCount
  }

  it('counts a confirmation once, however often the button is pressed', async () => {
    const p = await makePetition()
    const token = await signed(p, 'one@example.org')
    expect(await count(p.petition.id)).toBe(0)
    for (let i = 0; i < 3; i++) expect((await confirmSignature(token))?.result).toBe('confirmed')
    await rollupCounts()
    expect(await count(p.petition.id)).toBe(1)
  })

  it('does not confirm with an expired token, and knows no unknown token', async () => {
    const p = await makePetition()
    const token = await signed(p, 'late@example.org')
    await db()`update confirmation_tokens set expires_at = now() - interval '1 minute'`
    expect((await confirmSignature(token))?.result).toBe('expired')
    expect(await confirmSignature('not-a-token')).toBeNull()
    await rollupCounts()
    expect(await count(p.petition.id)).toBe(0)
  })

  it('does not count a held signature when it is confirmed', async () => {
    const p = await makePetition()
    await signPetition(request(p, { email: 'held@example.org', hold: true }))
    const [sig] = await db()<
      { id: string }[]
    >`select id from signatures where petition_id = ${p.petition.id}`
    await confirmSignature(await createConfirmationToken({ signatureId: sig!.id }))
    await rollupCounts()
    expect(await count(p.petition.id)).toBe(0)
  })

  it('repair recounts from the signatures and agrees with the rollup', async () => {
    const p = await makePetition()
    for (const email of ['a@example.org', 'b@example.org', 'c@example.org'])
      await confirmSignature(await signed(p, email))
    await db()`update petitions set signature_count = 999 where id = ${p.petition.id}`
    expect(await repairCount({ petitionId: p.petition.id })).toBe(3)
    await rollupCounts()
    expect(await count(p.petition.id)).toBe(3)
  })
})

describe('held signatures (audit finding 5, decision 026)', () => {
  afterEach(() => {
    delete process.env.VIGIL_SIGN_LIMIT_PER_IP
    delete process.env.VIGIL_SIGN_LIMIT_PER_DOMAIN
    resetEnvCache()
  })

  async function held(petitionId: string) {
    return db()<{ email: string; holdReason: string }[]>`
      select email, hold_reason from signatures
      where petition_id = ${petitionId} and status = 'held' order by created_at`
  }

  it('queues no mail for a held signature, nor for its signer signing again', async () => {
    const p = await makePetition()
    const limit = signLimits().perIp
    for (let i = 0; i < limit + 5; i++)
      await signPetition(request(p, { email: `flood${i}@example.net` }))
    const [mail] = await db()<{ n: number }[]>`
      select count(*)::int as n from outbound_emails e
      join signatures s on s.id = (e.props ->> 'signatureId')::uuid
      where s.petition_id = ${p.petition.id}`
    expect(mail!.n).toBe(limit)
    expect((await held(p.petition.id)).map((h) => h.holdReason)).toEqual(Array(5).fill('ip_limit'))
    const first = (await held(p.petition.id))[0]!.email
    for (let i = 0; i < 4; i++) await signPetition(request(p, { email: first }))
    expect(await queuedMail(first)).toEqual([])
    // A honeypot hold gets none either.
    await signPetition(request(p, { email: 'bot@example.com', ip: '192.0.2.1', hold: true }))
    expect(await queuedMail('bot@example.com')).toEqual([])
  })

  it('holds past the per-domain limit, never for a public mail provider, from any address', async () => {
    process.env.VIGIL_SIGN_LIMIT_PER_DOMAIN = '3'
    resetEnvCache()
    const p = await makePetition()
    for (let i = 0; i < 5; i++) {
      await signPetition(request(p, { email: `w${i}@corp.example`, ip: `198.51.100.${i + 1}` }))
      await signPetition(request(p, { email: `g${i}@gmail.com`, ip: `203.0.113.${i + 1}` }))
      await signPetition(request(p, { email: `h${i}@hotmail.co.uk`, ip: `192.0.2.${i + 1}` }))
    }
    expect(await held(p.petition.id)).toEqual([
      { email: 'w3@corp.example', holdReason: 'domain_limit' },
      { email: 'w4@corp.example', holdReason: 'domain_limit' },
    ])
    expect(await queuedMail('w3@corp.example')).toEqual([])
  })

  it('always holds a blocked address or domain, and lets an allowed address past its limit', async () => {
    process.env.VIGIL_SIGN_LIMIT_PER_IP = '2'
    resetEnvCache()
    const p = await makePetition({ organizationName: `Lists Org ${Math.random()}` })
    const other = await makePetition({ organizationName: `Other Lists Org ${Math.random()}` })
    const organizationId = p.organization.id
    await addAbuseRule({ organizationId, kind: 'block', target: { cidr: '192.0.2.0/24' } })
    await addAbuseRule({ organizationId, kind: 'block', target: { domain: 'spam.example' } })
    await addAbuseRule({ organizationId, kind: 'allow', target: { cidr: '198.51.100.7' } })
    await signPetition(request(p, { email: 'a@example.org', ip: '192.0.2.55' }))
    await signPetition(request(p, { email: 'b@spam.example', ip: '203.0.113.1' }))
    for (let i = 0; i < 6; i++)
      await signPetition(request(p, { email: `church${i}@example.org`, ip: '198.51.100.7' }))
    expect(await held(p.petition.id)).toEqual([
      { email: 'a@example.org', holdReason: 'blocked' },
      { email: 'b@spam.example', holdReason: 'blocked' },
    ])
    // Another organization's lists do not apply.
    await signPetition(request(other, { email: 'a@example.org', ip: '192.0.2.55' }))
    expect(await held(other.petition.id)).toEqual([])
  })
})
