import type { ReindexReport } from '../index/live.js';
import type { Log } from '../log/log.js';
import type { QuestionLog } from '../questions/store.js';
import type { NoteInfo } from '../notes/note.js';
import type { SearchEngine } from '../search/engine.js';
import type { Cooldown } from './cooldown.js';
import type { QuestionMemory } from './memory.js';

/** What every handler gets: the search engine and notes of the moment, and the bot's state. */
export interface BotContext {
  /** The engine serving now; a re-index swaps it, so handlers ask for it per interaction. */
  engine(): SearchEngine;
  notes(): NoteInfo[];
  /** Brings the index in line with the notes folder now (what /reindex runs). */
  reindex(): Promise<ReindexReport>;
  memory: QuestionMemory;
  /** The question log; undefined when it is off (QUESTION_LOG=off) or could not be opened. */
  questions?: QuestionLog;
  /** The registered commands' ids by name, for clickable mentions (</ask:id>); filled once connected. */
  commandIds: Map<string, string>;
  cooldown: Cooldown;
  log: Log;
}
