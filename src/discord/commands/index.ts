import { askCommand } from './ask.js';
import { claimCommand } from './claim.js';
import type { Command } from './command.js';
import { helpCommand } from './help.js';
import { notesCommand } from './notes.js';
import { quoteCommand } from './quote.js';
import { reindexCommand } from './reindex.js';
import { reportCommand } from './report.js';
import { searchMessageCommand } from './search-message.js';

export const COMMANDS: readonly Command[] = [
  askCommand,
  quoteCommand,
  claimCommand,
  notesCommand,
  searchMessageCommand,
  helpCommand,
  reindexCommand,
  reportCommand,
];

/** The definitions as `npm run register` sends them. */
export const COMMAND_DEFINITIONS = COMMANDS.map((c) => c.data);
