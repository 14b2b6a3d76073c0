import crypto from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { makePetition } from '../../tests/helpers/fixtures'
import { seedSignatures } from '../../tests/helpers/signatures'
import { db } from '~/utils/db.server'
import { confirmSignature, signatureMails } from './confirmation.server'

describe("signers' mails, a batch at a time", () => {
  it('reads each one and makes a link only for a pending signature that asks for one', async () => {
    const f = await makePetition({ organizationName: 'Batch Mail Org' })
    const ctx = { petitionId: f.petition.id, organizationId: f.organization.id }
    const [pending, confirmed] = await seedSignatures(ctx, [
      { status: 'pending', name: 'Pat Pending' },
      { status: 'confirmed', name: 'Cora Confirmed' },
    ])
    const row = () => crypto.randomUUID()
    const [link, staleLink, reminder, gone] = [row(), row(), row(), row()]
    const mails = await signatureMails([
      { rowId: link, signatureId: pending!, withLink: true },
      { rowId: staleLink, signatureId: confirmed!, withLink: true },
      { rowId: reminder, signatureId: pending!, withLink: false },
      { rowId: gone, signatureId: crypto.randomUUID(), withLink: true },
    ])

    expect(mails.get(link)).toMatchObject({ name: 'Pat Pending', status: 'pending' })
    expect(mails.get(link)!.confirmToken).toMatch(/^[\w-]{43}$/)
    // Already confirmed: read, but no new link is stored for it.
    expect(mails.get(staleLink)).toMatchObject({ status: 'confirmed', confirmToken: null })
    expect(mails.get(reminder)).toMatchObject({ name: 'Pat Pending', confirmToken: null })
    expect(mails.has(gone)).toBe(false)
    const tokens = await db()<{ signatureId: string }[]>`
      select signature_id from confirmation_tokens
      where signature_id = any(${[pending!, confirmed!]}::uuid[])`
    expect(tokens.map((t) => t.signatureId)).toEqual([pending])

    // The link made is the one that confirms.
    expect(await confirmSignature(mails.get(link)!.confirmToken!)).toMatchObject({
      result: 'confirmed',
      counted: true,
    })
  })
})
