import type { LogFields } from '../log/log.js';
import type { NoteInfo, NoteProblem } from '../notes/note.js';
import type { Passage } from '../notes/passages.js';
import type { EngineData } from '../search/engine.js';
import type { StopMessage, StoppedMessage } from '../threads/stop.js';
import type { Manifest } from './store.js';

/** The model the answering thread uses: the indexing thread loads the same. */
export interface ModelRef {
  /** A model id or folder, as transformersLoader takes it. */
  source: string;
  /** Its name in the manifest (the bundled model's is not its folder). */
  model: string;
  dimensions: number;
}

/**
 * Re-index (`serving`: the version the answering thread serves, a generation, if any); watch
 * the notes folder and say when anything in it changes; or stop (threads/stop.ts).
 */
export type ToWorker = { type: 'run'; serving?: string } | { type: 'watch' } | StopMessage;

export type FromWorker =
  | StoppedMessage
  | { type: 'log'; level: 'debug' | 'info' | 'warn' | 'error'; message: string; fields?: LogFields }
  /** The watch has scanned the folder: changes from now on are reported. */
  | { type: 'watching' }
  | { type: 'changed' }
  | { type: 'unchanged' }
  | { type: 'passages'; passages: Passage[] }
  | {
      type: 'done';
      version: string;
      /** Without passages: those came before, in slices. */
      data: EngineData;
      notes: NoteInfo[];
      /** The index's manifest, with a model: where its sentence vectors are (one held in memory only has none). */
      manifest?: Manifest;
      broken: NoteProblem[];
      embedded: number;
      removed: number;
      upToDate: boolean;
    }
  | { type: 'failed'; message: string; stack?: string };
