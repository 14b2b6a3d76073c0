import { createRequire } from 'node:module'
import PDFDocument from 'pdfkit'
import type { PacketSigner } from '~/models/packet.server'
import type { TextBlock } from '~/utils/markdown.server'

/**
 * The delivery packet's pages, written with pdfkit as the signers arrive:
 * the cover, the petition, its decision makers, the signers by state, and
 * an index of states. Each page leaves as soon as the next one starts
 * (pdfkit flushes a finished page), and the next batch of signers is read
 * only when the reader has taken what was written (packetPdf's pull), so
 * memory holds about one page and one batch whatever the count. Pages are
 * numbered without a total, which would need the whole document first.
 * See docs/decisions/028-delivery-packet.md.
 */

export interface PacketCover {
  organizationName: string
  title: string
  personName: string
  caseNumber: string | null
  jurisdiction: string
  /** "Execution date: Thursday, December 3, 2026, 6:00 PM CST", or null. */
  nextDate: string | null
  count: number
  /** Counted signers within the jurisdiction; null where Vigil cannot tell. */
  inJurisdiction: number | null
  jurisdictionLabel: string
  /** A packet of one state or country: its name and its count. */
  only: { label: string; count: number } | null
  printedOn: string
  body: TextBlock[]
  decisionMakers: { name: string; title: string | null; office: string | null }[]
  groupLabel: (group: string) => string
}

const fontFile = (name: string) =>
  createRequire(import.meta.url).resolve(`dejavu-fonts-ttf/ttf/${name}.ttf`)
// DejaVu: Latin with every Spanish letter, Greek, Cyrillic, Hebrew, Arabic,
// Armenian, Georgian (decision 028). Only the glyphs used are embedded.
const FONTS = {
  body: fontFile('DejaVuSans'),
  bold: fontFile('DejaVuSans-Bold'),
  italic: fontFile('DejaVuSans-Oblique'),
}
type Font = keyof typeof FONTS

const MARGIN = 54
const FOOTER_FROM_BOTTOM = 34
const INK = '#1d1b18'
const MUTED = '#5e584f'
const number = (n: number) => n.toLocaleString('en-US')
const clip = (text: string, max: number) =>
  text.length > max ? `${text.slice(0, max - 1)}…` : text

class PacketWriter {
  readonly doc: PDFKit.PDFDocument
  private page = 0
  private font: Font = 'body'
  private size = 10
  private color = INK
  private readonly footer: string

  constructor(title: string) {
    this.footer = clip(title, 80)
    this.doc = new PDFDocument({
      size: 'LETTER',
      margin: MARGIN,
      autoFirstPage: false,
      bufferPages: false,
      info: { Title: title, Creator: 'Vigil', Producer: 'Vigil' },
      displayTitle: true,
      lang: 'en-US',
    })
    for (const [name, file] of Object.entries(FONTS)) this.doc.registerFont(name, file)
    this.doc.font(this.font).fontSize(this.size) // the colour: each page sets it (numberPage)
    this.doc.on('pageAdded', () => this.numberPage())
  }

  get pageNumber() {
    return this.page
  }

  private get bottom() {
    return this.doc.page.height - MARGIN
  }

  private get width() {
    return this.doc.page.width - 2 * MARGIN
  }

  /** The page number and the petition, at the foot: "Page 12" (no total: it streams). */
  private numberPage() {
    this.page++
    const { doc } = this
    const y = doc.y
    doc
      .font('body')
      .fontSize(8)
      .fillColor(MUTED)
      .text(`${this.footer} · Page ${this.page}`, MARGIN, doc.page.height - FOOTER_FROM_BOTTOM, {
        lineBreak: false,
      })
    doc.font(this.font).fontSize(this.size).fillColor(this.color)
    doc.x = MARGIN
    doc.y = y
  }

  /** Font, size and colour, set only where they change: a signer's line sets two. */
  use(font: Font, size: number, color = INK) {
    if (font !== this.font || size !== this.size) {
      this.font = font
      this.size = size
      this.doc.font(font).fontSize(size)
    }
    if (color !== this.color) {
      this.color = color
      this.doc.fillColor(color)
    }
    return this.doc
  }

  newPage() {
    this.doc.addPage()
  }

  /** A new page unless `room` points are left on this one. */
  need(room: number) {
    if (this.doc.y + room > this.bottom) this.newPage()
  }

  heading(text: string, size = 16) {
    this.need(size * 3)
    this.use('bold', size).text(text, MARGIN, this.doc.y, { width: this.width })
    this.doc.moveDown(0.4)
  }

  paragraph(text: string, { font = 'body' as Font, size = 10.5, indent = 0, color = INK } = {}) {
    this.use(font, size, color).text(text, MARGIN + indent, this.doc.y, {
      width: this.width - indent,
      paragraphGap: 4,
    })
  }

  line(label: string, value: string) {
    this.use('bold', 11).text(`${label}: `, MARGIN, this.doc.y, { continued: true })
    this.use('body', 11).text(value)
  }

  cover(c: PacketCover) {
    this.newPage()
    this.use('body', 10, MUTED).text(c.organizationName.toUpperCase(), { characterSpacing: 1 })
    this.doc.moveDown(2)
    this.use('body', 12, MUTED).text('Petition')
    this.use('bold', 24).text(c.title, { width: this.width })
    this.doc.moveDown(0.5)
    this.use('body', 14).text(`On behalf of ${c.personName}`)
    this.doc.moveDown(1.5)
    if (c.caseNumber) this.line('Case number', c.caseNumber)
    this.line('Jurisdiction', c.jurisdiction)
    if (c.nextDate) this.paragraph(c.nextDate, { size: 11 })
    this.doc.moveDown(1)
    this.line('Signatures', `${number(c.count)} confirmed`)
    this.line(
      `Within ${c.jurisdictionLabel}`,
      c.inJurisdiction === null
        ? 'not known (the jurisdiction names no state)'
        : `${number(c.inJurisdiction)} confirmed`,
    )
    if (c.only) this.line('In this packet', `signers from ${c.only.label}: ${number(c.only.count)}`)
    this.doc.moveDown(1)
    this.line('Packet printed', c.printedOn)
    this.doc.outline.addItem('Cover')

    this.newPage()
    this.doc.outline.addItem('The petition')
    this.heading(c.title, 18)
    for (const block of c.body) {
      if (block.kind === 'heading') this.heading(block.text, 13)
      else if (block.kind === 'item') this.paragraph(`•  ${block.text}`, { indent: 12 })
      else if (block.kind === 'quote') this.paragraph(block.text, { font: 'italic', indent: 18 })
      else this.paragraph(block.text)
    }
    this.doc.moveDown(1)
    this.heading('Addressed to', 13)
    if (c.decisionMakers.length === 0) this.paragraph('No decision maker is named.')
    for (const d of c.decisionMakers)
      this.paragraph([d.name, d.title, d.office].filter(Boolean).join(', '))
  }

  /** A group's heading and bookmark, never alone at the foot of a page. */
  group(label: string, parent: PDFKit.PDFOutline) {
    this.need(80)
    this.doc.moveDown(0.6)
    parent.addItem(label)
    this.use('bold', 14).text(label, MARGIN, this.doc.y, { width: this.width })
    this.doc.moveDown(0.3)
  }

  /** One signer: name and town on a line (drawn without wrapping: fast), comment and letter below. */
  signer(s: PacketSigner) {
    const { doc } = this
    this.need(14)
    const y = doc.y
    this.use('bold', 9.5).text(clip(s.name, 40), MARGIN, y, { lineBreak: false })
    if (s.locality)
      this.use('body', 9.5).text(clip(s.locality, 60), MARGIN + 190, y, { lineBreak: false })
    doc.x = MARGIN
    doc.y = y + 13
    if (s.comment) this.paragraph(s.comment, { font: 'italic', size: 9, indent: 14, color: MUTED })
    if (s.letter) this.paragraph(s.letter, { size: 9, indent: 14 })
  }

  /**
   * pdfkit keeps the layout of every word it has set, for good: with a
   * hundred thousand names that is most of the process's memory. Emptied
   * after each batch, it still serves the words a batch repeats (towns).
   */
  forgetLayouts() {
    const families = (
      this.doc as unknown as { _fontFamilies: Record<string, { layoutCache?: object }> }
    )._fontFamilies
    for (const font of Object.values(families))
      if (font.layoutCache) font.layoutCache = Object.create(null)
  }

  index(rows: { label: string; count: number; page: number }[]) {
    this.newPage()
    this.doc.outline.addItem('Index of states and regions')
    this.heading('Index of states and regions')
    if (rows.length === 0) this.paragraph('No confirmed signer in this packet.')
    for (const row of rows) {
      this.need(16)
      const y = this.doc.y
      this.use('body', 10.5).text(row.label, MARGIN, y, { lineBreak: false })
      const right = `${number(row.count)} ${row.count === 1 ? 'signer' : 'signers'} · page ${row.page}`
      this.doc.text(right, MARGIN, y, { width: this.width, align: 'right', lineBreak: false })
      this.doc.x = MARGIN
      this.doc.y = y + 16
    }
  }
}

/**
 * The whole packet as a web stream that writes only when read: each pull
 * lays out the next batch of signers and hands on the bytes it produced.
 * Cancelling the stream ends the signers' cursor.
 */
export function packetPdf({
  cover,
  signers,
}: {
  cover: PacketCover
  signers: AsyncGenerator<PacketSigner[]>
}): ReadableStream<Uint8Array> {
  const writer = new PacketWriter(cover.title)
  const { doc } = writer
  const out: Buffer[] = []
  let ended = false
  // Read in paused mode, right after each step: in flowing mode the bytes
  // would wait for a tick that a run of resolved promises never yields.
  const drain = () => {
    for (
      let chunk = doc.read() as Buffer | null;
      chunk !== null;
      chunk = doc.read() as Buffer | null
    )
      out.push(chunk)
  }
  const groups: { label: string; count: number; page: number }[] = []
  let signersOutline: PDFKit.PDFOutline | null = null
  let current: string | null = null
  let started = false

  async function step(): Promise<void> {
    if (!started) {
      started = true
      writer.cover(cover)
      writer.newPage()
      signersOutline = doc.outline.addItem('The signers', { expanded: true })
      writer.heading('The signers', 18)
      writer.paragraph(
        'Confirmed signers by state, or by country where no state is known: first name, last initial and town, with their comments.',
        { size: 9.5, color: MUTED },
      )
      return
    }
    const next = await signers.next()
    if (next.done) {
      writer.index(groups)
      doc.end() // writes the outline, the fonts and the trailer at once
      drain()
      ended = true
      return
    }
    for (const s of next.value) {
      if (s.group !== current) {
        current = s.group
        writer.group(cover.groupLabel(s.group), signersOutline!)
        groups.push({ label: cover.groupLabel(s.group), count: 0, page: writer.pageNumber })
      }
      groups.at(-1)!.count++
      writer.signer(s)
    }
    writer.forgetLayouts()
  }

  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          while (out.length === 0 && !ended) {
            await step()
            drain()
          }
          if (out.length > 0) controller.enqueue(Buffer.concat(out.splice(0)))
          else controller.close()
        } catch (error) {
          await signers.return(undefined).catch(() => {})
          controller.error(error)
        }
      },
      async cancel() {
        await signers.return(undefined).catch(() => {})
      },
    },
    { highWaterMark: 0 },
  )
}
