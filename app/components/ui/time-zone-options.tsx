import { groupTimeZones } from '~/domain/time-zones'

/** The options of a time-zone select: US zones first, then by region (domain/time-zones.ts). */
export function TimeZoneOptions({ zones }: { zones: string[] }) {
  return (
    <>
      {groupTimeZones(zones).map((group) => (
        <optgroup key={group.label} label={group.label}>
          {group.zones.map((z) => (
            <option key={z.zone} value={z.zone}>
              {z.label}
            </option>
          ))}
        </optgroup>
      ))}
    </>
  )
}
