import fs from 'node:fs'
import { createRequire } from 'node:module'
import { Resvg } from '@resvg/resvg-js'
import satori from 'satori'
import { localized } from '~/domain/content-language'
import { countBucket, shareImagePath, timeLeftLabel } from '~/domain/share'
import type { PublicPetition } from '~/models/petition.server'
import { formatNumber, translator, type Language } from '~/utils/i18n'

/**
 * The share card (decision 036): one 1200×630 PNG per petition, drawn with
 * satori (layout to SVG) and resvg (SVG to PNG) in DejaVu Sans, the TTF the
 * `dejavu-fonts-ttf` package ships, so it renders the same on every
 * machine without system fonts. It shows the person, the title, the count
 * (rounded to its bucket, what the URL is versioned by) and the time left.
 * Drawing takes ~100 ms, so each version is kept in memory; its URL changes
 * when the bucket or the days left do, and browsers and previews cache it.
 */
const WIDTH = 1200
const HEIGHT = 630
const KEPT = 200

const fontFile = (name: string) =>
  fs.readFileSync(createRequire(import.meta.url).resolve(`dejavu-fonts-ttf/ttf/${name}.ttf`))
let fonts: { name: string; data: Buffer; weight: 400 | 700; style: 'normal' }[] | null = null

const cards = new Map<string, Promise<Buffer>>()

type Node = { type: string; props: Record<string, unknown> & { children?: unknown } }
const el = (type: string, style: Record<string, unknown>, children?: unknown): Node => ({
  type,
  props: { style, children },
})

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text
}

async function draw(p: PublicPetition, language: Language): Promise<Buffer> {
  fonts ??= [
    { name: 'DejaVu Sans', data: fontFile('DejaVuSans'), weight: 400, style: 'normal' },
    { name: 'DejaVu Sans', data: fontFile('DejaVuSans-Bold'), weight: 700, style: 'normal' },
  ]
  const bucket = countBucket(p.signatureCount)
  const t = translator(language)
  const timeLeft = timeLeftLabel(p.case.nextDate, p.case.timeZone, undefined, language)
  const countText =
    p.signatureCount < 10
      ? t('card.first')
      : t('card.signatures', {
          count: bucket,
          number: `${formatNumber(bucket, language)}${bucket < p.signatureCount ? '+' : ''}`,
        })
  const tree = el(
    'div',
    {
      width: WIDTH,
      height: HEIGHT,
      // The padding and border inside the card: without it the count and the time left fell off its foot.
      boxSizing: 'border-box',
      display: 'flex',
      flexDirection: 'column',
      justifyContent: 'space-between',
      padding: 64,
      background: '#fbf8f2',
      borderTop: '24px solid #7a1d1d',
      fontFamily: 'DejaVu Sans',
      color: '#1f1a17',
    },
    [
      el('div', { display: 'flex', flexDirection: 'column' }, [
        el('div', { fontSize: 34, color: '#7a1d1d', fontWeight: 700 }, clip(p.case.personName, 60)),
        el(
          'div',
          { fontSize: 58, fontWeight: 700, marginTop: 24, lineHeight: 1.15 },
          clip(localized(p.title, p.titleEs, language).text, 110),
        ),
      ]),
      el('div', { display: 'flex', justifyContent: 'space-between', alignItems: 'flex-end' }, [
        el('div', { display: 'flex', flexDirection: 'column' }, [
          el('div', { fontSize: 44, fontWeight: 700 }, countText),
          el(
            'div',
            { fontSize: 30, color: '#5c534c', marginTop: 8 },
            timeLeft ?? t('card.sign_now'),
          ),
        ]),
        el('div', { fontSize: 36, fontWeight: 700, color: '#7a1d1d' }, 'Vigil'),
      ]),
    ],
  )
  // satori takes React elements; plain objects of the same shape are what JSX compiles to.
  const svg = await satori(tree as unknown as Parameters<typeof satori>[0], {
    width: WIDTH,
    height: HEIGHT,
    fonts,
  })
  return new Resvg(svg, { fitTo: { mode: 'width', value: WIDTH } }).render().asPng()
}

/** The petition's share card as a PNG in a language, drawn once per version (its URL's `v`). */
export function shareCard(p: PublicPetition, language: Language): Promise<Buffer> {
  const key = `${p.id}:${shareImagePath(p, language)}`
  let card = cards.get(key)
  if (!card) {
    card = draw(p, language)
    card.catch(() => cards.delete(key))
    if (cards.size >= KEPT) cards.delete(cards.keys().next().value!)
    cards.set(key, card)
  }
  return card
}
