import { Command, InvalidArgumentError } from 'commander';
import { DEFAULT_FETCH } from '../import/http.js';
import { DEFAULT_MAX_PAGES, importSite } from '../import/import.js';
import { stderrLog } from '../log/stderr.js';
import { run } from './common.js';

interface ImportFlags {
  out: string;
  prune?: boolean;
  force?: boolean;
  timeout: number;
  maxPages: number;
  maxSize: number;
  retries: number;
}

function positive(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a number above 0');
  return n;
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
  .option('--force', 'overwrite notes you edited by hand (with --prune, delete them when their post is gone)')
  .option('--timeout <seconds>', 'per request', positive, DEFAULT_FETCH.timeoutMs / 1000)
  .option('--retries <n>', 'attempts after the first for 429, 5xx and network errors', (v) => Math.floor(Number(v)), DEFAULT_FETCH.retries)
  .option('--max-pages <n>', 'listing pages read at most (100 posts each through the API)', positive, DEFAULT_MAX_PAGES)
  .option('--max-size <mb>', 'a page larger than this, decompressed, is not read', positive, DEFAULT_FETCH.maxBytes / 2 ** 20)
  .action((site: string, flags: ImportFlags) =>
    run(async () => {
      const s = await importSite({
        site,
        outDir: flags.out,
        prune: Boolean(flags.prune),
        force: Boolean(flags.force),
        maxPages: Math.floor(flags.maxPages),
        fetch: { ...DEFAULT_FETCH, timeoutMs: flags.timeout * 1000, maxBytes: flags.maxSize * 2 ** 20, retries: Math.max(0, flags.retries || 0) },
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
      if (s.warnings.length > 0) console.log(`  imported with warnings ${s.warnings.length}`);
      for (const w of s.warnings) console.log(`    ${w.url}: ${w.reason}`);
      for (const d of s.sameUrl) console.log(`  note: ${d.own} has the address of the imported ${d.imported}; delete it if it is an older copy`);
      if (flags.prune) console.log(s.pruneSkipped ? `  pruned nothing: ${s.pruneSkipped}` : `  pruned ${s.pruned.length}${list(s.pruned)}`);
      for (const file of s.pruneKept) console.log(`    kept ${file}: its post is gone, but you edited it by hand (--force deletes it)`);
    }),
  );

await program.parseAsync();
