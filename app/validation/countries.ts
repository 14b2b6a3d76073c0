// Codes Intl knows as regions that are not ISO 3166-1 alpha-2 countries.
const NOT_COUNTRIES = new Set([
  'AC',
  'CP',
  'CQ',
  'DG',
  'EA',
  'EU',
  'EZ',
  'IC',
  'QO',
  'TA',
  'UN',
  'XA',
  'XB',
  'ZZ',
])

function buildCountries(): { code: string; name: string }[] {
  const names = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' })
  const out: { code: string; name: string }[] = []
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b)
      if (NOT_COUNTRIES.has(code)) continue
      const name = names.of(code)
      if (name && name !== code) out.push({ code, name })
    }
  }
  return out.sort((x, y) => x.name.localeCompare(y.name))
}

/** ISO 3166-1 alpha-2 countries with their English names, sorted by name. */
export const COUNTRIES = buildCountries()
export const COUNTRY_CODES = new Set(COUNTRIES.map((c) => c.code))

/** Postal code formats where they are well known; elsewhere any short code passes. */
export const POSTAL_CODE_PATTERNS: Record<string, { pattern: RegExp; example: string }> = {
  US: { pattern: /^\d{5}(-\d{4})?$/, example: '12345 or 12345-6789' },
  CA: { pattern: /^[A-Za-z]\d[A-Za-z] ?\d[A-Za-z]\d$/, example: 'K1A 0B1' },
  GB: { pattern: /^[A-Za-z]{1,2}\d[A-Za-z\d]? ?\d[A-Za-z]{2}$/, example: 'SW1A 1AA' },
  DE: { pattern: /^\d{5}$/, example: '10115' },
  FR: { pattern: /^\d{5}$/, example: '75001' },
  IT: { pattern: /^\d{5}$/, example: '00184' },
  ES: { pattern: /^\d{5}$/, example: '28001' },
  NL: { pattern: /^\d{4} ?[A-Za-z]{2}$/, example: '1012 AB' },
  BE: { pattern: /^\d{4}$/, example: '1000' },
  AU: { pattern: /^\d{4}$/, example: '2000' },
  MX: { pattern: /^\d{5}$/, example: '06000' },
  BR: { pattern: /^\d{5}-?\d{3}$/, example: '01001-000' },
  IN: { pattern: /^\d{6}$/, example: '110001' },
  JP: { pattern: /^\d{3}-?\d{4}$/, example: '100-0001' },
  SE: { pattern: /^\d{3} ?\d{2}$/, example: '111 22' },
  CH: { pattern: /^\d{4}$/, example: '8001' },
  AT: { pattern: /^\d{4}$/, example: '1010' },
  IE: { pattern: /^[A-Za-z]\d[\dWw] ?[A-Za-z\d]{4}$/, example: 'D02 X285' },
  NZ: { pattern: /^\d{4}$/, example: '6011' },
}
