import { en } from './en.js';
import type { Lang, Translation } from './translation.js';
import { zhCN } from './zh-CN.js';

export type { Lang, Translation } from './translation.js';

const TRANSLATIONS: Record<Lang, Translation> = { 'zh-CN': zhCN, en };

/** The translation for a `lang` value: `en*` → English, anything else → Simplified Chinese (the default). */
export function translationFor(lang: string | null | undefined): Translation {
  return lang?.toLowerCase().startsWith('en') ? TRANSLATIONS.en : TRANSLATIONS['zh-CN'];
}
