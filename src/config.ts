import path from 'node:path';
import { z } from 'zod';
import type { ModelProfile } from './embed/profiles.js';

/** A retrieval-tuned model of MiniLM's size (22M parameters, 384 dimensions, 23 MB in q8; Apache-2.0). */
export const DEFAULT_MODEL = 'Snowflake/snowflake-arctic-embed-xs';
export const DEFAULT_BASE_URL = 'https://dev.heng.lu/';

const schema = z.object({
  NOTES_DIR: z.string().min(1).default('notes'),
  INDEX_DIR: z.string().min(1).default('.index'),
  EMBEDDING_MODEL: z.string().min(1).default(DEFAULT_MODEL),
  NOTES_BASE_URL: z.url({ protocol: /^https?$/ }).default(DEFAULT_BASE_URL),
  MODEL_CACHE_DIR: z.string().min(1).default('.cache/models'),
  ALLOW_MODEL_DOWNLOAD: z.enum(['true', 'false', '1', '0']).default('true'),
  MAX_NOTE_KB: z.coerce
    .number()
    .int()
    .min(1)
    .max(1024 * 1024)
    .default(1024),
  EMBEDDING_QUERY_PREFIX: z.string().optional(),
  EMBEDDING_PASSAGE_PREFIX: z.string().optional(),
  EMBEDDING_POOLING: z.enum(['mean', 'cls']).optional(),
  QUESTION_LOG: z.enum(['on', 'off']).default('on'),
  QUESTION_LOG_FILE: z.string().min(1).default('.data/questions.db'),
  QUESTION_LOG_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
});

export interface Config {
  notesDir: string;
  indexDir: string;
  /** A Hugging Face model id, or a path to a local transformers.js model folder. */
  embeddingModel: string;
  baseUrl: string;
  modelCacheDir: string;
  /** False in the container: the model was fetched at build time and nothing is downloaded later. */
  allowModelDownload: boolean;
  /** A bigger note file is reported and skipped, unread. */
  maxNoteBytes: number;
  /** Overrides of the model's known prefixes and pooling (profiles.ts); "none" is an empty prefix. */
  embeddingProfile: Partial<ModelProfile>;
  /** The question log (SQLite): what was asked and answered, and the feedback; off stores nothing. */
  questionLog: { enabled: boolean; file: string; days: number };
}

export type ConfigOverrides = Partial<Record<keyof z.input<typeof schema>, string | undefined>>;

export class ConfigError extends Error {}

/** Validates raw settings; the error lists every bad variable by name. */
function parseSettings<S extends z.ZodType>(schema: S, raw: Record<string, string | undefined>): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`invalid settings:\n  ${lines.join('\n  ')}`);
  }
  return parsed.data;
}

/**
 * Reads the settings once from the environment; command-line flags (overrides) win.
 * Errors name the variable, so a typo in a deployment is found at once.
 */
export function readConfig(env: NodeJS.ProcessEnv = process.env, overrides: ConfigOverrides = {}): Config {
  const raw: Record<string, string | undefined> = {};
  for (const key of Object.keys(schema.shape) as (keyof typeof schema.shape)[]) {
    const value = overrides[key] ?? env[key];
    // An empty variable means "not set", as in most shells' `VAR= cmd`.
    raw[key] = value === '' ? undefined : value;
  }
  const c = parseSettings(schema, raw);
  return {
    notesDir: path.resolve(c.NOTES_DIR),
    indexDir: path.resolve(c.INDEX_DIR),
    embeddingModel: c.EMBEDDING_MODEL,
    baseUrl: c.NOTES_BASE_URL.endsWith('/') ? c.NOTES_BASE_URL : `${c.NOTES_BASE_URL}/`,
    modelCacheDir: path.resolve(c.MODEL_CACHE_DIR),
    allowModelDownload: c.ALLOW_MODEL_DOWNLOAD === 'true' || c.ALLOW_MODEL_DOWNLOAD === '1',
    maxNoteBytes: c.MAX_NOTE_KB * 1024,
    embeddingProfile: {
      queryPrefix: c.EMBEDDING_QUERY_PREFIX === 'none' ? '' : c.EMBEDDING_QUERY_PREFIX,
      passagePrefix: c.EMBEDDING_PASSAGE_PREFIX === 'none' ? '' : c.EMBEDDING_PASSAGE_PREFIX,
      pooling: c.EMBEDDING_POOLING,
    },
    questionLog: { enabled: c.QUESTION_LOG === 'on', file: path.resolve(c.QUESTION_LOG_FILE), days: c.QUESTION_LOG_DAYS },
  };
}

const botSchema = z.object({
  DISCORD_TOKEN: z.string({ error: 'not set: the bot token from the Discord developer portal (see README, "Running the Discord bot")' }).trim().min(1),
  DISCORD_CLIENT_ID: z
    .string({ error: 'not set: the application id from the Discord developer portal (see README, "Running the Discord bot")' })
    .regex(/^\d{15,22}$/, 'the application id is a number of 15 to 22 digits'),
  DISCORD_GUILD_ID: z
    .string()
    .regex(/^\d{15,22}$/, 'a server id: a number of 15 to 22 digits')
    .optional(),
  DISCORD_API_URL: z.url({ protocol: /^https?$/ }).default('https://discord.com/api'),
  COOLDOWN_SECONDS: z.coerce.number().min(0).max(3600).default(5),
  HEALTH_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HEALTH_HOST: z.union([z.ipv4(), z.ipv6(), z.hostname()], { error: 'an address to listen on, such as 127.0.0.1 or 0.0.0.0' }).default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  REINDEX_DEBOUNCE_MS: z.coerce.number().int().min(0).max(600_000).default(1000),
  SYNC_SITE_URL: z.url({ protocol: /^https?$/, error: 'the WordPress site to import from, e.g. https://dev.heng.lu/' }).optional(),
  SYNC_INTERVAL_MINUTES: z.coerce
    .number()
    .positive()
    .max(7 * 24 * 60)
    .default(30),
});

export interface BotConfig extends Config {
  token: string;
  clientId: string;
  guildId?: string;
  /** REST base; the client also takes its gateway address from GET /gateway/bot there. */
  apiUrl: string;
  cooldownSeconds: number;
  /** 0 turns the health endpoints off. */
  healthPort: number;
  /** 0.0.0.0 lets an orchestrator outside the container probe them. */
  healthHost: string;
  logLevel: string;
  /** How long the notes folder must be quiet before a change is re-indexed. */
  reindexDebounceMs: number;
  /** The WordPress site the bot imports from by itself, when set. */
  syncSiteUrl?: string;
  syncIntervalMs: number;
}

/** The core settings plus Discord's; errors name the variable and where the README explains it. */
export function readBotConfig(env: NodeJS.ProcessEnv = process.env): BotConfig {
  const raw = Object.fromEntries(Object.keys(botSchema.shape).map((key) => [key, env[key] === '' ? undefined : env[key]]));
  const b = parseSettings(botSchema, raw);
  return {
    ...readConfig(env),
    token: b.DISCORD_TOKEN,
    clientId: b.DISCORD_CLIENT_ID,
    guildId: b.DISCORD_GUILD_ID,
    apiUrl: b.DISCORD_API_URL.replace(/\/+$/, ''),
    cooldownSeconds: b.COOLDOWN_SECONDS,
    healthPort: b.HEALTH_PORT,
    healthHost: b.HEALTH_HOST,
    logLevel: b.LOG_LEVEL,
    reindexDebounceMs: b.REINDEX_DEBOUNCE_MS,
    syncSiteUrl: b.SYNC_SITE_URL,
    syncIntervalMs: Math.round(b.SYNC_INTERVAL_MINUTES * 60_000),
  };
}
