import {
  openOrganizationExport,
  type ExportPerson,
  type ExportPetition,
} from '~/models/osdi-export.server'
import { browserUrl, identifiers, iso } from './envelope.server'
import { apiUrl, paths } from './links.server'

/**
 * An organization's people and signatures as one OSDI-shaped JSON
 * document, for moving to another system (Action Network, EveryAction …):
 * its petitions, then each person with their counted signatures embedded,
 * streamed a batch of people at a time (models/osdi-export.server.ts).
 * Each thing keeps `identifiers: ["vigil:<id>"]`, so an import can match
 * a signature to its petition and run again without duplicates.
 */

/** OSDI's email status: whether the organization may still write to them, and why not. */
function emailStatus(person: ExportPerson): string {
  if (person.suppression === 'bounce') return 'bouncing'
  if (person.suppression === 'complaint') return 'spam complaint'
  if (person.unsubscribedAt || person.suppression) return 'unsubscribed'
  return person.signatures.some((s) => s.subscribe) ? 'subscribed' : 'unsubscribed'
}

function petition(p: ExportPetition) {
  return {
    identifiers: identifiers(p.id),
    title: p.title,
    description: p.body,
    status: p.status,
    goal: p.goal,
    created_date: iso(p.createdAt),
    modified_date: iso(p.updatedAt),
    _links: { self: { href: apiUrl(paths.petition(p.id)) } },
  }
}

function person(p: ExportPerson) {
  const [given, ...rest] = p.name.trim().split(/\s+/)
  const latest = p.signatures[p.signatures.length - 1]
  return {
    identifiers: identifiers(p.id),
    given_name: given ?? '',
    family_name: rest.length ? rest.join(' ') : null,
    email_addresses: [{ address: p.email, primary: true, status: emailStatus(p) }],
    postal_addresses: latest
      ? [
          {
            primary: true,
            postal_code: latest.postalCode,
            locality: latest.locality,
            country: latest.country,
          },
        ]
      : [],
    created_date: iso(p.createdAt),
    modified_date: iso(p.updatedAt),
    _embedded: {
      'osdi:signatures': p.signatures.map((s) => ({
        identifiers: identifiers(s.id),
        created_date: iso(s.createdAt),
        confirmed_date: iso(s.confirmedAt),
        comments: s.comment,
        subscribe: s.subscribe,
        public: s.public,
        petition_identifiers: identifiers(s.petitionId),
        _links: {
          self: { href: apiUrl(paths.signature(s.petitionId, s.id)) },
          'osdi:petition': { href: apiUrl(paths.petition(s.petitionId)) },
        },
      })),
    },
  }
}

/** The export as a stream of JSON text; null when the organization does not exist. */
export async function osdiExportStream(
  organizationId: string,
): Promise<ReadableStream<Uint8Array> | null> {
  const opened = await openOrganizationExport(organizationId)
  if (!opened) return null
  const { organization, petitions, people, close } = opened
  const encoder = new TextEncoder()
  const head = JSON.stringify({
    vendor_name: 'Vigil',
    product_name: 'Vigil',
    osdi_version: '1.2.0',
    exported_at: new Date().toISOString(),
    organization: { identifiers: identifiers(organization.id), name: organization.name },
    browser_url: browserUrl('/'),
  })
  let first = true
  let done = false
  return new ReadableStream<Uint8Array>({
    start(controller) {
      // The document's head and its petitions, then people as they are read.
      const list = JSON.stringify(petitions.map(petition))
      controller.enqueue(
        encoder.encode(
          `${head.slice(0, -1)},"_embedded":{"osdi:petitions":${list},"osdi:people":[`,
        ),
      )
    },
    async pull(controller) {
      try {
        const next = await people.next()
        if (next.done) {
          done = true
          controller.enqueue(encoder.encode(']}}\n'))
          controller.close()
          await close()
          return
        }
        const text = next.value.map((p) => JSON.stringify(person(p))).join(',')
        controller.enqueue(encoder.encode(first ? text : `,${text}`))
        first = false
      } catch (error) {
        controller.error(error)
        await close()
      }
    },
    async cancel() {
      if (!done) await people.return(undefined).catch(() => {})
      await close()
    },
  })
}
