import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { Command, InvalidArgumentError, Option } from 'commander';
import { answerQuestion, type Answer } from '../answer/answer.js';
import { describeQuestionProblem, questionProblem } from '../answer/question.js';
import { renderAnswerText } from '../answer/render-text.js';
import { stderrLog } from '../log/stderr.js';
import { prepare } from '../prepare.js';
import type { SearchEngine } from '../search/engine.js';
import { configFrom, progressBar, run, withPathFlags, type PathFlags } from './common.js';

const log = stderrLog();

interface AskFlags extends PathFlags {
  json?: boolean;
  queries?: string;
  k: number;
  perNote: number;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of 1 or more');
  return n;
}

/** The compact form of an answer that --queries prints, one line per question. */
function queryLine(id: unknown, answer: Answer): string {
  const results = answer.results.map(({ url, title, heading, text, quote, score }) => ({ url, title, heading, text, quote, score }));
  return JSON.stringify({ id, answered: answer.answered, results });
}

async function answerFile(engine: SearchEngine, file: string, flags: AskFlags): Promise<void> {
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  let lineNo = 0;
  for await (const line of lines) {
    lineNo++;
    if (line.trim() === '') continue;
    let query: { id?: unknown; question?: unknown };
    try {
      query = JSON.parse(line) as typeof query;
    } catch {
      log.warn(`${file}:${lineNo}: not valid JSON; skipped`);
      continue;
    }
    const problem = typeof query.question === 'string' ? questionProblem(query.question) : undefined;
    if (typeof query.question !== 'string' || problem) {
      log.warn(`${file}:${lineNo}: question: ${problem ? describeQuestionProblem(problem) : 'missing or not a string'}`);
      console.log(JSON.stringify({ id: query.id ?? null, answered: false, results: [] }));
      continue;
    }
    console.log(queryLine(query.id ?? null, await answerQuestion(engine, query.question, { k: flags.k, perNote: flags.perNote })));
  }
}

const program = withPathFlags(new Command('ask'))
  .description('Answer a question by quoting the notes; builds or updates the index first if needed.')
  .argument('[question...]', 'the question, e.g. "do registries have legal authority?"')
  .option('--json', 'print the answer as JSON')
  .option('--queries <file>', 'answer every {"id", "question"} JSON line of a file, one JSON line each')
  .addOption(new Option('--k <n>', 'how many passages to return').default(5).argParser(positiveInt))
  .addOption(new Option('--per-note <n>', 'how many of the top five may come from one note').default(2).argParser(positiveInt))
  .action((words: string[], flags: AskFlags) =>
    run(async () => {
      const question = words.join(' ');
      if (!flags.queries) {
        const problem = questionProblem(question);
        if (problem) throw new Error(`${describeQuestionProblem(problem)}\nUsage: npm run ask -- "your question"`);
      }
      const config = configFrom(flags);
      const bar = progressBar('indexing');
      const { engine, fallback } = await prepare(config, { log, onProgress: bar.update });
      bar.stop();
      if (flags.queries) return answerFile(engine, flags.queries, flags);
      const answer = await answerQuestion(engine, question, { k: flags.k, perNote: flags.perNote });
      console.log(flags.json ? JSON.stringify(answer, null, 2) : renderAnswerText(answer, fallback?.to));
    }),
  );

await program.parseAsync();
