/**
 * The time-zone list as people look for it: the United States' zones first,
 * by their everyday names, then every other zone grouped by region and
 * labelled by its city ("America/Argentina/Buenos_Aires" → "Argentina /
 * Buenos Aires"). The values stay IANA names.
 */
export const US_TIME_ZONES: { zone: string; label: string }[] = [
  { zone: 'America/New_York', label: 'Eastern (New York)' },
  { zone: 'America/Chicago', label: 'Central (Chicago)' },
  { zone: 'America/Denver', label: 'Mountain (Denver)' },
  { zone: 'America/Phoenix', label: 'Arizona (Phoenix)' },
  { zone: 'America/Los_Angeles', label: 'Pacific (Los Angeles)' },
  { zone: 'America/Anchorage', label: 'Alaska (Anchorage)' },
  { zone: 'Pacific/Honolulu', label: 'Hawaii (Honolulu)' },
  { zone: 'America/Puerto_Rico', label: 'Atlantic (Puerto Rico)' },
  { zone: 'Pacific/Guam', label: 'Chamorro (Guam)' },
]

export interface TimeZoneGroup {
  label: string
  zones: { zone: string; label: string }[]
}

export function groupTimeZones(all: readonly string[]): TimeZoneGroup[] {
  const known = new Set(all)
  const us = US_TIME_ZONES.filter((z) => known.has(z.zone))
  const taken = new Set(us.map((z) => z.zone))
  const regions = new Map<string, { zone: string; label: string }[]>()
  for (const zone of all) {
    if (taken.has(zone)) continue
    const [region, ...rest] = zone.split('/')
    const label = rest.length ? rest.join(' / ').replaceAll('_', ' ') : zone
    const key = rest.length ? region! : 'Other'
    if (!regions.has(key)) regions.set(key, [])
    regions.get(key)!.push({ zone, label })
  }
  return [
    { label: 'United States', zones: us },
    ...[...regions.entries()]
      .sort(([a], [b]) => (a === 'Other' ? 1 : b === 'Other' ? -1 : a.localeCompare(b)))
      .map(([label, zones]) => ({
        label,
        zones: zones.sort((a, b) => a.label.localeCompare(b.label)),
      })),
  ]
}
