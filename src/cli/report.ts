import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { readConfig } from '../config.js';
import { chooseModel } from '../embed/choose-model.js';
import { silentLog } from '../log/log.js';
import { stderrLog } from '../log/stderr.js';
import { transformersLoader } from '../embed/embedder.js';
import { reportData } from '../questions/report.js';
import { reportHtml } from '../questions/report-html.js';
import { QuestionLog } from '../questions/store.js';
import { run } from './common.js';

/** "30d", "12h", or a date ("2026-11-01"): the start of the period, in unix milliseconds. */
export function parseSince(value: string, now = Date.now()): number {
  const relative = /^(\d+)\s*([dh])$/i.exec(value.trim());
  if (relative) return now - Number(relative[1]) * (relative[2]!.toLowerCase() === 'd' ? 86_400_000 : 3_600_000);
  const at = Date.parse(value);
  if (Number.isNaN(at)) throw new InvalidArgumentError('expected a number of days or hours ("30d", "12h") or a date ("2026-11-01")');
  return at;
}

interface ReportFlags {
  since: number;
  out: string;
  guild?: string;
  log?: string;
}

const program = new Command('report')
  .description('Write the report for the author: what people asked, what the notes do not cover, and the feedback')
  .option('--since <period>', 'how far back: "30d", "12h" or a date', (v) => parseSince(v), parseSince('30d'))
  .option('--out <file>', 'where to write the HTML page', 'report.html')
  .option('--guild <id>', "only this server's questions")
  .option('--log <file>', 'the question log (default QUESTION_LOG_FILE)')
  .action((flags: ReportFlags) =>
    run(async () => {
      const config = readConfig(process.env, { QUESTION_LOG_FILE: flags.log });
      const log = QuestionLog.open(config.questionLog.file, { days: config.questionLog.days, log: stderrLog() });
      try {
        // The model groups the uncovered questions by meaning; without one, by their words.
        const { embedder } = await chooseModel(config.embeddingModel, { log: silentLog, load: transformersLoader(config) });
        const data = await reportData(log, { since: flags.since, guild: flags.guild, embedder });
        await writeFile(flags.out, await reportHtml(data));
        const t = data.totals;
        console.log(
          `Wrote ${path.resolve(flags.out)}: ${t.questions} questions, ${t.answered} answered, ${t.notCovered} not covered in ${data.uncovered.length} topics.`,
        );
      } finally {
        log.close();
      }
    }),
  );

await program.parseAsync();
