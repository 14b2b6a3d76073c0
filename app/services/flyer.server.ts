import { createRequire } from 'node:module'
import PDFDocument from 'pdfkit'
import QRCode from 'qrcode'
import { timeLeftLabel } from '~/domain/share'
import { SHARE_SOURCES, withSource } from '~/domain/sources'
import type { PublicPetition } from '~/models/petition.server'
import { localized } from '~/domain/content-language'
import { formatNumber, intlLocale, translator, type Language } from '~/utils/i18n'
import { formatDateTime } from '~/utils/time'

/**
 * A printable flyer for vigils and churches (decision 036): one US Letter
 * page with the person, the petition's title, the date and time left, the
 * count, and a QR code of the petition's address carrying the `flyer`
 * source, so the dashboard shows what the paper brought in. pdfkit and
 * DejaVu Sans, as the delivery packet (decision 028).
 */
const font = (name: string) =>
  createRequire(import.meta.url).resolve(`dejavu-fonts-ttf/ttf/${name}.ttf`)

export async function petitionFlyer(
  p: PublicPetition,
  appUrl: string,
  language: Language,
): Promise<Buffer> {
  const t = translator(language)
  const title = localized(p.title, p.titleEs, language).text
  const url = withSource(`${appUrl}/petitions/${p.slug}`, SHARE_SOURCES.flyer)
  const qr = await QRCode.toBuffer(url, {
    type: 'png',
    width: 600,
    margin: 1,
    errorCorrectionLevel: 'M',
  })
  const doc = new PDFDocument({
    size: 'LETTER',
    margin: 54,
    info: { Title: t('flyer.title', { title }), Creator: 'Vigil', Producer: 'Vigil' },
    displayTitle: true,
    lang: intlLocale(language),
  })
  doc.registerFont('body', font('DejaVuSans'))
  doc.registerFont('bold', font('DejaVuSans-Bold'))
  const chunks: Buffer[] = []
  doc.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))))
  const width = doc.page.width - 108
  doc
    .font('bold')
    .fontSize(16)
    .fillColor('#7a1d1d')
    .text(p.case.personName.toUpperCase(), { width })
  doc.moveDown(0.4).fontSize(30).fillColor('#1f1a17').text(title, { width })
  const left = timeLeftLabel(p.case.nextDate, p.case.timeZone, undefined, language)
  if (p.case.nextDate) {
    doc
      .moveDown(0.6)
      .font('body')
      .fontSize(14)
      .text(
        `${formatDateTime(new Date(p.case.nextDate), p.case.timeZone, intlLocale(language))}${left ? ` · ${left}` : ''}`,
      )
  }
  doc
    .moveDown(0.4)
    .font('body')
    .fontSize(14)
    .text(
      t('flyer.signed', {
        count: p.signatureCount,
        number: formatNumber(p.signatureCount, language),
      }),
    )
  const size = 260
  doc.image(qr, (doc.page.width - size) / 2, doc.y + 24, { width: size, height: size })
  doc.y += size + 40
  doc
    .font('bold')
    .fontSize(16)
    .text(t('flyer.scan'), { width, align: 'center' })
    .font('body')
    .fontSize(13)
    .text(url, { width, align: 'center' })
  doc
    .moveDown(1.5)
    .fontSize(11)
    .fillColor('#5c534c')
    .text(t('flyer.organized', { organization: p.organizationName }), {
      width,
      align: 'center',
    })
  doc.end()
  return done
}
