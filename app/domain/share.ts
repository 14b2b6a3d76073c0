import { DEFAULT_LANGUAGE, intlLocale, LANGUAGES, translator, type Language } from '~/utils/i18n'
import { daysLeft } from '~/utils/time'
import { SHARE_SOURCES, withSource } from './sources'

/**
 * The count rounded down to a step that grows with it (10s under 100, then
 * two significant figures): the share image's URL carries it, so a link
 * preview refreshes as the count moves without a new image per signature.
 */
export function countBucket(count: number): number {
  if (count < 100) return Math.floor(count / 10) * 10
  const step = 10 ** (Math.floor(Math.log10(count)) - 1)
  return Math.floor(count / step) * step
}

/** "3 days left", "Today" ("Quedan 3 días", "Hoy"), or null when there is no date in force. */
export function timeLeftLabel(
  nextDate: Date | string | null,
  timeZone: string,
  now = new Date(),
  language: string = DEFAULT_LANGUAGE,
): string | null {
  if (!nextDate) return null
  const days = daysLeft(new Date(nextDate), timeZone, now)
  if (days < 0) return null
  const t = translator(language)
  if (days === 0) return t('time.today')
  const time = new Intl.NumberFormat(intlLocale(language), {
    style: 'unit',
    unit: 'day',
    unitDisplay: 'long',
  }).format(days)
  return t('time.left', { time })
}

/**
 * The share image's path, versioned by the count's bucket and the days left
 * (what the image shows that changes) and, for a reader of another language
 * than English, the language it is drawn in: `/petitions/:slug/share.png?v=…`.
 * (Not `?lang=`: that would set the reader's language cookie on an image.)
 */
export function shareImagePath(
  p: {
    slug: string
    signatureCount: number
    case: { nextDate: Date | string | null; timeZone: string }
  },
  language: string = DEFAULT_LANGUAGE,
): string {
  const days = p.case.nextDate ? daysLeft(new Date(p.case.nextDate), p.case.timeZone) : 'none'
  const drawnIn = language === DEFAULT_LANGUAGE ? '' : `-${language}`
  return `/petitions/${encodeURIComponent(p.slug)}/share.png?v=${countBucket(p.signatureCount)}-${days}${drawnIn}`
}

/** The language a share image's version names (its last part), else English. */
export function shareImageLanguage(version: string | null): Language {
  return LANGUAGES.find((l) => version?.endsWith(`-${l}`)) ?? DEFAULT_LANGUAGE
}

export interface ShareLink {
  key: keyof typeof SHARE_SOURCES
  label: string
  href: string
}

/**
 * The share buttons' links for a petition URL, each carrying its own source
 * (domain/sources.ts): WhatsApp, Facebook, X, Bluesky and email. Copy and
 * the Web Share API take the `copy`/`native` URLs from shareUrls().
 */
export function shareLinks(petitionUrl: string, title: string): ShareLink[] {
  const url = (key: keyof typeof SHARE_SOURCES) => withSource(petitionUrl, SHARE_SOURCES[key])
  const text = (key: keyof typeof SHARE_SOURCES) => `${title} ${url(key)}`
  const q = encodeURIComponent
  return [
    { key: 'whatsapp', label: 'WhatsApp', href: `https://wa.me/?text=${q(text('whatsapp'))}` },
    {
      key: 'facebook',
      label: 'Facebook',
      href: `https://www.facebook.com/sharer/sharer.php?u=${q(url('facebook'))}`,
    },
    {
      key: 'x',
      label: 'X',
      href: `https://x.com/intent/post?text=${q(title)}&url=${q(url('x'))}`,
    },
    {
      key: 'bluesky',
      label: 'Bluesky',
      href: `https://bsky.app/intent/compose?text=${q(text('bluesky'))}`,
    },
    {
      key: 'email',
      label: 'Email',
      href: `mailto:?subject=${q(title)}&body=${q(`Please sign: ${url('email')}`)}`,
    },
  ]
}

/**
 * Open Graph and Twitter card tags for a page (Remix `meta` descriptors):
 * a large image card where there is an image, a summary card otherwise.
 */
export function socialMeta({
  title,
  description,
  url,
  image,
  imageAlt,
}: {
  title: string
  description: string
  url: string
  image: string | null
  imageAlt?: string
}) {
  return [
    { property: 'og:type', content: 'website' },
    { property: 'og:site_name', content: 'Vigil' },
    { property: 'og:title', content: title },
    { property: 'og:description', content: description },
    { property: 'og:url', content: url },
    ...(image
      ? [
          { property: 'og:image', content: image },
          { property: 'og:image:width', content: '1200' },
          { property: 'og:image:height', content: '630' },
          { property: 'og:image:alt', content: imageAlt ?? title },
          { name: 'twitter:image', content: image },
          { name: 'twitter:image:alt', content: imageAlt ?? title },
        ]
      : []),
    { name: 'twitter:card', content: image ? 'summary_large_image' : 'summary' },
    { name: 'twitter:title', content: title },
    { name: 'twitter:description', content: description },
    { tagName: 'link', rel: 'canonical', href: url },
  ]
}
