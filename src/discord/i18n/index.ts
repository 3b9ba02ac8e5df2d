import type { LocalizationMap } from 'discord.js';
import { en, type Catalogue } from './en.js';
import { zhCN } from './zh-cn.js';
import { zhTW } from './zh-tw.js';

export type { Catalogue } from './en.js';

/** The languages the bot speaks, by Discord locale; any other locale gets English. */
export const CATALOGUES = { 'en-US': en, 'zh-CN': zhCN, 'zh-TW': zhTW } as const;

/** The catalogue for a reader's locale (`interaction.locale`), English when there is none. */
export function messagesFor(locale: string | undefined): Catalogue {
  return (CATALOGUES as Record<string, Catalogue>)[locale ?? ''] ?? en;
}

/** Discord's localisations of a command's name or description, from the catalogues. */
export function localizations(pick: (c: Catalogue) => string): LocalizationMap {
  return { 'zh-CN': pick(zhCN), 'zh-TW': pick(zhTW) };
}

/**
 * The words of a command or option in every language: its description, and the localisations of
 * both; its name stays a literal in the definition, where the compiler reads it.
 */
export function wording(pick: (c: Catalogue) => { name: string; description?: string }): {
  name_localizations: LocalizationMap;
  description: string;
  description_localizations: LocalizationMap;
} {
  return {
    name_localizations: localizations((c) => pick(c).name),
    description: pick(en).description ?? '',
    description_localizations: localizations((c) => pick(c).description ?? ''),
  };
}

export { en };
