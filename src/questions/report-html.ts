import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { ReportData } from './report.js';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const date = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** A Vega-Lite chart drawn to SVG in Node: the page carries it inline, with no script to run. */
async function svg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  const drawn = await view.toSVG();
  view.finalize();
  return drawn;
}

const FONT = { font: 'system-ui, sans-serif', labelFont: 'system-ui, sans-serif', titleFont: 'system-ui, sans-serif' };

function perDayChart(data: ReportData): Promise<string> {
  const values = data.perDay.flatMap((d) => [
    { day: d.day, kind: 'answered', questions: d.answered },
    { day: d.day, kind: 'not covered', questions: d.notCovered },
  ]);
  return svg({
    width: 640,
    height: 220,
    config: { ...FONT, axis: FONT, legend: FONT },
    data: { values },
    mark: { type: 'bar', tooltip: true },
    encoding: {
      x: { field: 'day', type: 'ordinal', title: null, axis: { labelAngle: -45 } },
      y: { field: 'questions', type: 'quantitative', title: 'questions', stack: true, axis: { tickMinStep: 1, format: 'd' } },
      color: { field: 'kind', type: 'nominal', title: null, scale: { domain: ['answered', 'not covered'], range: ['#2b6cb0', '#d69e2e'] } },
    },
  });
}

function quotedChart(data: ReportData): Promise<string> {
  return svg({
    width: 480,
    height: { step: 22 },
    config: { ...FONT, axis: FONT },
    data: { values: data.quoted.map((q) => ({ note: q.title.length > 60 ? `${q.title.slice(0, 57)}…` : q.title, times: q.times })) },
    mark: { type: 'bar', color: '#2b6cb0' },
    encoding: {
      y: { field: 'note', type: 'nominal', sort: '-x', title: null, axis: { labelLimit: 320 } },
      x: { field: 'times', type: 'quantitative', title: 'times quoted in an answer', axis: { tickMinStep: 1, format: 'd' } },
    },
  });
}

/**
 * The report as one self-contained HTML page: counts, questions per day, the notes quoted most,
 * the questions the notes do not cover grouped by meaning, and the answers voted unhelpful with
 * what people wrote. Every question is escaped: people typed them.
 */
export async function reportHtml(data: ReportData): Promise<string> {
  const t = data.totals;
  const share = (n: number) => (t.questions > 0 ? `${Math.round((100 * n) / t.questions)}%` : '–');
  const uncovered = data.uncovered.map(
    (g) =>
      `<li><strong>${g.count} ${g.count === 1 ? 'question' : 'questions'}</strong> like “${escapeHtml(g.example)}”${
        g.others.length > 0 ? `<div class="more">also: ${g.others.map((o) => `“${escapeHtml(o)}”`).join(', ')}</div>` : ''
      }</li>`,
  );
  const unhelpful = data.unhelpful.map(
    (u) =>
      `<tr><td class="date">${date(u.at)}</td><td>${escapeHtml(u.question)}</td><td>${escapeHtml(u.firstTitle ?? '–')}</td><td>${u.comment ? escapeHtml(u.comment) : '<span class="none">no comment</span>'}</td></tr>`,
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>notes-bot report, ${date(data.since)} to ${date(data.until)}</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 880px; margin: 2rem auto; padding: 0 1rem; color: #1a202c; line-height: 1.45; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; } h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #e2e8f0; padding-bottom: 0.3rem; }
.period { color: #4a5568; margin-top: 0; }
.totals { display: flex; flex-wrap: wrap; gap: 0.75rem; } .total { background: #f7fafc; border: 1px solid #e2e8f0; border-radius: 6px; padding: 0.5rem 0.9rem; }
.total b { display: block; font-size: 1.4rem; }
ol.topics li { margin-bottom: 0.6rem; } .more { color: #4a5568; font-size: 0.9rem; }
table { border-collapse: collapse; width: 100%; font-size: 0.92rem; } td, th { text-align: left; vertical-align: top; padding: 0.35rem 0.5rem; border-bottom: 1px solid #edf2f7; }
.none { color: #a0aec0; } .date { white-space: nowrap; } figure { margin: 0; } svg { max-width: 100%; height: auto; }
</style></head><body>
<h1>What people asked the notes</h1>
<p class="period">${date(data.since)} to ${date(data.until)}${data.guild ? `, server ${escapeHtml(data.guild)}` : ', all servers'}</p>
<div class="totals">
<div class="total"><b>${t.questions}</b>questions</div>
<div class="total"><b>${t.answered}</b>answered (${share(t.answered)})</div>
<div class="total"><b>${t.notCovered}</b>not covered (${share(t.notCovered)})</div>
<div class="total"><b>${t.weak}</b>weak answers</div>
<div class="total"><b>${t.helpful} / ${t.unhelpful}</b>votes helpful / not</div>
</div>
<h2>What to write next: questions the notes do not cover</h2>
${uncovered.length > 0 ? `<ol class="topics">${uncovered.join('\n')}</ol>` : '<p class="none">Every question was answered.</p>'}
<h2>Questions per day</h2>
<figure>${data.perDay.length > 0 ? await perDayChart(data) : '<p class="none">No questions in this period.</p>'}</figure>
<h2>The notes quoted most</h2>
<figure>${data.quoted.length > 0 ? await quotedChart(data) : '<p class="none">No answers in this period.</p>'}</figure>
<h2>Answers voted unhelpful</h2>
${unhelpful.length > 0 ? `<table><thead><tr><th>date</th><th>question</th><th>first passage from</th><th>what they were looking for</th></tr></thead><tbody>${unhelpful.join('\n')}</tbody></table>` : '<p class="none">None.</p>'}
</body></html>
`;
}
