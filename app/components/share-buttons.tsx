import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { shareLinks } from '~/domain/share'
import { SHARE_SOURCES, withSource } from '~/domain/sources'

/**
 * Share buttons (decision 035): the Web Share API where the browser has it,
 * else links for WhatsApp, Facebook, X, Bluesky and email, and the link to
 * copy. Each carries its own `source`. Without JavaScript the links work
 * and the copy link is shown to select.
 */
export function ShareButtons({
  petitionUrl,
  title,
  heading,
}: {
  petitionUrl: string
  title: string
  heading?: string
}) {
  const { t } = useTranslation()
  const [native, setNative] = useState(false)
  const [copied, setCopied] = useState(false)
  const copyUrl = withSource(petitionUrl, SHARE_SOURCES.copy)
  useEffect(() => {
    setNative(typeof navigator !== 'undefined' && typeof navigator.share === 'function')
  }, [])
  const shareNatively = () => {
    void navigator
      .share({ title, url: withSource(petitionUrl, SHARE_SOURCES.native) })
      .catch(() => {})
  }
  const copy = () => {
    void navigator.clipboard?.writeText(copyUrl).then(() => setCopied(true))
  }
  return (
    <section className="share-box" aria-labelledby="share-heading">
      <h2 id="share-heading">{heading ?? t('share.heading')}</h2>
      <ul className="share-box__list">
        {native ? (
          <li>
            <button type="button" className="share-box__native" onClick={shareNatively}>
              {t('share.native')}
            </button>
          </li>
        ) : null}
        {shareLinks(petitionUrl, title).map((link) => (
          <li key={link.key}>
            <a href={link.href} target="_blank" rel="noopener noreferrer" data-share={link.key}>
              {link.key === 'email' ? t('share.email') : link.label}
            </a>
          </li>
        ))}
        <li>
          <button type="button" onClick={copy} data-share="copy">
            {copied ? t('share.copied') : t('share.copy')}
          </button>
        </li>
      </ul>
      <p className="fine-print">
        <label htmlFor="share-url">{t('share.or_copy')} </label>
        <input id="share-url" className="share-box__url" readOnly value={copyUrl} />
      </p>
    </section>
  )
}
