import type { Config } from '../config.js';
import type { Embedder } from '../embed/embedder.js';
import type { Log } from '../log/log.js';
import type { NoteInfo, NoteProblem } from '../notes/note.js';
import { createSearchEngine, type SearchEngine } from '../search/engine.js';
import { incompatibility } from './build.js';
import { IndexingThread, type IndexingThreadOptions, type IndexUpdate } from './indexing-thread.js';
import { openServingEngine } from './serving-engine.js';
import { readIndex, type StoredIndex } from './store.js';

export interface ReindexReport {
  notes: number;
  passages: number;
  embedded: number;
  removed: number;
  broken: NoteProblem[];
  upToDate: boolean;
  ms: number;
}

/** The model to answer with, if any, and where it was loaded from (see chooseModel). */
export interface ChosenModel {
  embedder?: Embedder;
  source?: string;
}

/** What answers now: an engine, the notes it lists, and the version (generation) it came from. */
export interface Serving {
  engine: SearchEngine;
  notes: NoteInfo[];
  version?: string;
}

/**
 * The index a running bot serves, kept in step with the notes folder. Loading notes, embedding,
 * writing a generation and building the engine's arrays all run on the indexing thread; this
 * thread only opens an engine over the finished arrays and swaps it in with one assignment, so
 * every question is answered by a complete index, old or new, and none waits for a re-index.
 * Re-indexes run one at a time; requests that arrive meanwhile are merged into one more run. A
 * failed or dead indexing thread leaves the previous index serving.
 */
export class LiveIndex {
  private active?: Promise<ReindexReport>;
  private queued?: Promise<ReindexReport>;
  private timer?: NodeJS.Timeout;
  private broken: NoteProblem[] = [];
  private closing = false;

  private constructor(
    private readonly config: Config,
    private readonly embedder: Embedder | undefined,
    private readonly thread: IndexingThread,
    private current: Serving,
    private readonly log: Log,
  ) {}

  /**
   * Serves the stored index at once when the model can use it, and brings it in line with the
   * notes in the background; without one (or for another model), waits for the first build. The
   * stored index is read while the model loads, when given the loading: neither needs the other
   * until both are in.
   */
  static async start(config: Config, chosen: ChosenModel | Promise<ChosenModel>, log: Log, options: IndexingThreadOptions = {}): Promise<LiveIndex> {
    const reading: Promise<{ stored?: StoredIndex; error?: Error }> = readIndex(config.indexDir).then(
      (stored) => ({ stored }),
      (error: unknown) => ({ error: error as Error }),
    );
    const { embedder, source } = await chosen;
    const model = embedder && source ? { source, model: embedder.model, dimensions: embedder.dimensions } : undefined;
    const thread = new IndexingThread(config, model, log, options);
    const read = embedder ? await reading : undefined;
    if (read?.error) log.warn(`the stored index cannot be read, so it is built again: ${read.error.message}`);
    const stored = read?.stored;
    const unusable = stored && embedder && incompatibility(stored.manifest, embedder.model, embedder.dimensions);
    if (unusable) log.warn(`the stored index is built again: ${unusable}`);
    if (stored && embedder && !unusable) {
      const engine = await openServingEngine(config.indexDir, stored.data, embedder, stored.manifest, log);
      const live = new LiveIndex(config, embedder, thread, { engine, notes: stored.notes, version: stored.generation }, log);
      // While the bot connects; a failure shows in the first search, which calibrates again.
      engine.prepare().catch(() => undefined);
      live.reindex().catch(() => undefined);
      return live;
    }
    const empty: Serving = { engine: createSearchEngine({ passages: [] }), notes: [] };
    const live = new LiveIndex(config, embedder, thread, empty, log);
    await live.reindex();
    return live;
  }

  get engine(): SearchEngine {
    return this.current.engine;
  }

  get notes(): NoteInfo[] {
    return this.current.notes;
  }

  /** A re-index runs, or has been asked for and waits its turn. */
  get reindexing(): boolean {
    return this.active !== undefined || this.queued !== undefined;
  }

  reindex(): Promise<ReindexReport> {
    if (this.queued) return this.queued;
    const previous = this.active ?? Promise.resolve();
    const run: Promise<ReindexReport> = previous
      .catch(() => undefined)
      .then(() => {
        this.queued = undefined;
        this.active = run;
        return this.runOnce();
      })
      .finally(() => {
        if (this.active === run) this.active = undefined;
      });
    this.queued = run;
    return run;
  }

  private async runOnce(): Promise<ReindexReport> {
    const started = Date.now();
    let update: IndexUpdate | undefined;
    try {
      update = await this.thread.run(this.current.version);
    } catch (error) {
      if (!this.closing) this.log.error(`re-index failed, still serving the previous index: ${(error as Error).message}`);
      throw error;
    }
    if (update) {
      // Prepared before it serves, so the first question after a re-index waits for nothing; a
      // failure shows in that question's search, which calibrates again.
      const engine = await openServingEngine(this.config.indexDir, update.data, this.embedder, update.manifest, this.log);
      await engine.prepare().catch(() => undefined);
      this.current = { engine, notes: update.notes, version: update.version };
      this.broken = update.broken;
    }
    const report: ReindexReport = {
      notes: this.current.notes.length,
      passages: this.current.engine.passages.length,
      embedded: update?.embedded ?? 0,
      removed: update?.removed ?? 0,
      broken: this.broken,
      upToDate: update?.upToDate ?? true,
      ms: Date.now() - started,
    };
    this.log.info(`re-indexed: ${report.notes} notes, ${report.passages} passages (${report.embedded} embedded, ${report.removed} removed) in ${report.ms} ms`);
    return report;
  }

  /**
   * Re-indexes in the background after Markdown files change, once they have been quiet for
   * debounceMs. The indexing thread watches the folder; resolves once it has scanned it.
   */
  watch(debounceMs = 1000): Promise<void> {
    return this.thread.watch(() => {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => {
        // A failure is logged where it happens.
        this.reindex().catch(() => undefined);
      }, debounceMs);
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    clearTimeout(this.timer);
    await this.thread.close();
    await this.active?.catch(() => undefined);
  }
}
