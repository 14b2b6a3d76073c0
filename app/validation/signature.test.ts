import { describe, expect, it } from 'vitest'
import { canonicalEmail } from './email'
import { fieldErrors, SignatureSchema } from './signature'

const valid = { name: 'Ada Lovelace', email: 'ada@example.org', postalCode: '78701', country: 'US' }

function errorsFor(input: Record<string, unknown>) {
  const result = SignatureSchema.safeParse(input)
  return result.success ? {} : fieldErrors(result.error)
}

describe('the sign form rules', () => {
  it('accepts the contract fields alone, with country US and both boxes unticked by default', () => {
    const result = SignatureSchema.parse({ ...valid, country: undefined })
    expect(result).toMatchObject({ country: 'US', subscribe: false, public: false })
  })

  it('takes `on` as ticked and anything else as not', () => {
    expect(SignatureSchema.parse({ ...valid, subscribe: 'on', public: 'yes' })).toMatchObject({
      subscribe: true,
      public: false,
    })
  })

  it.each([
    ['', 'Please enter your name.'],
    ['x'.repeat(101), 'at most 100 characters'],
    ['Ada\nLovelace', 'on one line'],
    ['Visit https://spam.example', 'web address'],
    ['cheap-pills.com', 'web address'],
    ['=SUM(A1)', 'cannot start with'],
    ['+Ada', 'cannot start with'],
    ['-Ada', 'cannot start with'],
    ['@ada', 'cannot start with'],
  ])('refuses the name %j', (name, message) => {
    expect(errorsFor({ ...valid, name }).name?.join(' ')).toContain(message)
  })

  it.each(['plainaddress', 'a@b', `${'x'.repeat(250)}@example.org`, 'two@@example.org'])(
    'refuses the email %j',
    (email) => {
      expect(errorsFor({ ...valid, email }).email).toBeDefined()
    },
  )

  it.each([
    ['US', '1234', false],
    ['US', '12345-6789', true],
    ['GB', 'SW1A 1AA', true],
    ['GB', '12345', false],
    ['CA', 'K1A 0B1', true],
    ['DE', '1011', false],
    ['KE', '00100', true], // no known format: any short code
  ])('postal code for %s %j valid: %s', (country, postalCode, ok) => {
    expect(errorsFor({ ...valid, country, postalCode }).postalCode === undefined).toBe(ok)
  })

  it('refuses an unknown country and an over-long comment', () => {
    const errors = errorsFor({ ...valid, country: 'XX', comment: 'x'.repeat(1001) })
    expect(errors.country).toBeDefined()
    expect(errors.comment).toBeDefined()
  })
})

describe('canonical email', () => {
  it.each([
    ['John.Smith+news@Gmail.com', 'johnsmith@gmail.com'],
    ['j.o.h.n@googlemail.com', 'john@gmail.com'],
    ['Ada+tag@Example.org', 'ada@example.org'],
    ['first.last@example.org', 'first.last@example.org'],
  ])('%s → %s', (input, expected) => {
    expect(canonicalEmail(input)).toBe(expected)
  })
})
