import type { TFunction } from 'i18next'
import { DEFAULT_LANGUAGE, translator } from '~/utils/i18n'

/**
 * The translation function for a route's `meta` (which runs outside React):
 * the language the root loader chose.
 */
export function metaT(matches: readonly { id: string; data?: unknown }[]): TFunction {
  const root = matches.find((m) => m.id === 'root')?.data as { language?: string } | undefined
  return translator(root?.language ?? DEFAULT_LANGUAGE)
}
