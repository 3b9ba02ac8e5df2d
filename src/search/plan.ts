import { sentenceSpans } from '../notes/sentences.js';
import type { LexicalIndex } from './lexical.js';
import { CONTENT_STOP_WORDS, SEARCH_STOP_WORDS, tokens, type Token } from './tokenize.js';
import { englishNeighbours, isEnglishWord } from './english.js';
import { derivedForms, synonyms } from './wordnet.js';

/**
 * Query understanding, the first stage of a search: what the question asks, in the notes' own
 * terms. A word the notes never write may be a misspelling (matched to their nearest words), a chat
 * spelling ("yrs"), or two words run together ("waterboard"); a long message is searched mostly
 * for the sentence that asks.
 */

/** A word of the question and what a passage may hold in its place, each with how much it counts. */
export interface TermGroup {
  word: string;
  /** How much the word's sentence counts: 1 in the sentence that asks, less in the rest of a long message. */
  weight: number;
  alternatives: Map<string, number>;
}

export interface QueryPlan {
  /** What the keyword search looks for, each term with its weight. */
  terms: Map<string, number>;
  /** The question's content words (stop words left out): what coverage is judged by. */
  groups: TermGroup[];
  /** What the model embeds: the question, or the sentence of a long message that asks. */
  focus: string;
  /** The sentence a long message was searched for, to say so in the answer. */
  focusSentence?: string;
}

export interface PlanTuning {
  /** A misspelling one edit away counts this much of the word it stands for; two edits away, the second. */
  typoWeights: [number, number];
  /** Each half of a run-together pair. */
  splitWeight: number;
  /** What a WordNet synonym of a word, found in the notes, counts (0 turns synonyms off). */
  synonymWeight: number;
  /** What a form WordNet derives from a word ("failure" from "fail"), found in the notes, counts (0 turns them off). */
  derivedWeight: number;
  /** What each word of an acronym's long form counts for the acronym, and the acronym for its long form. */
  acronymWeight: number;
  /** A message longer than this many words is searched mostly for the sentence that asks. */
  longMessageWords: number;
  /** What the other sentences of a long message count. */
  contextWeight: number;
}

export const DEFAULT_PLAN: PlanTuning = {
  typoWeights: [0.7, 0.5],
  splitWeight: 0.8,
  synonymWeight: 0.5,
  derivedWeight: 0.3,
  acronymWeight: 0.5,
  longMessageWords: 40,
  contextWeight: 0.25,
};

/** Everyday chat spellings of words the notes write out. */
const CHAT_WORDS: Readonly<Record<string, string>> = {
  yrs: 'years',
  yr: 'year',
  mo: 'month',
  mos: 'months',
  govt: 'government',
  gov: 'government',
  bc: 'because',
  cuz: 'because',
  b4: 'before',
  w: 'with',
  u: 'you',
  ur: 'your',
  pls: 'please',
  plz: 'please',
  rn: 'now',
  tho: 'though',
  thx: 'thanks',
  info: 'information',
  diff: 'difference',
  approx: 'approximately',
};

/** Numbers, amounts, prefixes and codes are taken as written: "$60" must not become "$80". */
const EXACT = /[\d$€£¥%/]/;

/** The terms of these words (WordNet's synonyms or derived forms of a word) that the notes use. */
function notesTerms(words: readonly string[], lexical: Pick<LexicalIndex, 'has'>): string[] {
  return words.flatMap((s) => tokens(s, CONTENT_STOP_WORDS).flatMap((t) => t.terms.slice(0, 1))).filter((term) => lexical.has(term));
}

/** A word as it is written, with the synonyms the notes use if they do not use it, each weighed `scale` times. */
function asWritten(token: Token, lexical: Pick<LexicalIndex, 'has'>, tuning: PlanTuning, scale = 1): Map<string, number> {
  const word = token.raw.toLowerCase();
  const alternatives = new Map(token.terms.map((t) => [t, scale]));
  if (tuning.synonymWeight > 0 && /^\p{L}{3,}$/u.test(word) && !CONTENT_STOP_WORDS.has(word)) {
    for (const term of notesTerms(synonyms(word), lexical)) if (!alternatives.has(term)) alternatives.set(term, tuning.synonymWeight * scale);
  }
  return alternatives;
}

function expandToken(token: Token, lexical: Pick<LexicalIndex, 'has' | 'vocabulary'>, tuning: PlanTuning): Map<string, number>[] {
  const word = token.raw.toLowerCase();
  // A word the notes use matches as it is; its synonyms would only add noise.
  if (EXACT.test(token.raw) || token.terms.every((t) => lexical.has(t))) return [new Map(token.terms.map((t) => [t, 1]))];
  const chat = CHAT_WORDS[word];
  if (chat) return tokens(chat, CONTENT_STOP_WORDS).map((t) => new Map(t.terms.map((term) => [term, 1])));
  // A short slip of the keys ("teh") means nothing the notes could hold: it is left out.
  if (/^\p{Script=Latin}{1,3}$/u.test(word) && !isEnglishWord(word)) return [];
  // A real word the notes do not use is taken as it is (a paraphrase, or another subject), not "corrected".
  if (!/^\p{L}{4,}$/u.test(word) || isEnglishWord(word)) return [asWritten(token, lexical, tuning)];
  // Two of the notes' words run together ("waterboard"): each half counts.
  for (let cut = 3; cut <= word.length - 3; cut++) {
    const left = lexical.vocabulary.term(word.slice(0, cut));
    const right = lexical.vocabulary.term(word.slice(cut));
    if (left && right) return [new Map([[left, tuning.splitWeight]]), new Map([[right, tuning.splitWeight]])];
  }
  // A misspelling: the notes' nearest words, one edit away for a short word, two for a long one;
  // unless an English word is nearer ("goverment" is "government", not the notes' "movement"),
  // which then counts as a word the notes do not use.
  const near = lexical.vocabulary.near(word, word.length >= 8 ? 2 : 1);
  const meant = near[0]?.distance === 1 ? undefined : englishNeighbours(word)[0];
  if (meant) return [asWritten(tokens(meant)[0]!, lexical, tuning, tuning.typoWeights[0])];
  if (near.length === 0) return [asWritten(token, lexical, tuning)];
  const closest = near.filter((n) => n.distance === near[0]!.distance).slice(0, 3);
  const weight = tuning.typoWeights[Math.min(closest[0]!.distance, 2) - 1]!;
  return [new Map(closest.map((n) => [lexical.vocabulary.term(n.word)!, weight]))];
}

/** How much a sentence of a long message looks like what it asks. */
function askingScore(sentence: string): number {
  let score = 0;
  if (/\?\s*$/.test(sentence)) score += 3;
  if (/[\d$%"“]/.test(sentence)) score += 1;
  if (/^\s*(hi|hey|hello|thanks|thank you|cheers|lol|ok|so)\b[\s,!.]*$/i.test(sentence)) score -= 3;
  if (/\b(i think|honestly|genuinely|not trying|just curious|in advance|any help)\b/i.test(sentence)) score -= 1;
  return score;
}

/** "I'd honestly like to know: does the Board have that power?" asks what follows the colon. */
function splitAtAskingColon(sentence: string): string[] {
  const asked = /^(.+?:)\s+([^:]+\?\s*)$/su.exec(sentence);
  return asked ? [asked[1]!, asked[2]!] : [sentence];
}

/** How many of a sentence's content words the notes use. */
function notesWordCount(sentence: string, lexical: Pick<LexicalIndex, 'has'>): number {
  return tokens(sentence).filter((t) => !CONTENT_STOP_WORDS.has(t.raw.toLowerCase()) && t.terms.some((term) => lexical.has(term))).length;
}

/** An asking sentence that points back ("Is that true?", "Can they really do that?")… */
const REFERS_BACK = /\b(that|this|it|they|them|those|these)\b/i;
/** …with fewer of the notes' words than this asks about what an earlier sentence said. */
const LEANS_ON = 4;

/** The sentences of a question, each with what it counts: all alike for a short one. */
function weighSentences(question: string, lexical: Pick<LexicalIndex, 'has'>, tuning: PlanTuning): { text: string; weight: number }[] {
  const words = question.trim().split(/\s+/).length;
  const sentences = sentenceSpans(question).flatMap((s) => splitAtAskingColon(question.slice(s.start, s.end)));
  if (words <= tuning.longMessageWords || sentences.length < 2) return [{ text: question, weight: 1 }];
  const scores = sentences.map(askingScore);
  const best = Math.max(...scores);
  const weighed = sentences.map((text, i) => ({ text, weight: scores[i] === best ? 1 : tuning.contextWeight }));
  // What it leans on is the earlier sentence with the most of the notes' words, if it has enough.
  const counts = sentences.map((text) => notesWordCount(text, lexical));
  weighed.forEach(({ text, weight }, i) => {
    if (weight !== 1 || counts[i]! >= LEANS_ON || !REFERS_BACK.test(text)) return;
    let earlier = -1;
    for (let j = 0; j < i; j++) if (counts[j]! >= LEANS_ON && (earlier < 0 || counts[j]! >= counts[earlier]!)) earlier = j;
    if (earlier >= 0) weighed[earlier]!.weight = 1;
  });
  return weighed;
}

/**
 * Acronyms the notes define, both ways: an acronym asked stands for its long form's words, and a
 * long form asked (all its words in the question) for its acronym.
 */
function addAcronyms(groups: TermGroup[], terms: Map<string, number>, acronyms: ReadonlyMap<string, string[]>, weight: number): void {
  const asked = new Set(groups.flatMap((g) => [...g.alternatives.keys()]));
  for (const group of groups) {
    for (const term of [...group.alternatives.keys()]) {
      for (const longTerm of acronyms.get(term) ?? []) {
        if (!group.alternatives.has(longTerm)) group.alternatives.set(longTerm, weight);
        terms.set(longTerm, Math.max(terms.get(longTerm) ?? 0, weight * group.weight));
      }
    }
  }
  for (const [acronym, long] of acronyms) {
    if (asked.has(acronym) || !long.every((t) => asked.has(t))) continue;
    terms.set(acronym, Math.max(terms.get(acronym) ?? 0, weight));
    for (const group of groups) if (long.some((t) => group.alternatives.has(t))) group.alternatives.set(acronym, weight);
  }
}

/** What the model embeds of a question: the question, or a long message's sentences that ask. */
export function focusOf(question: string, lexical: Pick<LexicalIndex, 'has'>, tuning: PlanTuning = DEFAULT_PLAN): string {
  return focusText(weighSentences(question, lexical, tuning));
}

const focusText = (sentences: { text: string; weight: number }[]) =>
  sentences
    .filter((s) => s.weight === 1)
    .map((s) => s.text)
    .join(' ');

export function planQuery(
  question: string,
  lexical: Pick<LexicalIndex, 'has' | 'vocabulary' | 'acronyms' | 'idf'>,
  tuning: PlanTuning = DEFAULT_PLAN,
): QueryPlan {
  const sentences = weighSentences(question, lexical, tuning);
  const terms = new Map<string, number>();
  const groups: TermGroup[] = [];
  const seen = new Map<string, TermGroup>();
  for (const { text, weight } of sentences) {
    const list = tokens(text);
    list.forEach((token, i) => {
      const searchable = token.terms.filter((t) => !SEARCH_STOP_WORDS.has(t));
      if (searchable.length === 0) return;
      const content = !CONTENT_STOP_WORDS.has(token.raw.toLowerCase());
      const expanded = expandToken(token, lexical, tuning);
      // The same word in another part of speech ("failure" for "fail"), which stemming does not
      // reach: for every word, the notes' own too, since its meaning does not drift as a synonym's
      // may. A rarer form never outweighs the word itself: its weight times its IDF stays within the
      // word's own IDF (a note repeating "registry" thousands of times made "register" count more).
      if (content && tuning.derivedWeight > 0 && expanded[0] && /^\p{L}{3,}$/u.test(token.raw)) {
        const own = Math.max(...token.terms.map(lexical.idf));
        for (const term of notesTerms(derivedForms(token.raw), lexical)) {
          if (!expanded[0].has(term)) expanded[0].set(term, Math.min(tuning.derivedWeight, own / lexical.idf(term)));
        }
      }
      // Two short tokens the notes write as one ("ip v6" for "IPv6").
      const next = list[i + 1];
      if (next && token.raw.length <= 3 && next.raw.length <= 3) {
        const joined = `${token.raw}${next.raw}`.toLowerCase();
        if (lexical.has(joined)) expanded.push(new Map([[joined, 1]]));
      }
      for (const alternatives of expanded) {
        for (const [term, w] of alternatives) terms.set(term, Math.max(terms.get(term) ?? 0, w * weight));
        if (!content) continue;
        const key = [...alternatives.keys()].join('|');
        const group = seen.get(key);
        if (group) group.weight = Math.max(group.weight, weight);
        else {
          const added: TermGroup = { word: token.raw, weight, alternatives };
          seen.set(key, added);
          groups.push(added);
        }
      }
    });
  }
  if (tuning.acronymWeight > 0) addAcronyms(groups, terms, lexical.acronyms, tuning.acronymWeight);
  const focus = focusText(sentences);
  return { terms, groups, focus, ...(sentences.length > 1 ? { focusSentence: focus } : {}) };
}
