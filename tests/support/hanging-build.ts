/**
 * Starts an index build whose embedder never returns, after saying so on stdout: the test
 * kills this process with SIGKILL at that point, as a crash or `kill -9` would.
 * Usage: tsx hanging-build.ts NOTES_DIR INDEX_DIR
 */
import { buildIndex } from '../../src/index/build.js';
import { loadNotes } from '../../src/notes/load.js';

const [notesDir, indexDir] = process.argv.slice(2) as [string, string];
const { notes, passages } = await loadNotes(notesDir, 'https://dev.heng.lu/');
await buildIndex({
  indexDir,
  passages,
  notes: notes,
  embedder: {
    model: 'fake-model',
    dimensions: 32,
    embed: () => {
      process.stdout.write('embedding\n');
      return new Promise(() => {});
    },
  },
});
