import { watch, type FSWatcher } from 'chokidar';
import type { Config } from '../config.js';
import type { Embedder } from '../embed/embedder.js';
import type { Log } from '../log/log.js';
import type { NotesCache } from '../notes/load.js';
import type { Note, NoteProblem } from '../notes/note.js';
import { indexNotes, type Indexed } from './index-notes.js';
import type { SearchEngine } from '../search/engine.js';

export interface ReindexReport {
  notes: number;
  passages: number;
  embedded: number;
  removed: number;
  broken: NoteProblem[];
  upToDate: boolean;
  ms: number;
}

/**
 * The index a running bot serves, kept in step with the notes folder. A re-index builds a new
 * engine beside the serving one and swaps it in with one assignment, so every question is
 * answered by a complete index, old or new, never a half-built one. Re-indexes run one at a
 * time; requests that arrive meanwhile are merged into one more run.
 */
export class LiveIndex {
  private current: Indexed;
  private active?: Promise<ReindexReport>;
  private queued?: Promise<ReindexReport>;
  private watcher?: FSWatcher;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly config: Config,
    private readonly embedder: Embedder | undefined,
    initial: Indexed,
    private readonly log: Log,
    /** The cache the initial index was loaded with, so that the first re-index is as quick as the rest. */
    private readonly cache: NotesCache = new Map(),
  ) {
    this.current = initial;
  }

  get engine(): SearchEngine {
    return this.current.engine;
  }

  get notes(): Note[] {
    return this.current.notes.notes;
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
    const next = await indexNotes(this.config, this.embedder, { log: this.log, cache: this.cache, current: this.current });
    const unchanged = next.engine === this.current.engine;
    this.current = next;
    const report: ReindexReport = {
      notes: next.notes.notes.length,
      passages: next.engine.passages.length,
      embedded: unchanged ? 0 : (next.build?.embedded ?? 0),
      removed: unchanged ? 0 : (next.build?.removed ?? 0),
      broken: next.notes.broken,
      upToDate: unchanged || (next.build?.upToDate ?? false),
      ms: Date.now() - started,
    };
    this.log.info(`re-indexed: ${report.notes} notes, ${report.passages} passages (${report.embedded} embedded, ${report.removed} removed) in ${report.ms} ms`);
    return report;
  }

  /** Re-indexes in the background after Markdown files change, once they have been quiet for debounceMs. */
  watch(debounceMs = 1000): Promise<void> {
    this.watcher = watch(this.config.notesDir, {
      ignoreInitial: true,
      ignored: (file, stats) => Boolean(stats?.isFile() && !file.toLowerCase().endsWith('.md')),
    });
    this.watcher.on('all', () => {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => {
        this.reindex().catch((error: unknown) => this.log.warn(`re-index failed, still serving the previous index: ${(error as Error).message}`));
      }, debounceMs);
    });
    return new Promise((resolve) => this.watcher!.once('ready', () => resolve()));
  }

  async close(): Promise<void> {
    clearTimeout(this.timer);
    await this.watcher?.close();
    await this.active?.catch(() => undefined);
  }
}
