import type { Log } from '../log/log.js';
import { importSite, type ImportSummary } from './import.js';

export interface SiteSyncOptions {
  site: string;
  /** The notes folder: the running bot's watcher re-indexes what lands there. */
  outDir: string;
  intervalMs: number;
  log: Log;
  /** Replaces the importer (tests make it fail). */
  run?: typeof importSite;
}

/** Clocks differ and posts are saved while a sync reads: each sync looks back a little further. */
const OVERLAP_MS = 5 * 60_000;

/**
 * Keeps the notes folder in step with the site by itself: an import now and then every interval,
 * of only what changed since the last one that succeeded (WordPress's modified_after; a site
 * without the REST API is read whole, and unchanged notes are left as they are). It never
 * deletes (no prune) and never overwrites a note edited by hand (no force); a failure is logged
 * and the next interval tries again. One sync runs at a time.
 */
export class SiteSync {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private lastSuccessStart?: number;
  private stopped = false;

  constructor(private readonly options: SiteSyncOptions) {}

  start(): void {
    this.schedule(0);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.syncOnce().finally(() => {
        this.running = undefined;
        this.schedule(this.options.intervalMs);
      });
    }, ms);
  }

  /** One sync; resolves with its summary, or undefined when it failed (and said why). */
  async syncOnce(): Promise<ImportSummary | undefined> {
    const { site, outDir, log, run = importSite } = this.options;
    const started = Date.now();
    const modifiedAfter = this.lastSuccessStart === undefined ? undefined : new Date(this.lastSuccessStart - OVERLAP_MS).toISOString();
    try {
      const s = await run({ site, outDir, prune: false, force: false, modifiedAfter, log });
      this.lastSuccessStart = started;
      const changed = s.added.length + s.updated.length;
      const fields = { site, source: s.source, added: s.added.length, updated: s.updated.length, kept: s.kept.length, failed: s.failed.length };
      if (changed > 0 || s.failed.length > 0) log.info('synced the notes with the site', fields);
      else log.debug('synced the notes with the site: nothing new', fields);
      for (const f of s.failed.slice(0, 10)) log.warn('sync: a post could not be imported', { url: f.url, reason: f.reason });
      return s;
    } catch (error) {
      log.warn('sync with the site failed; trying again at the next interval', { site, err: error });
      return undefined;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }
}
