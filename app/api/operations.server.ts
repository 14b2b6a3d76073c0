import type { z } from 'zod'
import {
  CaseCreateSchema,
  CaseEventSchema,
  CaseUpdateSchema,
  OfficialCreateSchema,
  OfficialUpdateSchema,
  PetitionCreateSchema,
  PetitionUpdateSchema,
  RecordSignatureSchema,
} from '~/validation/api'
import { MessageCreateSchema, MessageSendSchema } from '~/validation/message'
import { OutreachCreateSchema } from '~/validation/outreach'
import { WebhookCreateSchema } from '~/validation/webhook'

/**
 * Every operation of the API, with the zod schema its route validates the
 * body with (the very object the route imports) and the example
 * docs/api.md shows. openapi.server.ts turns this list into the OpenAPI
 * document; tests/openapi.test.ts sends each example to its route and
 * holds each route to what the document says it requires. Placeholders in
 * examples (`<case_id>` …) stand for ids the reader has.
 */

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
  produces?: 'text/csv' | 'application/json' | 'application/pdf'
}

const IDS = { case: '<case_id>', official: '<official_id>', petition: '<petition_id>' }

export const CASE_EXAMPLE = {
  person_name: 'Robert Example',
  jurisdiction: 'Texas',
  status: 'scheduled',
  next_date: '2027-01-14T18:00:00-06:00',
  next_date_kind: 'execution',
  time_zone: 'America/Chicago',
  decision_makers: [{ official_id: IDS.official, role: 'governor' }],
}

export const OPERATIONS: Operation[] = [
  {
    method: 'get',
    path: '',
    summary: 'The entry point',
    tag: 'Entry point',
    public: true,
    success: 200,
  },
  {
    method: 'get',
    path: '/openapi.json',
    summary: 'This description',
    tag: 'Entry point',
    public: true,
    success: 200,
    produces: 'application/json',
  },
  {
    method: 'get',
    path: '/cases',
    summary: "The organization's cases",
    tag: 'Cases',
    success: 200,
    list: { filters: { q: 'Search name, number, jurisdiction' } },
  },
  {
    method: 'post',
    path: '/cases',
    summary: 'Create a case',
    tag: 'Cases',
    body: CaseCreateSchema,
    example: CASE_EXAMPLE,
    success: 201,
  },
  {
    method: 'get',
    path: '/cases/{id}',
    summary: 'A case with its decision makers and timeline',
    tag: 'Cases',
    success: 200,
  },
  {
    method: 'patch',
    path: '/cases/{id}',
    summary: 'Change a case',
    tag: 'Cases',
    body: CaseUpdateSchema,
    example: {
      status: 'stayed',
      note: 'Stay granted',
      source_url: 'https://court.example/order.pdf',
    },
    success: 200,
  },
  {
    method: 'get',
    path: '/cases/{id}/events',
    summary: "A case's timeline",
    tag: 'Cases',
    success: 200,
    list: {},
  },
  {
    method: 'post',
    path: '/cases/{id}/events',
    summary: 'Add a timeline event',
    tag: 'Cases',
    body: CaseEventSchema,
    example: {
      kind: 'clemency_denied',
      occurred_at: '2027-01-10T16:00:00-06:00',
      note: 'The board voted 7-0.',
    },
    success: 201,
  },
  {
    method: 'get',
    path: '/cases/{id}/events/{eventId}',
    summary: 'One timeline event',
    tag: 'Cases',
    success: 200,
  },
  {
    method: 'get',
    path: '/officials',
    summary: "The organization's officials",
    tag: 'Officials',
    success: 200,
    list: { filters: { q: 'Search name, email, office, title, jurisdiction' } },
  },
  {
    method: 'post',
    path: '/officials',
    summary: 'Create an official',
    tag: 'Officials',
    body: OfficialCreateSchema,
    example: { name: 'Gov. Jane Doe', title: 'Governor', email: 'governor@state.example' },
    success: 201,
  },
  {
    method: 'get',
    path: '/officials/{id}',
    summary: 'An official',
    tag: 'Officials',
    success: 200,
  },
  {
    method: 'patch',
    path: '/officials/{id}',
    summary: 'Change an official',
    tag: 'Officials',
    body: OfficialUpdateSchema,
    example: { phone: '+1 512 555 0100' },
    success: 200,
  },
  {
    method: 'get',
    path: '/petitions',
    summary: 'Open petitions, the most urgent first',
    tag: 'Petitions',
    public: true,
    success: 200,
    list: {},
  },
  {
    method: 'post',
    path: '/petitions',
    summary: 'Create a petition',
    tag: 'Petitions',
    body: PetitionCreateSchema,
    example: {
      case_id: IDS.case,
      title: 'Spare Robert Example',
      body: 'We ask the governor to grant clemency.',
      goal: 5000,
      status: 'open',
    },
    success: 201,
  },
  {
    method: 'get',
    path: '/petitions/{id}',
    summary: 'A petition (public when published)',
    tag: 'Petitions',
    public: true,
    success: 200,
  },
  {
    method: 'patch',
    path: '/petitions/{id}',
    summary: 'Edit, open, close or settle a petition',
    tag: 'Petitions',
    body: PetitionUpdateSchema,
    example: { status: 'closed' },
    success: 200,
  },
  {
    method: 'get',
    path: '/petitions/{id}/signatures',
    summary: "A petition's signatures, emails included",
    tag: 'Signatures',
    success: 200,
    list: {
      filters: {
        q: 'The start of an email or a name',
        status: 'pending, confirmed, held or invalidated',
      },
    },
  },
  {
    method: 'post',
    path: '/petitions/{id}/signatures',
    summary: 'Record a signature (OSDI record_signature_helper)',
    tag: 'Signatures',
    public: true,
    body: RecordSignatureSchema,
    example: {
      person: {
        given_name: 'Ada',
        family_name: 'Lovelace',
        email_addresses: [{ address: 'ada@example.org' }],
        postal_addresses: [{ postal_code: '78701', locality: 'Austin', country: 'US' }],
      },
      comments: 'Spare him.',
      subscribe: true,
      public: false,
    },
    success: 202,
  },
  {
    method: 'get',
    path: '/petitions/{id}/signatures/{signatureId}',
    summary: 'One signature',
    tag: 'Signatures',
    success: 200,
  },
  {
    method: 'get',
    path: '/petitions/{id}/signatures.csv',
    summary: 'The signatures as CSV, streamed',
    tag: 'Signatures',
    success: 200,
    produces: 'text/csv',
  },
  {
    method: 'get',
    path: '/petitions/{id}/packet.pdf',
    summary: 'The delivery packet as a PDF, streamed (never an email)',
    tag: 'Petitions',
    success: 200,
    query: {
      region: 'One state or region (ISO 3166-2, e.g. US-TX) or a country (CA)',
      letters: "`true`: the signers' letters too",
    },
    produces: 'application/pdf',
  },
  {
    method: 'get',
    path: '/messages',
    summary: "The organization's messages",
    tag: 'Messages',
    success: 200,
    list: {},
  },
  {
    method: 'post',
    path: '/messages',
    summary: 'Write a message to signers (a draft)',
    tag: 'Messages',
    body: MessageCreateSchema,
    example: {
      subject: '{{ case.days_left }} days left',
      body: 'Dear {{ supporter.first_name }}, please share {{ petition.url }}',
      targets: [{ petition_id: IDS.petition }],
      audience: { countries: ['US'], postal_code_prefixes: ['787'] },
    },
    success: 201,
  },
  {
    method: 'get',
    path: '/messages/{id}',
    summary: 'A message with its statistics',
    tag: 'Messages',
    success: 200,
  },
  {
    method: 'post',
    path: '/messages/{id}/send',
    summary: 'Send now, at a time, or before the deadline',
    tag: 'Messages',
    body: MessageSendSchema,
    example: { scheduled_at: '2027-01-12T18:00:00-06:00' },
    success: 200,
  },
  {
    method: 'post',
    path: '/messages/{id}/cancel',
    summary: 'Stop a scheduled or sending message',
    tag: 'Messages',
    success: 200,
  },
  {
    method: 'get',
    path: '/outreaches',
    summary: "The organization's mail to officials",
    tag: 'Outreach',
    success: 200,
    list: {},
  },
  {
    method: 'post',
    path: '/outreaches',
    summary: 'Mail officials about a petition',
    tag: 'Outreach',
    body: OutreachCreateSchema,
    example: {
      petition_id: IDS.petition,
      target_ids: [IDS.official],
      subject: '{{ petition.total_signatures }} people ask you to spare {{ case.person_name }}',
      body: 'Dear {{ official.title }} {{ official.name }}, …',
      attach_signers: true,
      scheduled_at: '2027-01-10T09:00:00-06:00',
    },
    success: 201,
  },
  {
    method: 'get',
    path: '/outreaches/{id}',
    summary: 'An outreach with one delivery per official',
    tag: 'Outreach',
    success: 200,
  },
  {
    method: 'post',
    path: '/outreaches/{id}/cancel',
    summary: 'Stop a scheduled or sending outreach',
    tag: 'Outreach',
    success: 200,
  },
  {
    method: 'get',
    path: '/webhooks',
    summary: "The organization's webhooks",
    tag: 'Webhooks',
    success: 200,
    list: {},
  },
  {
    method: 'post',
    path: '/webhooks',
    summary: 'Subscribe a URL to events (the secret is in this answer only)',
    tag: 'Webhooks',
    body: WebhookCreateSchema,
    example: {
      url: 'https://crm.example.org/hooks/vigil',
      events: ['signature.confirmed', 'case.updated'],
    },
    success: 201,
  },
  { method: 'get', path: '/webhooks/{id}', summary: 'A webhook', tag: 'Webhooks', success: 200 },
  {
    method: 'delete',
    path: '/webhooks/{id}',
    summary: 'Unsubscribe',
    tag: 'Webhooks',
    success: 204,
  },
  {
    method: 'get',
    path: '/export',
    summary: "The organization's people, petitions and signatures, OSDI-shaped, streamed",
    tag: 'Export',
    success: 200,
    produces: 'application/json',
  },
]
