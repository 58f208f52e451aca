import type { Lang, Translation } from './translation.js';

export type { Lang, Translation } from './translation.js';

/** Language packs load on demand: a page downloads only the language it shows. */
const LOADERS: Record<Lang, () => Promise<Translation>> = {
  'zh-CN': () => import('./zh-CN.js').then((m) => m.zhCN),
  en: () => import('./en.js').then((m) => m.en),
};
const loaded = new Map<Lang, Translation>();

/** The pack a `lang` value selects: `en*` → English, anything else → Simplified Chinese (the default). */
export function langOf(lang: string | null | undefined): Lang {
  return lang?.toLowerCase().startsWith('en') ? 'en' : 'zh-CN';
}

/** The pack for `lang` if it is already loaded. */
export function cachedTranslation(lang: string | null | undefined): Translation | undefined {
  return loaded.get(langOf(lang));
}

/** Loads (once) and returns the pack for `lang`. */
export async function loadTranslation(lang: string | null | undefined): Promise<Translation> {
  const key = langOf(lang);
  const cached = loaded.get(key);
  if (cached) return cached;
  const translation = await LOADERS[key]();
  loaded.set(key, translation);
  return translation;
}

/** Registers a pack up front (a host that bundles its language, or tests). */
export function registerTranslation(translation: Translation): void {
  loaded.set(translation.lang, translation);
}
