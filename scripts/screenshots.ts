/**
 * Pictures of what people see: `npm run screenshots [-- --notes DIR] [--out docs/images]`.
 * Runs the real bot against the fake Discord of the tests, sends an /ask, a /quote, a /claim and
 * a question the notes do not cover, captures the payloads Discord would receive, draws them the
 * way Discord's dark theme does (desktop, an 800 px message column, and a 380 px phone) and takes
 * headless screenshots with Debian's chromium through playwright-core; and the author's report over
 * the fixture question log. A development tool: not part of CI (it needs `apt install chromium
 * fonts-noto-cjk`).
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Command } from 'commander';
import { parse } from 'discord-markdown-parser';
import { ButtonStyle, type APIActionRowComponent, type APIButtonComponent, type APIEmbed } from 'discord.js';
import { chromium } from 'playwright-core';
import { readConfig } from '../src/config.js';
import { BUNDLED_MODEL_DIR } from '../src/embed/bundled.js';
import { silentLog } from '../src/log/log.js';
import { prepare } from '../src/prepare.js';
import { reportData } from '../src/questions/report.js';
import { reportHtml } from '../src/questions/report-html.js';
import { FakeDiscord, nextId, slashCommand, type SentInteraction } from '../tests/support/fake-discord.js';
import { tempDir } from '../tests/support/paths.js';
import { fixtureLog } from '../tests/support/question-log.js';
import { startTestBot } from '../tests/support/test-bot.js';

/** A node of discord-markdown-parser's tree: text, or a container of more nodes, or a timestamp. */
interface MarkdownNode {
  type: string;
  content?: string | MarkdownNode[];
  timestamp?: string;
  format?: string;
}

/** A message as the bot sends it. */
interface Payload {
  content?: string;
  embeds?: APIEmbed[];
  components?: APIActionRowComponent<APIButtonComponent>[];
}

const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

function timestamp(seconds: string, format: string): string {
  if (format === 'R') return 'in 5 seconds';
  return new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(Number(seconds) * 1000));
}

const TAGS: Record<string, [string, string]> = {
  strong: ['<strong>', '</strong>'],
  em: ['<em>', '</em>'],
  link: ['<a>', '</a>'],
  url: ['<a>', '</a>'],
  autolink: ['<a>', '</a>'],
  subtext: ['<div class="subtext">', '</div>'],
  blockQuote: ['<blockquote>', '</blockquote>'],
  inlineCode: ['<code>', '</code>'],
};

/** Discord's Markdown, drawn as Discord draws it (the parts the bot uses). */
function render(nodes: MarkdownNode[]): string {
  return nodes
    .map((n) => {
      if (n.type === 'br') return '<br>';
      if (n.type === 'timestamp') return `<span class="timestamp">${timestamp(n.timestamp ?? '0', n.format ?? 'D')}</span>`;
      if (n.type === 'user') return '<span class="mention">@reader</span>';
      const inner = typeof n.content === 'string' ? escapeHtml(n.content) : render(n.content ?? []);
      const [open, close] = TAGS[n.type] ?? ['', ''];
      return `${open}${inner}${close}`;
    })
    .join('');
}

const markdown = (text: string) => render(parse(text, 'extended'));

function embedHtml(e: APIEmbed): string {
  const color = `#${(e.color ?? 0x1e1f22).toString(16).padStart(6, '0')}`;
  const title = e.title ? `<div class="embed-title">${e.url ? `<a>${escapeHtml(e.title)}</a>` : escapeHtml(e.title)}</div>` : '';
  const description = e.description ? `<div class="embed-description">${markdown(e.description)}</div>` : '';
  const fields = (e.fields ?? []).map((f) => `<div class="field"><div class="field-value">${markdown(f.value)}</div></div>`).join('');
  const footer = e.footer ? `<div class="embed-footer">${escapeHtml(e.footer.text)}</div>` : '';
  return `<div class="embed" style="border-left-color:${color}">${title}${description}${fields}${footer}</div>`;
}

function buttonsHtml(rows: APIActionRowComponent<APIButtonComponent>[]): string {
  return rows
    .map(
      (row) =>
        `<div class="buttons">${row.components
          .map(
            (b) =>
              `<span class="button ${b.style === ButtonStyle.Primary ? 'primary' : 'secondary'}${b.disabled ? ' disabled' : ''}">${escapeHtml('label' in b ? (b.label ?? '') : '')}</span>`,
          )
          .join('')}</div>`,
    )
    .join('');
}

const CSS = `
body { margin: 0; background: #313338; font-family: "gg sans", "Noto Sans", "Helvetica Neue", Helvetica, Arial, sans-serif; color: #dbdee1; }
.message { display: flex; gap: 16px; padding: 16px; }
.avatar { width: 40px; height: 40px; border-radius: 50%; background: #2b6cb0; flex: none; display: grid; place-items: center; color: white; font-weight: 700; }
.body { min-width: 0; flex: 1; }
.header { margin-bottom: 2px; }
.name { color: #f2f3f5; font-weight: 600; }
.app { background: #5865f2; color: white; font-size: 10px; font-weight: 600; padding: 1px 4px; border-radius: 3px; margin: 0 4px; vertical-align: 2px; }
.time { color: #949ba4; font-size: 12px; }
.content { font-size: 16px; line-height: 1.375; overflow-wrap: anywhere; }
a { color: #00a8fc; text-decoration: none; }
strong { color: #f2f3f5; }
.subtext { font-size: 13px; color: #949ba4; line-height: 1.3; }
.timestamp { background: rgba(78, 80, 88, 0.48); border-radius: 3px; padding: 0 2px; }
.mention { background: rgba(88, 101, 242, 0.3); color: #c9cdfb; border-radius: 3px; padding: 0 2px; }
code { background: #2b2d31; border-radius: 3px; padding: 0 3px; font-size: 14px; }
blockquote { margin: 0; padding-left: 12px; border-left: 4px solid #4e5058; }
.embed { background: #2b2d31; border-left: 4px solid; border-radius: 4px; padding: 8px 16px 12px 12px; margin-top: 8px; max-width: 516px; font-size: 14px; line-height: 1.375; }
.embed-title { font-weight: 600; font-size: 16px; margin: 4px 0 6px; }
.embed-description { overflow-wrap: anywhere; }
.field { margin-top: 8px; }
.embed-footer { margin-top: 8px; font-size: 12px; color: #b5bac1; }
.buttons { display: flex; flex-wrap: wrap; gap: 8px; margin-top: 8px; }
.button { border-radius: 3px; padding: 2px 16px; height: 32px; line-height: 32px; font-size: 14px; font-weight: 500; color: white; }
.button.secondary { background: #4e5058; } .button.primary { background: #5865f2; } .button.disabled { opacity: 0.5; }
.ephemeral { font-size: 12px; color: #949ba4; margin-top: 4px; }
.ephemeral a { color: #00a8fc; }
`;

function messageHtml(payload: Payload, ephemeral: boolean): string {
  const content = payload.content ? `<div class="content">${markdown(payload.content)}</div>` : '';
  const embeds = (payload.embeds ?? []).map(embedHtml).join('');
  const eye =
    '<svg width="14" height="10" viewBox="0 0 24 16" style="vertical-align:-1px"><path fill="#949ba4" d="M12 0C6 0 1.7 4 0 8c1.7 4 6 8 12 8s10.3-4 12-8c-1.7-4-6-8-12-8zm0 13a5 5 0 110-10 5 5 0 010 10zm0-8a3 3 0 100 6 3 3 0 000-6z"/></svg>';
  const note = ephemeral ? `<div class="ephemeral">${eye} Only you can see this • <a>Dismiss message</a></div>` : '';
  return `<!doctype html><meta charset="utf-8"><style>${CSS}</style><div class="message"><div class="avatar">N</div><div class="body">
<div class="header"><span class="name">notes-bot</span><span class="app">APP</span><span class="time">Today at 12:00</span></div>
${content}${embeds}${buttonsHtml(payload.components ?? [])}${note}</div></div>`;
}

const program = new Command('screenshots')
  .option('--notes <dir>', 'the notes to answer from', 'notes')
  .option('--out <dir>', 'where the pictures go', 'docs/images')
  .action(async (flags: { notes: string; out: string }) => {
    const config = readConfig({}, { NOTES_DIR: flags.notes, INDEX_DIR: await tempDir(), EMBEDDING_MODEL: BUNDLED_MODEL_DIR });
    const { engine, notes } = await prepare(config, { log: silentLog });
    const fake = await new FakeDiscord().start();
    const bot = await startTestBot(fake, { engine: () => engine, notes: () => notes.notes });
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    try {
      const reader = { id: nextId(), username: 'reader' };
      const ipv4 = notes.notes.find((n) => n.title.includes('$60')) ?? notes.notes[0]!;
      const shots: [string, SentInteraction, boolean][] = [
        ['answer', slashCommand(reader, 'ask', [{ name: 'question', type: 3, value: 'do registries have legal authority?' }]), true],
        ['quote', slashCommand(reader, 'quote', [{ name: 'note', type: 3, value: ipv4.id }]), false],
        ['claim', slashCommand(reader, 'claim', [{ name: 'text', type: 3, value: 'IPv4 could be worth $60 trillion' }]), true],
        ['not-covered', slashCommand(reader, 'ask', [{ name: 'question', type: 3, value: 'What is the best recipe for sourdough bread?' }]), true],
        ['answer-zh', slashCommand({ ...reader, locale: 'zh-CN' }, 'ask', [{ name: 'question', type: 3, value: 'why is IPv4 worth so much?' }]), true],
      ];
      await mkdir(flags.out, { recursive: true });
      for (const [name, interaction, ephemeral] of shots) {
        await fake.send(interaction);
        const payload = (await fake.edited(interaction, 30_000)).body as Payload;
        for (const [device, width] of [
          ['desktop', 800],
          ['phone', 380],
        ] as const) {
          const page = await browser.newPage({ viewport: { width, height: 200 }, deviceScaleFactor: 1 });
          await page.setContent(messageHtml(payload, ephemeral));
          await page.screenshot({ path: path.join(flags.out, `${name}-${device}.png`), fullPage: true });
          await page.close();
        }
        process.stderr.write(`${name}: ${path.join(flags.out, `${name}-desktop.png`)}, ${name}-phone.png\n`);
      }
      // The author's report, over the fixture question log (invented test data).
      const { log } = await fixtureLog();
      const data = await reportData(log, { since: Date.now() - 14 * 86_400_000, embedder: engine.embedder });
      log.close();
      const page = await browser.newPage({ viewport: { width: 960, height: 800 } });
      await page.setContent(await reportHtml(data));
      await page.screenshot({ path: path.join(flags.out, 'report.png'), fullPage: true });
      await page.close();
      process.stderr.write(`report: ${path.join(flags.out, 'report.png')}\n`);
    } finally {
      await browser.close();
      await bot.stop();
      await fake.stop();
    }
  });

await program.parseAsync();
