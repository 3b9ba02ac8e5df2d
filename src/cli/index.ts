import { Command } from 'commander';
import { stderrLog } from '../log/stderr.js';
import { prepare } from '../prepare.js';
import { configFrom, progressBar, run, withPathFlags, type PathFlags } from './common.js';

const program = withPathFlags(new Command('index'))
  .description('Build or update the index of the notes: only new and changed passages are embedded.')
  .action((flags: PathFlags) =>
    run(async () => {
      const config = configFrom(flags);
      const bar = progressBar('embedding');
      // Unlike `ask`, indexing without the model has nothing to do: fail loudly.
      const { build, notes } = await prepare(config, { log: stderrLog(), onProgress: bar.update, requireModel: true });
      bar.stop();
      if (build!.notSaved) throw new Error(`${build!.notSaved}\nThe index there is unchanged.`);
      const { manifest } = build!.index;
      if (build!.upToDate) {
        console.log(`The index in ${config.indexDir} is up to date: ${manifest.notes} notes, ${manifest.passages} passages.`);
        return;
      }
      if (build!.rebuiltBecause) console.log(`Rebuilt from scratch: ${build!.rebuiltBecause}.`);
      console.log(
        `Indexed ${manifest.notes} notes into ${manifest.passages} passages in ${config.indexDir} with ${manifest.model} ` +
          `(${build!.embedded} embedded, ${build!.reused} unchanged, ${build!.removed} removed; ${notes.broken.length} notes skipped; ` +
          `the sentences of ${build!.sentences.embedded} passages embedded for quoting, of ${build!.sentences.copied} kept).`,
      );
    }),
  );

await program.parseAsync();
