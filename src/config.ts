import path from 'node:path';
import { z } from 'zod';

export const DEFAULT_MODEL = 'Xenova/all-MiniLM-L6-v2';
export const DEFAULT_BASE_URL = 'https://dev.heng.lu/';

const schema = z.object({
  NOTES_DIR: z.string().min(1).default('notes'),
  INDEX_DIR: z.string().min(1).default('.index'),
  EMBEDDING_MODEL: z.string().min(1).default(DEFAULT_MODEL),
  NOTES_BASE_URL: z.url({ protocol: /^https?$/ }).default(DEFAULT_BASE_URL),
  MODEL_CACHE_DIR: z.string().min(1).default('.cache/models'),
});

export interface Config {
  notesDir: string;
  indexDir: string;
  /** A Hugging Face model id, or a path to a local transformers.js model folder. */
  embeddingModel: string;
  baseUrl: string;
  modelCacheDir: string;
}

export type ConfigOverrides = Partial<Record<keyof z.input<typeof schema>, string | undefined>>;

export class ConfigError extends Error {}

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
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`invalid settings:\n  ${lines.join('\n  ')}`);
  }
  const c = parsed.data;
  return {
    notesDir: path.resolve(c.NOTES_DIR),
    indexDir: path.resolve(c.INDEX_DIR),
    embeddingModel: c.EMBEDDING_MODEL,
    baseUrl: c.NOTES_BASE_URL.endsWith('/') ? c.NOTES_BASE_URL : `${c.NOTES_BASE_URL}/`,
    modelCacheDir: path.resolve(c.MODEL_CACHE_DIR),
  };
}
