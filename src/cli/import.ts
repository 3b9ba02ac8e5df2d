import { Command, InvalidArgumentError } from 'commander';
import { DEFAULT_FETCH } from '../import/http.js';
import { importSite } from '../import/import.js';
import { stderrLog } from '../log/stderr.js';
import { run } from './common.js';

interface ImportFlags {
  out: string;
  prune?: boolean;
  force?: boolean;
  timeout: number;
}

function siteUrl(value: string): string {
  try {
    const url = new URL(value);
    if (!/^https?:$/.test(url.protocol)) throw new Error();
    return url.href;
  } catch {
    throw new InvalidArgumentError('expected the site address, e.g. https://dev.heng.lu/');
  }
}

const program = new Command('import')
  .description("Import a WordPress site's posts as Markdown notes (REST API, else feed, else sitemap)")
  .argument('<site-url>', 'the site, e.g. https://dev.heng.lu/', siteUrl)
  .option('--out <dir>', 'folder for the notes', process.env.NOTES_DIR || 'notes')
  .option('--prune', 'delete imported notes whose post is gone (never after an incomplete listing)')
  .option('--force', 'overwrite notes you edited by hand')
  .option('--timeout <seconds>', 'per request', (v) => Number(v), DEFAULT_FETCH.timeoutMs / 1000)
  .action((site: string, flags: ImportFlags) =>
    run(async () => {
      const s = await importSite({
        site,
        outDir: flags.out,
        prune: Boolean(flags.prune),
        force: Boolean(flags.force),
        fetch: { ...DEFAULT_FETCH, timeoutMs: flags.timeout * 1000 },
        log: stderrLog(),
      });
      const list = (files: string[]) => (files.length > 0 ? `: ${files.join(', ')}` : '');
      console.log(`Imported from ${site} through the ${s.source} into ${flags.out}:`);
      console.log(`  added ${s.added.length}${list(s.added)}`);
      console.log(`  updated ${s.updated.length}${list(s.updated)}`);
      console.log(`  unchanged ${s.unchanged.length}`);
      console.log(`  skipped ${s.kept.length} edited by hand${s.kept.length > 0 ? ' (--force overwrites them)' : ''}`);
      for (const k of s.kept) console.log(`    ${k.file}${k.upstreamChanged ? ': its post changed upstream too' : ''}`);
      console.log(`  failed ${s.failed.length}`);
      for (const f of s.failed) console.log(`    ${f.url}: ${f.reason}`);
      for (const d of s.sameUrl) console.log(`  note: ${d.own} has the address of the imported ${d.imported}; delete it if it is an older copy`);
      if (flags.prune) console.log(s.pruneSkipped ? `  pruned nothing: ${s.pruneSkipped}` : `  pruned ${s.pruned.length}${list(s.pruned)}`);
    }),
  );

await program.parseAsync();
