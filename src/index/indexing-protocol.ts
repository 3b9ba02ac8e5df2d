import type { LogFields } from '../log/log.js';
import type { NoteInfo, NoteProblem } from '../notes/note.js';
import type { Passage } from '../notes/passages.js';
import type { EngineData } from '../search/engine.js';

/** The model the answering thread uses: the indexing thread loads the same. */
export interface ModelRef {
  /** A model id or folder, as transformersLoader takes it. */
  source: string;
  /** Its name in the manifest (the bundled model's is not its folder). */
  model: string;
  dimensions: number;
}

/** Re-index; `serving` is the version the answering thread serves (a generation), if any. */
export interface ToWorker {
  serving?: string;
}

export type FromWorker =
  | { type: 'log'; level: 'debug' | 'info' | 'warn' | 'error'; message: string; fields?: LogFields }
  | { type: 'unchanged' }
  | { type: 'passages'; passages: Passage[] }
  | {
      type: 'done';
      version: string;
      /** Without passages: those came before, in slices. */
      data: EngineData;
      notes: NoteInfo[];
      broken: NoteProblem[];
      embedded: number;
      removed: number;
      upToDate: boolean;
    }
  | { type: 'failed'; message: string; stack?: string };
