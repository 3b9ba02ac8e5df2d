/**
 * GENERATED test data for benchmarks: notes of made-up sentences over a small vocabulary,
 * deterministic for a seed, sized to give about the number of passages asked for.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

const WORDS = (
  'registry ledger holder share water board member vote rule price market value asset scarcity transfer lender bank loan ' +
  'season river flow channel keeper copy record fee cost plan failure risk office county family seat contract schedule ' +
  'authority power property permission deed orchard farm crop harvest storm flood archive database report ratio figure ' +
  'meeting dinner travel budget reserve loss repair pier ferry crossing timetable harbour dock crew engine maintenance'
).split(' ');
const GLUE = 'the a of to and in that is for on with as by from at was it not but or'.split(' ');

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sentence(random: () => number): string {
  const n = 10 + Math.floor(random() * 12);
  const words = Array.from({ length: n }, (_, i) => {
    if (random() < 0.06) return String(Math.floor(random() * 5000));
    return random() < 0.35 && i > 0 ? GLUE[Math.floor(random() * GLUE.length)]! : WORDS[Math.floor(random() * WORDS.length)]!;
  });
  const text = words.join(' ');
  return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
}

const PASSAGES_PER_NOTE = 8;

/** Writes about `passages` passages' worth of notes into dir; returns the number of notes. */
export async function generateCorpus(dir: string, passages: number, seed = 1): Promise<number> {
  const random = prng(seed);
  const notes = Math.max(1, Math.round(passages / PASSAGES_PER_NOTE));
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'README.txt'), "GENERATED benchmark corpus: made-up sentences, not anybody's writing.\n");
  for (let n = 0; n < notes; n++) {
    const sections = Array.from({ length: 4 }, (_, s) => {
      // Two paragraphs of ~110 words a section: the chunker makes about two passages of them.
      const paragraphs = Array.from({ length: 2 }, () => Array.from({ length: 7 }, () => sentence(random)).join(' '));
      return `## Section ${s + 1}\n\n${paragraphs.join('\n\n')}`;
    });
    await writeFile(
      path.join(dir, `generated-${n}.md`),
      `---\ntitle: Generated note ${n}\ndate: 2024-01-01\ngenerated: true\n---\n\n${sections.join('\n\n')}\n`,
    );
  }
  return notes;
}

/** Questions for timing: a few words of a random sentence, as people type them. */
export function sampleQuestions(count: number, seed = 7): string[] {
  const random = prng(seed);
  return Array.from({ length: count }, () => sentence(random).split(' ').slice(0, 6).join(' ').replace(/\.$/, '') + '?');
}
