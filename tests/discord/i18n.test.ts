import { ApplicationCommandType, type LocalizationMap } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { COMMAND_DEFINITIONS } from '../../src/discord/commands/index.js';
import { CATALOGUES, messagesFor } from '../../src/discord/i18n/index.js';

/** Every key of a catalogue, as paths ("commands.ask.name"), with the kind of its value. */
function shape(value: unknown, at = ''): string[] {
  if (typeof value === 'function') return [`${at}()/${value.length}`];
  if (typeof value === 'string') return [value.trim() ? at : `${at} (empty)`];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => shape(v, at ? `${at}.${k}` : k));
}

// Discord's rules for a chat-input command's or option's name, and the length of a description.
const NAME = /^[-_\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

describe('the message catalogue', () => {
  it('has every key, with a value of the same kind, in every language', () => {
    const english = shape(CATALOGUES['en-US']).sort();
    for (const [locale, catalogue] of Object.entries(CATALOGUES)) expect(shape(catalogue).sort(), locale).toEqual(english);
  });

  it('picks the reader’s language, and English for any other', () => {
    expect(messagesFor('zh-CN').notCovered).toBe('笔记没有谈到这个问题。');
    expect(messagesFor('zh-TW').notCovered).toBe('筆記沒有談到這個問題。');
    expect(messagesFor('fr').notCovered).toBe('The notes don’t cover this.');
    expect(messagesFor(undefined).more).toBe('More');
  });

  it('localises every command and option name and description, within Discord’s rules', () => {
    for (const command of COMMAND_DEFINITIONS) {
      expect(Object.keys(command.name_localizations ?? {}), command.name).toEqual(['zh-CN', 'zh-TW']);
      if (command.type !== ApplicationCommandType.ChatInput) continue;
      const named = [command, ...(command.options ?? [])];
      for (const item of named) {
        const localized = (map: LocalizationMap | undefined) => Object.values(map ?? {}).filter((v): v is string => typeof v === 'string');
        for (const name of [item.name, ...localized(item.name_localizations)]) expect(name, name).toMatch(NAME);
        for (const text of [item.description, ...localized(item.description_localizations)]) expect(text.length, text).toBeLessThanOrEqual(100);
        expect(Object.keys(item.description_localizations ?? {}), item.name).toEqual(['zh-CN', 'zh-TW']);
      }
    }
  });
});
