/**
 * How an official is addressed in a letter: their title and name, unless the
 * name already carries a title ("Gov. Helen Marlow", "Judge Ann Roe") or the
 * title itself ("Governor Helen Marlow"), which would say it twice ("Dear
 * Governor Gov. Helen Marlow"). The merge field `official.greeting_name`.
 */
const HONORIFIC =
  /^(gov|governor|lt|sen|senator|rep|representative|judge|justice|hon|honorable|the honorable|mr|mrs|ms|mx|dr|atty|attorney general|ag|president|chair|chairman|chairwoman|commissioner|mayor|secretary)\b\.?\s/i

export function greetingName(title: string | null | undefined, name: string): string {
  const cleanName = name.trim()
  const cleanTitle = (title ?? '').trim()
  if (!cleanTitle) return cleanName
  if (HONORIFIC.test(cleanName)) return cleanName
  if (cleanName.toLowerCase().startsWith(cleanTitle.toLowerCase())) return cleanName
  return `${cleanTitle} ${cleanName}`
}
