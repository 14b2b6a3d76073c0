const MARK = '\u0001'

/**
 * A translated sentence with one value in bold, wherever the language puts
 * it: `sentence` is the translation made with `MARK` for the value (no
 * markup in the translations, no HTML from them).
 */
export function StrongValue({
  sentence,
  value,
  lang,
}: {
  sentence: (mark: string) => string
  value: string
  /** The value's language, where it is not the page's. */
  lang?: string
}) {
  const [before = '', after = ''] = sentence(MARK).split(MARK)
  return (
    <>
      {before}
      <strong lang={lang}>{value}</strong>
      {after}
    </>
  )
}
