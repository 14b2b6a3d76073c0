import { z } from './zod'

/** A wall-clock time as a `datetime-local` input posts it: 2026-12-03T18:00 (seconds optional). */
export const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/

/** The API's times: ISO 8601 with an offset (`Z` or `±hh:mm`), as a Date. */
export const instant = (label: string) =>
  z
    .string({ error: `${label} must be an ISO 8601 time with an offset.` })
    .pipe(
      z.iso.datetime({
        offset: true,
        error: `${label} must be an ISO 8601 time with an offset, like 2026-12-03T18:00:00-06:00.`,
      }),
    )
    .transform((v) => new Date(v))
    .meta({ format: 'date-time' })
