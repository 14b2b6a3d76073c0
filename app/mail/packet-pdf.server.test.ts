import { describe, expect, it } from 'vitest'
import type { PacketSigner } from '~/models/packet.server'
import { packetPdf, type PacketCover } from './packet-pdf.server'

const cover: PacketCover = {
  organizationName: 'Test Org',
  title: 'Spare Someone',
  personName: 'Someone',
  caseNumber: null,
  jurisdiction: 'Texas',
  nextDate: null,
  count: 5000,
  inJurisdiction: 5000,
  jurisdictionLabel: 'Texas',
  only: null,
  printedOn: 'today',
  body: [{ kind: 'paragraph', text: 'Please.' }],
  decisionMakers: [],
  groupLabel: (g) => g,
}

/** Signers in batches that resolve at once (no I/O between them), counting what was read. */
function source(batches: number) {
  const state = { read: 0, closed: false }
  async function* signers(): AsyncGenerator<PacketSigner[]> {
    try {
      for (let b = 0; b < batches; b++) {
        state.read++
        yield Array.from({ length: 500 }, (_, i) => ({
          group: 'US-TX',
          name: `Signer ${b}-${i} E.`,
          locality: 'Austin',
          comment: null,
          letter: null,
        }))
      }
    } finally {
      state.closed = true
    }
  }
  return { state, signers: signers() }
}

describe('the packet stream', () => {
  it('hands out its bytes batch by batch, reading signers only as it is read', async () => {
    const { state, signers } = source(10)
    const reader = packetPdf({ cover, signers }).getReader()
    const first = await reader.read()
    expect(Buffer.from(first.value!).subarray(0, 5).toString()).toBe('%PDF-')
    expect(state.read).toBeLessThanOrEqual(1)
    let chunks = 1
    for (let r = await reader.read(); !r.done; r = await reader.read()) chunks++
    expect(chunks).toBeGreaterThan(10)
    expect(state.closed).toBe(true)
  })

  it('stops reading signers when the reader goes away', async () => {
    const { state, signers } = source(1000)
    const reader = packetPdf({ cover, signers }).getReader()
    await reader.read()
    await reader.read()
    await reader.cancel()
    expect(state.read).toBeLessThan(5)
    expect(state.closed).toBe(true)
  })
})
