/**
 * Writes to a question log as a busy bot would, printing one line per write it saw committed:
 * the tests kill it with SIGKILL midway, or run it on a disk too small for the log.
 * Usage: tsx question-log-writer.ts FILE COUNT
 */
import { QuestionLog } from '../../src/questions/store.js';

const [file, count] = process.argv.slice(2) as [string, string];
const log = QuestionLog.open(file, {
  days: 90,
  log: { debug: () => {}, info: () => {}, warn: (m) => process.stdout.write(`warning ${m}\n`), error: () => {} },
});
const filler = 'What are the annual fees for being a member of a regional internet registry, and who sets them? '.repeat(10);
for (let i = 0; i < Number(count); i++) {
  log.record({ key: `k${i}`, command: 'ask', question: `${i} ${filler}`, answered: false, weak: false, shown: [] });
  const vote = log.vote(`k${i}`, 'g', `user-${i}`, i % 2 === 0);
  process.stdout.write(`${vote ?? 'off'} ${i}\n`);
}
log.close();
