import { describe, expect, it } from 'vitest';
import { loadTransformersEmbedder } from '../../src/embed/embedder.js';
import { knownProfile, modelIdentity, modelProfile } from '../../src/embed/profiles.js';
import { tempDir, TINY_MODEL } from '../support/paths.js';

describe('model profiles: prefixes and pooling', () => {
  it('knows the models worth picking, and gives any other none', () => {
    expect(knownProfile('Snowflake/snowflake-arctic-embed-xs')).toEqual({
      queryPrefix: 'Represent this sentence for searching relevant passages: ',
      passagePrefix: '',
      pooling: 'cls',
    });
    expect(knownProfile('Xenova/multilingual-e5-small')).toMatchObject({ queryPrefix: 'query: ', passagePrefix: 'passage: ', pooling: 'mean' });
    expect(knownProfile('Xenova/all-MiniLM-L6-v2')).toEqual({ queryPrefix: '', passagePrefix: '', pooling: 'mean' });
    expect(knownProfile(TINY_MODEL)).toEqual({ queryPrefix: '', passagePrefix: '', pooling: 'mean' });
  });

  it('lets the settings override them, and an index knows when passages were embedded otherwise', () => {
    const custom = modelProfile('Xenova/all-MiniLM-L6-v2', { passagePrefix: 'passage: ', queryPrefix: undefined });
    expect(custom).toEqual({ queryPrefix: '', passagePrefix: 'passage: ', pooling: 'mean' });
    expect(modelIdentity('Xenova/all-MiniLM-L6-v2', custom)).toBe('Xenova/all-MiniLM-L6-v2 (pooling mean, passage prefix "passage: ")');
    expect(modelIdentity('Snowflake/snowflake-arctic-embed-xs', knownProfile('Snowflake/snowflake-arctic-embed-xs'))).toBe(
      'Snowflake/snowflake-arctic-embed-xs',
    );
  });

  it('puts the prefix before a question, and the passage prefix before a passage', async () => {
    const cache = await tempDir();
    const prefixed = await loadTransformersEmbedder(TINY_MODEL, cache, false, { queryPrefix: 'query: ', passagePrefix: 'passage: ', pooling: 'mean' });
    const plain = await loadTransformersEmbedder(TINY_MODEL, cache, false);
    const [asQuery] = await prefixed.embed(['who owns the channels'], 'query');
    const [asPassage] = await prefixed.embed(['who owns the channels']);
    expect(Array.from(asQuery!)).toEqual(Array.from((await plain.embed(['query: who owns the channels']))[0]!));
    expect(Array.from(asPassage!)).toEqual(Array.from((await plain.embed(['passage: who owns the channels']))[0]!));
    expect(Array.from(asQuery!)).not.toEqual(Array.from(asPassage!));
  });
});
