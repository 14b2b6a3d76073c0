import { describe, expect, it } from 'vitest'
import { clemencyRule, clemencyWords, describeClemency } from './clemency'

describe('how clemency is decided, in the reader’s language', () => {
  const texas = clemencyRule('US-TX')!

  it('says it in English for the dashboard and the API', () => {
    expect(describeClemency(texas)).toBe(
      'In Texas, the governor can grant clemency only if the Board of Pardons and Paroles recommends it. Without the board, the governor can grant only one 30-day reprieve.',
    )
    expect(describeClemency(clemencyRule('US-MIL')!)).toBe(
      'In military cases, the President decides clemency. A military death sentence cannot be carried out unless the President approves it.',
    )
  })

  it('says it in Spanish, with the state’s Spanish name and Vigil’s note translated', () => {
    expect(clemencyWords(clemencyRule('US-PA')!, 'es')).toEqual([
      {
        text: 'En Pensilvania, el gobernador o la gobernadora solo puede conceder la clemencia si la junta (Board of Pardons) la recomienda.',
        language: 'es',
      },
      { text: 'La recomendación de la junta debe ser unánime.', language: 'es' },
    ])
  })

  it('keeps an organization’s own note in its words, marked English', () => {
    const corrected = { ...texas, note: 'Our lawyers read the statute differently.' }
    expect(clemencyWords(corrected, 'es')[1]).toEqual({
      text: 'Our lawyers read the statute differently.',
      language: 'en',
    })
  })
})
