import type { z } from 'zod'

/** One operation of the API as operations.server.ts lists it (and openapi.server.ts describes it). */
export type Method = 'get' | 'post' | 'patch' | 'delete'

export interface Operation {
  method: Method
  /** OpenAPI's form, under /api/v1: `/cases/{id}`. */
  path: string
  summary: string
  tag: string
  /** No token needed. */
  public?: boolean
  body?: z.ZodType
  example?: Record<string, unknown>
  /** The answer to a request that works. */
  success: 200 | 201 | 202 | 204
  /** A list: takes page and per_page; `filters` are its other query parameters. */
  list?: { filters?: Record<string, string> }
  /** Query parameters of an operation that is not a list. */
  query?: Record<string, string>
  /** Answers something else than HAL JSON. */
  produces?: 'text/csv' | 'application/json' | 'application/pdf' | 'text/calendar'
}
