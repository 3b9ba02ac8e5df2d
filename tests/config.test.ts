import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL, readConfig } from '../src/config.js';

describe('readConfig', () => {
  it('has defaults for everything', () => {
    const c = readConfig({});
    expect(c).toMatchObject({
      notesDir: path.resolve('notes'),
      indexDir: path.resolve('.index'),
      embeddingModel: DEFAULT_MODEL,
      baseUrl: 'https://dev.heng.lu/',
    });
  });

  it('reads the environment, and flags override it', () => {
    const c = readConfig({ NOTES_DIR: 'from-env', INDEX_DIR: 'idx', NOTES_BASE_URL: 'https://example.org/blog' }, { NOTES_DIR: 'from-flag' });
    expect(c.notesDir).toBe(path.resolve('from-flag'));
    expect(c.indexDir).toBe(path.resolve('idx'));
    expect(c.baseUrl).toBe('https://example.org/blog/');
  });

  it('names the variable that is wrong', () => {
    expect(() => readConfig({ NOTES_BASE_URL: 'dev.heng.lu' })).toThrow(/NOTES_BASE_URL/);
  });
});
