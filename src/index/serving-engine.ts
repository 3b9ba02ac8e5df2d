import type { Embedder } from '../embed/embedder.js';
import type { Log } from '../log/log.js';
import { openSearchEngine, type EngineData, type SearchEngine } from '../search/engine.js';
import { openSentences, type Manifest } from './store.js';

/**
 * Opens an engine over an index's arrays (`manifest`: the index as written, if it was) with the
 * index's sentence vectors. Without them (an index held in memory only, an older format, a file
 * that cannot be read: said in the log) quoting embeds the sentences it compares, as it always could.
 */
export async function openServingEngine(
  indexDir: string,
  data: EngineData,
  embedder: Embedder | undefined,
  manifest: Manifest | undefined,
  log: Log,
): Promise<SearchEngine> {
  if (!embedder || !manifest) return openSearchEngine(data, embedder);
  try {
    const sentences = await openSentences(indexDir, manifest);
    if (sentences && sentences.passages !== data.passages.length) {
      throw new Error(`they are of ${sentences.passages} passages, the index has ${data.passages.length}`);
    }
    return openSearchEngine(data, embedder, sentences ? { sentences } : {});
  } catch (error) {
    log.warn(`quoting embeds sentences as it goes: the index's sentence vectors cannot be read (${(error as Error).message})`);
    return openSearchEngine(data, embedder);
  }
}
