import type {
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  MessageContextMenuCommandInteraction,
  RESTPostAPIApplicationCommandsJSONBody,
} from 'discord.js';
import type { BotContext } from '../context.js';

/** A command: its definition as plain data (what `npm run register` sends) and its handlers. */
export interface Command {
  data: RESTPostAPIApplicationCommandsJSONBody;
  /** Costly commands (a search) are subject to the per-user cooldown. */
  cooldown: boolean;
  execute(interaction: ChatInputCommandInteraction | MessageContextMenuCommandInteraction, ctx: BotContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void>;
  /**
   * Handles buttons whose custom_id starts with `${prefix}:`; the rest comes split on ':'. A button
   * that runs a search shares its command's cooldown.
   */
  buttons?: { prefix: string; cooldown: boolean; handle(interaction: ButtonInteraction, args: string[], ctx: BotContext): Promise<void> }[];
}
