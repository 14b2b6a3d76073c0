import { z } from 'zod'
import { apiUrl } from './links.server'
import { OPERATIONS, type Operation } from './operations.server'

/**
 * The OpenAPI 3.1 description of the API, built from OPERATIONS: each
 * request body's schema is zod's own JSON Schema (draft 2020-12, the
 * dialect of OpenAPI 3.1) of the schema the route validates with, as
 * input — so the document cannot say something else than the route
 * checks. Responses are described by their envelope (a HAL resource or
 * list, or the contract's error).
 */

/** A request body's JSON Schema, as the route reads it (defaults and transforms on the input side). */
export function requestSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, {
    io: 'input',
    target: 'draft-2020-12',
    unrepresentable: 'any',
  }) as Record<string, unknown>
  return json
}

const ERROR_RESPONSES = {
  '400': { $ref: '#/components/responses/Error' },
  '404': { $ref: '#/components/responses/Error' },
  '422': { $ref: '#/components/responses/Error' },
}

function parameters(op: Operation) {
  const inPath = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
    name: m[1]!,
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }))
  const query = Object.entries(op.query ?? {}).map(([name, description]) => ({
    name,
    in: 'query',
    description,
    schema: { type: 'string' },
  }))
  if (!op.list) return [...inPath, ...query]
  return [
    ...inPath,
    { name: 'page', in: 'query', schema: { type: 'integer', minimum: 1, default: 1 } },
    {
      name: 'per_page',
      in: 'query',
      schema: { type: 'integer', minimum: 1, maximum: 100, default: 25 },
    },
    ...Object.entries(op.list.filters ?? {}).map(([name, description]) => ({
      name,
      in: 'query',
      description,
      schema: { type: 'string' },
    })),
  ]
}

function success(op: Operation) {
  if (op.success === 204) return { description: 'Done; no body.' }
  const schema = op.list
    ? { $ref: '#/components/schemas/Collection' }
    : { $ref: '#/components/schemas/Resource' }
  const content =
    op.produces === 'text/csv' ||
    op.produces === 'application/pdf' ||
    op.produces === 'text/calendar'
      ? { [op.produces]: { schema: { type: 'string', format: 'binary' } } }
      : op.produces === 'application/json'
        ? { 'application/json': { schema: { type: 'object' } } }
        : { 'application/hal+json': { schema }, 'application/json': { schema } }
  return { description: 'OK', content }
}

function operationObject(op: Operation) {
  return {
    operationId: `${op.method}${op.path.replace(/\{(\w)(\w*)\}/g, (_, a: string, b: string) => `By${a.toUpperCase()}${b}`).replace(/[^A-Za-z0-9]+(\w)/g, (_, c: string) => c.toUpperCase())}`,
    summary: op.summary,
    tags: [op.tag],
    ...(op.public ? { security: [] } : {}),
    parameters: parameters(op),
    ...(op.body
      ? {
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: requestSchema(op.body),
                ...(op.example ? { example: op.example } : {}),
              },
            },
          },
        }
      : {}),
    responses: {
      [String(op.success)]: success(op),
      ...ERROR_RESPONSES,
      ...(op.public ? {} : { '401': { $ref: '#/components/responses/Error' } }),
    },
  }
}

export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {}
  for (const op of OPERATIONS) (paths[op.path || '/'] ??= {})[op.method] = operationObject(op)
  return {
    openapi: '3.1.0',
    info: {
      title: 'Vigil API',
      version: '1',
      description:
        'Clemency petitions and case-based advocacy, shaped after OSDI 1.x with HAL links. Walk it from the entry point (GET /); see docs/api.md.',
    },
    servers: [{ url: apiUrl() }],
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'npm run --silent vigil -- token:create --email you@example.org',
        },
      },
      schemas: {
        Links: {
          type: 'object',
          additionalProperties: {
            oneOf: [
              { $ref: '#/components/schemas/Link' },
              { type: 'array', items: { $ref: '#/components/schemas/Link' } },
            ],
          },
        },
        Link: {
          type: 'object',
          required: ['href'],
          properties: {
            href: { type: 'string', format: 'uri' },
            title: { type: 'string' },
            templated: { type: 'boolean' },
          },
        },
        Resource: {
          type: 'object',
          required: ['_links'],
          properties: {
            id: { type: 'string' },
            identifiers: { type: 'array', items: { type: 'string' } },
            _links: { $ref: '#/components/schemas/Links' },
          },
        },
        Collection: {
          type: 'object',
          required: ['total_records', 'total_pages', 'page', 'per_page', '_links', '_embedded'],
          properties: {
            total_records: { type: 'integer' },
            total_pages: { type: 'integer' },
            page: { type: 'integer' },
            per_page: { type: 'integer' },
            _links: { $ref: '#/components/schemas/Links' },
            _embedded: {
              type: 'object',
              additionalProperties: {
                type: 'array',
                items: { $ref: '#/components/schemas/Resource' },
              },
            },
          },
        },
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['message'],
              properties: {
                message: { type: 'string' },
                fields: {
                  type: 'object',
                  additionalProperties: { type: 'array', items: { type: 'string' } },
                },
              },
            },
          },
        },
      },
      responses: {
        Error: {
          description: 'The contract’s error',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
      },
    },
  }
}
