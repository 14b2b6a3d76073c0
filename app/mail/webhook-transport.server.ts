import dns from 'node:dns'
import http from 'node:http'
import https from 'node:https'
import net from 'node:net'
import os from 'node:os'
import { env } from '~/utils/env.server'
import { SendWindowClosedError } from './transport.server'

/**
 * A webhook's HTTP POST, and the rule for which URLs may receive one (no
 * server-side request forgery): an address of this machine, or of a
 * private, shared, link-local, multicast or reserved network, is refused
 * unless VIGIL_WEBHOOK_ALLOW_PRIVATE=on. The host is resolved once per
 * delivery, every address it resolves to is checked, and the request is
 * made to the address that was checked (the socket's `lookup` answers with
 * it), so a DNS answer that changes between the check and the connection
 * (DNS rebinding) reaches nothing it should not. Redirects are not
 * followed. See docs/decisions/031-webhooks.md.
 */

/** A URL refused by the rule above (or not a URL a webhook may have). */
export class WebhookUrlError extends Error {}

/** The receiver answered, but not with a 2xx. */
export class WebhookResponseError extends Error {
  constructor(readonly status: number) {
    super(`The receiver answered HTTP ${status}.`)
  }
}

/** How long resolving the host may take, then the whole request. */
const RESOLVE_TIMEOUT_MS = 5_000
const REQUEST_TIMEOUT_MS = 10_000
/** The longest one delivery takes once started: every webhook lease is longer. */
export const WEBHOOK_WORST_CASE_MS = RESOLVE_TIMEOUT_MS + REQUEST_TIMEOUT_MS

const BLOCKED = new net.BlockList()
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this" network
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const)
  BLOCKED.addSubnet(network, prefix, 'ipv4')
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b:1::', 48], // local-use NAT64
  ['100::', 64], // discard
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
] as const)
  BLOCKED.addSubnet(network, prefix, 'ipv6')

/** The IPv4 address inside an IPv4-mapped, NAT64 or 6to4 IPv6 address, if any. */
function embeddedIpv4(address: string): string | null {
  const lower = address.toLowerCase()
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower)
  if (mapped) return mapped[1]!
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower)
  if (hex) {
    const [hi, lo] = [parseInt(hex[1]!, 16), parseInt(hex[2]!, 16)]
    return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`
  }
  const sixToFour = /^2002:([0-9a-f]{1,4}):([0-9a-f]{1,4}):/.exec(lower)
  if (sixToFour) {
    const [hi, lo] = [parseInt(sixToFour[1]!, 16), parseInt(sixToFour[2]!, 16)]
    return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`
  }
  return null
}

function ownAddresses(): Set<string> {
  return new Set(
    Object.values(os.networkInterfaces())
      .flat()
      .map((i) => i?.address.toLowerCase())
      .filter((a): a is string => !!a),
  )
}

/** Whether a webhook may be delivered to this address (an IP literal). */
export function isPublicAddress(address: string): boolean {
  const family = net.isIP(address)
  if (family === 0) return false
  if (ownAddresses().has(address.toLowerCase())) return false
  if (family === 4) return !BLOCKED.check(address, 'ipv4')
  const inner = embeddedIpv4(address)
  if (inner) return isPublicAddress(inner)
  return !BLOCKED.check(address, 'ipv6')
}

export interface ResolvedAddress {
  address: string
  family: 4 | 6
}

export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>

/** The system's resolver (getaddrinfo, as any request would use), every address. */
export const systemResolver: Resolver = async (hostname) =>
  (await dns.promises.lookup(hostname, { all: true, verbatim: true })).map((a) => ({
    address: a.address,
    family: a.family === 6 ? 6 : 4,
  }))

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(message)), ms)
    }),
  ]).finally(() => clearTimeout(timer))
}

/** What a URL may be: http(s), no credentials; plain http only where private receivers are allowed. */
export function webhookUrlProblem(value: string): string | null {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return 'url must be a full URL, like https://example.org/hooks/vigil.'
  }
  const allowPrivate = env().VIGIL_WEBHOOK_ALLOW_PRIVATE === 'on'
  if (url.protocol !== 'https:' && !(allowPrivate && url.protocol === 'http:'))
    return 'url must start with https:// (the deliveries carry signers’ personal data).'
  if (url.username || url.password) return 'url must not carry a user name or password.'
  return null
}

/**
 * Resolves the URL's host once and checks every address it gives: the
 * address to connect to, or WebhookUrlError saying why none may be used.
 */
export async function resolveWebhookHost(
  url: URL,
  resolve: Resolver = systemResolver,
): Promise<ResolvedAddress> {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1')
  const literal = net.isIP(host)
  let addresses: ResolvedAddress[]
  if (literal) addresses = [{ address: host, family: literal === 6 ? 6 : 4 }]
  else {
    try {
      addresses = await withTimeout(resolve(host), RESOLVE_TIMEOUT_MS, 'timed out')
    } catch (error) {
      throw new WebhookUrlError(`${host} could not be resolved (${(error as Error).message}).`)
    }
  }
  if (addresses.length === 0) throw new WebhookUrlError(`${host} could not be resolved.`)
  if (env().VIGIL_WEBHOOK_ALLOW_PRIVATE !== 'on') {
    const refused = addresses.find((a) => !isPublicAddress(a.address))
    if (refused)
      throw new WebhookUrlError(
        `${host} resolves to ${refused.address}, an address of this machine or a private network.`,
      )
  }
  return addresses[0]!
}

export interface WebhookRequest {
  url: string
  headers: Record<string, string>
  body: string
}

/**
 * Posts one webhook message: resolved and checked once, connected to the
 * checked address, at most REQUEST_TIMEOUT_MS for the whole exchange. A
 * 2xx is delivered (its status is what the queue records); anything else
 * throws. Nothing starts after `startBy` (SendWindowClosedError).
 */
export async function postWebhook(
  request: WebhookRequest,
  { startBy, resolve = systemResolver }: { startBy?: Date; resolve?: Resolver } = {},
): Promise<{ status: number }> {
  const url = new URL(request.url)
  const problem = webhookUrlProblem(request.url)
  if (problem) throw new WebhookUrlError(problem)
  const target = await resolveWebhookHost(url, resolve)
  if (startBy && Date.now() > startBy.getTime()) throw new SendWindowClosedError()
  const client = url.protocol === 'https:' ? https : http
  return new Promise((resolvePromise, reject) => {
    const req = client.request(
      url,
      {
        method: 'POST',
        headers: {
          ...request.headers,
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(request.body)),
          'user-agent': 'Vigil-Webhooks/1',
        },
        // The checked address, whatever the resolver would say now.
        lookup: (_host, options, callback) => {
          if ((options as { all?: boolean }).all)
            (callback as (e: null, a: { address: string; family: number }[]) => void)(null, [
              target,
            ])
          else callback(null, target.address, target.family)
        },
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      },
      (response) => {
        // The body is not needed: read it away so the socket closes.
        response.resume()
        response.on('end', () => {
          const status = response.statusCode ?? 0
          if (status >= 200 && status < 300) resolvePromise({ status })
          else reject(new WebhookResponseError(status))
        })
        response.on('error', reject)
      },
    )
    req.on('error', (error) =>
      reject(
        error.name === 'AbortError' ? new Error('The receiver did not answer in time.') : error,
      ),
    )
    req.end(request.body)
  })
}
