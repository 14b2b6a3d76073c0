import { describe, expect, it } from 'vitest'
import { greetingName } from './greeting'

describe('the greeting of an outreach ("Dear …,")', () => {
  it('says the title once', () => {
    // The demo's governor: the default outreach said "Dear Governor Gov. Helen Marlow".
    expect(`Dear ${greetingName('Governor', 'Gov. Helen Marlow')},`).toBe('Dear Gov. Helen Marlow,')
    expect(greetingName('Governor', 'Governor Helen Marlow')).toBe('Governor Helen Marlow')
    expect(greetingName('Judge', 'Hon. Ann Roe')).toBe('Hon. Ann Roe')
  })

  it('puts the title before a plain name, and leaves a name without a title alone', () => {
    expect(greetingName('Governor', 'Helen Marlow')).toBe('Governor Helen Marlow')
    expect(greetingName('Attorney General', 'Ken Paxton')).toBe('Attorney General Ken Paxton')
    expect(greetingName(null, 'Helen Marlow')).toBe('Helen Marlow')
    // A name that merely starts like a title is not one.
    expect(greetingName('Senator', 'Judy Mrsic')).toBe('Senator Judy Mrsic')
  })
})
