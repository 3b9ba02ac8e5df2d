import { PermissionFlagsBits } from 'discord.js';
import type {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  InteractionContextType,
  LocalizationMap,
  MessageContextMenuCommandInteraction,
} from 'discord.js';
import type { BotContext } from '../context.js';

/**
 * What the managers' commands (/reindex, /report) ask of a member, and what /help lists them for:
 * managing the server. Server admins can change who may use a command, per role.
 */
export const MANAGER_PERMISSION = PermissionFlagsBits.ManageGuild;

/** A slash command's option, as plain data (what `npm run register` sends). */
export interface OptionDefinition {
  readonly type: ApplicationCommandOptionType.String | ApplicationCommandOptionType.Boolean | ApplicationCommandOptionType.Integer;
  readonly name: string;
  readonly description: string;
  readonly name_localizations?: LocalizationMap;
  readonly description_localizations?: LocalizationMap;
  readonly required?: boolean;
  readonly autocomplete?: boolean;
  readonly max_length?: number;
}

export interface ChatInputDefinition {
  readonly type: ApplicationCommandType.ChatInput;
  readonly name: string;
  readonly description: string;
  readonly name_localizations?: LocalizationMap;
  readonly description_localizations?: LocalizationMap;
  readonly options?: readonly OptionDefinition[];
  readonly default_member_permissions?: string;
  readonly contexts?: readonly InteractionContextType[];
}

export interface MessageDefinition {
  readonly type: ApplicationCommandType.Message;
  readonly name: string;
  readonly name_localizations?: LocalizationMap;
}

type ValueOf<T> = T extends ApplicationCommandOptionType.String ? string : T extends ApplicationCommandOptionType.Boolean ? boolean : number;
type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;
type OptionToArgument<O> = O extends { name: infer K extends string; type: infer T; required: true }
  ? { [k in K]: ValueOf<T> }
  : O extends { name: infer K extends string; type: infer T }
    ? { [k in K]?: ValueOf<T> }
    : never;

/** A command's options as a typed object, derived from its definition: `{ question: string; public?: boolean }`. */
export type ArgumentsOf<D extends ChatInputDefinition> = D extends { options: readonly (infer O)[] }
  ? UnionToIntersection<OptionToArgument<O>>
  : Record<string, never>;

/** A button of a command's message: it handles custom ids that start with `${prefix}:`. */
export interface ButtonHandler {
  prefix: string;
  /** A button that runs a search shares its command's cooldown. */
  cooldown: boolean;
  handle(interaction: ButtonInteraction, args: string[], ctx: BotContext): Promise<void>;
}

export interface ChatInputCommand {
  kind: 'chat-input';
  data: ChatInputDefinition;
  /** Costly commands (a search) are subject to the per-user cooldown. */
  cooldown: boolean;
  execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void>;
  buttons?: ButtonHandler[];
}

export interface MessageCommand {
  kind: 'message';
  data: MessageDefinition;
  cooldown: boolean;
  execute(interaction: MessageContextMenuCommandInteraction, ctx: BotContext): Promise<void>;
}

export type Command = ChatInputCommand | MessageCommand;

/** The options of an interaction, by the names its command's definition gives them. */
function readArguments<D extends ChatInputDefinition>(interaction: ChatInputCommandInteraction, data: D): ArgumentsOf<D> {
  const args: Record<string, unknown> = {};
  for (const option of data.options ?? []) {
    const value = interaction.options.get(option.name)?.value;
    if (value !== undefined && value !== null) args[option.name] = value;
  }
  return args as ArgumentsOf<D>;
}

/**
 * A slash command: its definition as plain `as const` data, and a handler that receives the
 * options typed after that definition, so that a misspelt option name does not compile.
 */
export function chatInputCommand<const D extends ChatInputDefinition>(spec: {
  data: D;
  cooldown: boolean;
  run(interaction: ChatInputCommandInteraction, args: ArgumentsOf<D>, ctx: BotContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void>;
  buttons?: ButtonHandler[];
}): ChatInputCommand {
  const { data, cooldown, buttons } = spec;
  return {
    kind: 'chat-input',
    data,
    cooldown,
    ...(spec.autocomplete ? { autocomplete: (interaction, ctx) => spec.autocomplete!(interaction, ctx) } : {}),
    ...(buttons ? { buttons } : {}),
    execute: (interaction, ctx) => spec.run(interaction, readArguments(interaction, data), ctx),
  };
}

/** A message command (the message menu › Apps): it takes no options, only the message. */
export function messageCommand(spec: Omit<MessageCommand, 'kind'>): MessageCommand {
  return { kind: 'message', ...spec };
}
