import { describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.js';
import { loadTransformersEmbedder, ModelUnavailableError } from '../../src/embed/embedder.js';
import { threadedLoader } from '../../src/embed/embedding-thread.js';
import { CORPUS, tempDir, TINY_MODEL } from '../support/paths.js';

describe('the embedding thread', () => {
  it('embeds on its own thread exactly what the model embeds on this one, questions and passages, in order', async () => {
    const cache = await tempDir();
    const config = readConfig({}, { NOTES_DIR: CORPUS, INDEX_DIR: await tempDir(), EMBEDDING_MODEL: TINY_MODEL, MODEL_CACHE_DIR: cache });
    const threaded = await threadedLoader(config)(TINY_MODEL);
    const local = await loadTransformersEmbedder(TINY_MODEL, cache);
    expect([threaded.model, threaded.dimensions]).toEqual([local.model, local.dimensions]);
    // More than one batch of the model's, and calls that overlap.
    const texts = Array.from({ length: 70 }, (_, i) => `registry ${i} keeps the record of who holds block ${i * 7}`);
    const [passages, [question]] = await Promise.all([threaded.embed(texts), threaded.embed(['do registries have authority?'], 'query')]);
    expect(passages).toHaveLength(70);
    const expected = await local.embed(texts);
    passages.forEach((v, i) => expect(Array.from(v)).toEqual(Array.from(expected[i]!)));
    expect(Array.from(question!)).toEqual(Array.from((await local.embed(['do registries have authority?'], 'query'))[0]!));
    expect(await threaded.embed([])).toEqual([]);
  });

  it('says why a model cannot be loaded, as the embedder does', async () => {
    const config = readConfig({}, { NOTES_DIR: CORPUS, INDEX_DIR: await tempDir() });
    const failure = threadedLoader(config)('/nonexistent/model');
    await expect(failure).rejects.toThrow(ModelUnavailableError);
    await expect(failure).rejects.toThrow(/EMBEDDING_MODEL: no model folder at \/nonexistent\/model/);
  });
});
