import type { Passage } from '../notes/passages.js';
import { DEFAULT_PART_SIZES, partRanges, type PartSizes } from '../index/parts.js';
import { Bm25Index, buildBm25Segment, idfOf, position, segmentImpacts, type Bm25Document, type Bm25Scores, type Bm25Segment } from './bm25.js';
import { CONTENT_STOP_WORDS, termsOf, tokens } from './tokenize.js';
import { acronymsIn, mergeAcronyms } from './acronyms.js';
import { shared, sharedInt32 } from './shared-arrays.js';
import { Vocabulary } from './vocabulary.js';

/** What only holds for some of a passage's terms: `has`, nothing to iterate. */
export interface TermSet {
  has(term: string): boolean;
}

export interface LexicalIndex {
  /** BM25 scores of the passages that share a term with the query (a text, or terms with their weights), by passage position. */
  search(query: string | Map<string, number>): Bm25Scores;
  /** Inverse document frequency of a content term; a term no passage has gets the highest. */
  idf: (term: string) => number;
  /** Whether any passage holds the term. */
  has(term: string): boolean;
  /** The distinct content terms of passage i, title and headings included (see contentTerms). */
  termsOf(i: number): TermSet;
  /** The passages whose content terms include all of these (none given: none). */
  withAll(terms: readonly string[]): number[];
  /** The notes' words as written, for matching a question's misspellings. */
  readonly vocabulary: Vocabulary;
  /** The acronyms the notes define, by term, with their long forms' terms ("rir" → region, internet, registri). */
  readonly acronyms: ReadonlyMap<string, string[]>;
}

/**
 * A part of the keyword index: the arrays of a run of whole notes (parts.ts's ranges, those the
 * index's files are cut in), which a changed note makes anew while the others are kept. Term and
 * word ids are the index's dictionary's.
 */
export interface LexicalSegment {
  bm25: Bm25Segment;
  /** Passage i's content term ids, ascending: contentIds from contentStarts[i] to contentStarts[i + 1]. */
  contentStarts: Int32Array;
  contentIds: Int32Array;
  /** Its distinct content terms, ascending, and how many of its passages hold each. */
  contentTerms: Int32Array;
  contentCounts: Int32Array;
  /** Its words as written, each followed by the term it stands for: a word once, with the last passage's say. */
  words: Int32Array;
  /** The acronyms its passages define, passage by passage (mergeAcronyms keeps the first). */
  acronyms: [string, string[]][];
}

/**
 * The keyword index as plain arrays and strings: what is stored on disk and handed from the
 * indexing thread to the answering one, so that neither parses or tokenizes passages to load it.
 */
export interface LexicalData {
  /** The dictionary: terms and words as written, by id; some no passage holds any more, until it is compacted. */
  strings: string[];
  /** The passages' arrays, segment by segment, in order. */
  segments: LexicalSegment[];
  /**
   * The average weighted length of a passage that every segment's BM25 impacts are worked out
   * with: kept while the passages' own average stays within AVERAGE_DRIFT of it, so that a changed
   * note does not change every segment.
   */
  averageLength: number;
  /** By id, how many passages hold the term: as a search term (BM25), and as a content term. */
  df: Int32Array;
  contentDf: Int32Array;
  /** The notes' words as written (ids), in order of first appearance, and the term each stands for. */
  wordIds: Int32Array;
  wordTerms: Int32Array;
  acronyms: [string, string[]][];
}

export interface LexicalOptions {
  titleBoost: number;
  headingBoost: number;
}

export const DEFAULT_LEXICAL: LexicalOptions = { titleBoost: 1.5, headingBoost: 1.5 };

/** A few megabytes of strings: small corpora never compact. */
const COMPACT_SLACK = 10_000;

/**
 * How far the passages' average length may drift from the one the segments were built with
 * before every segment's impacts are worked out again (BM25's length normalisation moves by about
 * b × the drift: 1.4% at most).
 */
export const AVERAGE_DRIFT = 0.02;

/**
 * A segment as built, and what it was built from: reused while all of that holds. Its passages
 * are known by id (a hash of what is tokenized), not held: their objects, their text and their
 * terms would otherwise stay alive through a re-index of every note (50 MB more at the peak at
 * 10,000 passages).
 */
interface BuiltSegment {
  ids: readonly string[];
  dictionary: Dictionary;
  titleBoost: number;
  headingBoost: number;
  /** The average length its impacts were worked out with. */
  averageLength: number;
  /** Its passages' lengths added up. */
  lengthSum: number;
  segment: LexicalSegment;
}

/**
 * How many of the segments built last keep their passages' terms: a note edited again lies in
 * one of them, and its segment is then built without tokenizing anything but the note.
 */
const RECENT_SEGMENTS = 4;

/**
 * What the keyword index keeps between builds. Terms and words get ids that stay the same from
 * one build to the next; the ids of strings no passage holds any more are dropped once they
 * outnumber the live ones. The last build's segments are kept by their first passage: a segment
 * whose passages are the same (by id) is not built again (one note changed at 100,000 passages
 * rebuilt every posting in 1.2 s; a segment of 550 passages takes a few milliseconds). Only the
 * passages of the segments built last keep their terms (about 3 KB a passage): every passage's
 * made 30 MB at 10,000 passages, and tokenizing a part's passages again costs tens of
 * milliseconds.
 */
export class TermCache {
  private dictionary = new Dictionary();
  private segments = new Map<string, BuiltSegment>();
  private recent: { ids: readonly string[]; terms: readonly PassageTerms[] }[] = [];
  private recentTerms = new Map<string, PassageTerms>();
  private average: number | undefined;

  /** @param slack how many strings may go unused before a compaction, beyond as many as are live */
  constructor(private readonly slack = COMPACT_SLACK) {}

  /** How many strings have ids: about the notes' distinct terms and words, never far past them. */
  get size(): number {
    return this.dictionary.strings.length;
  }

  get strings(): string[] {
    return this.dictionary.strings;
  }

  /** The segments of the passages' ranges, each kept from the last build when it can be, and the average length their impacts use. */
  build(passages: readonly Passage[], ranges: readonly [number, number][], options: LexicalOptions): { segments: LexicalSegment[]; averageLength: number } {
    const kept = ranges.map(([start, end]) => this.kept(passages, start, end, options));
    const fresh = ranges.map(([start, end], k) => (kept[k] ? [] : passages.slice(start, end).map((p) => this.terms(p, options))));
    const lengthSums = kept.map((built, k) => built?.lengthSum ?? fresh[k]!.reduce((sum, t) => sum + t.length, 0));
    const actual = lengthSums.reduce((a, b) => a + b, 0) / Math.max(1, passages.length);
    const last = this.average;
    // The last average, unless the passages' own has drifted from it (or nothing is kept).
    const averageLength = last !== undefined && kept.some(Boolean) && Math.abs(actual - last) <= AVERAGE_DRIFT * last ? last : actual;
    const segments = ranges.map((_, k): LexicalSegment => {
      const built = kept[k];
      if (!built) return buildSegment(fresh[k]!, this.size, averageLength);
      // The same passages under another average length: only the impacts change.
      const { segment } = built;
      return built.averageLength === averageLength ? segment : { ...segment, bm25: { ...segment.bm25, impacts: segmentImpacts(segment.bm25, averageLength) } };
    });
    this.segments = new Map(
      ranges.map(([start, end], k) => [
        passages[start]!.id,
        {
          ids: idsOf(passages, start, end),
          dictionary: this.dictionary,
          ...boosts(options),
          averageLength,
          lengthSum: lengthSums[k]!,
          segment: segments[k]!,
        },
      ]),
    );
    this.average = averageLength;
    const built = ranges.flatMap(([start, end], k) => (kept[k] ? [] : [{ ids: idsOf(passages, start, end), terms: fresh[k]! }]));
    this.remember(built);
    return { segments, averageLength };
  }

  /** The last build's segment of passages start to end, when it is of the same passages (by id), dictionary and options. */
  private kept(passages: readonly Passage[], start: number, end: number, options: LexicalOptions): BuiltSegment | undefined {
    const built = this.segments.get(passages[start]!.id);
    const same =
      built?.dictionary === this.dictionary &&
      built.titleBoost === options.titleBoost &&
      built.headingBoost === options.headingBoost &&
      built.ids.length === end - start &&
      built.ids.every((id, i) => id === passages[start + i]!.id);
    return same ? built : undefined;
  }

  /** The passage's terms: remembered, if its segment was built lately with these ids and options; else tokenized now. */
  private terms(p: Passage, options: LexicalOptions): PassageTerms {
    const t = this.recentTerms.get(p.id);
    const usable = t?.dictionary === this.dictionary && t.titleBoost === options.titleBoost && t.headingBoost === options.headingBoost;
    return usable ? t : passageTerms(p, this.dictionary, options);
  }

  /** Keeps the terms of the segments just built, with those built before them, up to RECENT_SEGMENTS. */
  private remember(built: { ids: readonly string[]; terms: readonly PassageTerms[] }[]): void {
    this.recent = [...this.recent, ...built].slice(-RECENT_SEGMENTS);
    this.recentTerms = new Map(this.recent.flatMap(({ ids, terms }) => ids.map((id, i) => [id, terms[i]!] as const)));
  }

  /**
   * Takes a stored index's dictionary and segments as this cache's (a restart, or a command run
   * anew): a segment whose passages are still these (by id) is kept, and a changed note then
   * builds its own segment only, tokenizing its part's passages and no other.
   */
  adopt(passages: readonly Passage[], stored: { passages: readonly Passage[]; lexical: LexicalData }, options: LexicalOptions): void {
    const dictionary = Dictionary.of(stored.lexical.strings);
    // Not a dictionary (a string twice): nothing is taken.
    if (dictionary.strings.length !== stored.lexical.strings.length) return;
    const { averageLength } = stored.lexical;
    const at = new Map(passages.map((p, i) => [p.id, i]));
    const segments = new Map<string, BuiltSegment>();
    let start = 0;
    for (const segment of stored.lexical.segments) {
      const size = segment.bm25.lengths.length;
      const from = at.get(stored.passages[start]?.id ?? '');
      const members = from === undefined ? [] : passages.slice(from, from + size);
      if (members.length === size && members.every((p, k) => p.id === stored.passages[start + k]!.id)) {
        const lengthSum = segment.bm25.lengths.reduce((sum, length) => sum + length, 0);
        segments.set(members[0]!.id, {
          ids: idsOf(members, 0, size),
          dictionary,
          ...boosts(options),
          averageLength,
          lengthSum,
          segment: sharedSegment(segment),
        });
      }
      start += size;
    }
    this.dictionary = dictionary;
    this.segments = segments;
    this.average = averageLength;
    this.remember([]);
  }

  /** Forgets every id, segment and term, once the strings no passage holds are most: the next build tokenizes every passage anew. */
  compact(live: number): void {
    if (this.size <= 2 * live + this.slack) return;
    this.dictionary = new Dictionary();
    this.segments.clear();
    this.recent = [];
    this.remember([]);
  }
}

/** The segment on shared memory (read from the disk, it lies in the file's buffer). */
function sharedSegment(segment: LexicalSegment): LexicalSegment {
  const { bm25 } = segment;
  return {
    ...segment,
    bm25: {
      terms: shared(bm25.terms),
      starts: shared(bm25.starts),
      docs: shared(bm25.docs),
      tfs: shared(bm25.tfs),
      lengths: shared(bm25.lengths),
      impacts: shared(bm25.impacts),
    },
    contentStarts: shared(segment.contentStarts),
    contentIds: shared(segment.contentIds),
    contentTerms: shared(segment.contentTerms),
    contentCounts: shared(segment.contentCounts),
    words: shared(segment.words),
  };
}

const idsOf = (passages: readonly Passage[], start: number, end: number) => passages.slice(start, end).map((p) => p.id);

const boosts = ({ titleBoost, headingBoost }: LexicalOptions) => ({ titleBoost, headingBoost });

class Dictionary {
  private readonly ids = new Map<string, number>();
  readonly strings: string[] = [];

  static of(strings: readonly string[]): Dictionary {
    const dictionary = new Dictionary();
    for (const s of strings) dictionary.id(s);
    return dictionary;
  }

  id(s: string): number {
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.strings.length;
      this.ids.set(s, id);
      this.strings.push(s);
    }
    return id;
  }
}

/**
 * What a passage holds for the keyword index, as ids of its dictionary: BM25's document as it is
 * (terms, tfs, length), so that a build hands these over without making another object a passage.
 */
interface PassageTerms extends Bm25Document {
  dictionary: Dictionary;
  /** The field weights its tfs and length are weighed with. */
  titleBoost: number;
  headingBoost: number;
  /** Its distinct search terms, in the order they first appear (text, title, headings). */
  terms: Int32Array;
  /** How often each of them occurs, an occurrence in the title or the headings weighed by its boost. */
  tfs: Float32Array;
  /** Its terms in the text, the title and the headings, weighed the same way. */
  length: number;
  /** Its distinct content terms (title and headings included), ascending. */
  content: Int32Array;
  /** Its words as written (four letters or more, lower case), each followed by the term it stands for. */
  words: Int32Array;
  /** The acronyms its text defines (acronyms.ts): a regular expression over every text was a tenth of a build. */
  acronyms: [string, string[]][];
}

/** Most passages define no acronym: they share one empty list. */
const NO_ACRONYMS: [string, string[]][] = [];

const LETTERS = /^\p{L}{4,}$/u;

function passageTerms(p: Passage, dictionary: Dictionary, options: LexicalOptions): PassageTerms {
  // Each field is cut into tokens once; their terms under either stop list are looked up.
  // Plain loops: flatMap and spreads cost more than the tokenizing here.
  const fields = [p.text, p.title, p.headings.join(' ')].map((field) => tokens(field));
  const slots = new Map<number, number>();
  const ids: number[] = [];
  const counts: number[] = [];
  const lengths = new Int32Array(3);
  const content = new Set<number>();
  const words = new Map<string, number>();
  fields.forEach((field, f) => {
    for (const token of field) {
      for (const term of token.terms) {
        const id = dictionary.id(term);
        let slot = slots.get(id);
        if (slot === undefined) {
          slots.set(id, (slot = ids.length));
          ids.push(id);
          counts.push(0, 0, 0);
        }
        counts[slot * 3 + f]!++;
        lengths[f]!++;
      }
      for (const term of termsOf(token.raw, CONTENT_STOP_WORDS)) content.add(dictionary.id(term));
      if (token.terms.length === 0 || token.raw.length < 4) continue;
      const word = token.raw.toLowerCase();
      if (!words.has(word) && LETTERS.test(word)) words.set(word, dictionary.id(token.terms[0]!));
    }
  });
  const weights = [1, options.titleBoost, options.headingBoost] as const;
  const weigh = (field: ArrayLike<number>, at: number) => field[at]! * weights[0] + field[at + 1]! * weights[1] + field[at + 2]! * weights[2];
  const acronyms = acronymsIn(p.text);
  return {
    dictionary,
    titleBoost: options.titleBoost,
    headingBoost: options.headingBoost,
    terms: Int32Array.from(ids),
    tfs: Float32Array.from(ids, (_, k) => weigh(counts, k * 3)),
    length: weigh(lengths, 0),
    content: Int32Array.from(content).sort(),
    words: Int32Array.from([...words].flatMap(([word, term]) => [dictionary.id(word), term])),
    acronyms: acronyms.length > 0 ? acronyms : NO_ACRONYMS,
  };
}

/** What buildLexicalData remembers by default: the process's one notes cache feeds it. */
const SHARED_CACHE = new TermCache();

/** Takes the keyword index read from the disk (stored) as the cache's start, when it has none yet: see TermCache.adopt. */
export function adoptStoredTerms(
  passages: readonly Passage[],
  stored: { passages: readonly Passage[]; lexical: LexicalData },
  options: LexicalOptions = DEFAULT_LEXICAL,
  cache: TermCache = SHARED_CACHE,
): void {
  cache.adopt(passages, stored, options);
}

/** A segment's arrays from its passages' terms. */
function buildSegment(terms: readonly PassageTerms[], dictionarySize: number, averageLength: number): LexicalSegment {
  const contentStarts = sharedInt32(terms.length + 1);
  const contentIds = sharedInt32(terms.reduce((sum, t) => sum + t.content.length, 0));
  terms.forEach((t, i) => {
    contentIds.set(t.content, contentStarts[i]);
    contentStarts[i + 1] = contentStarts[i]! + t.content.length;
  });
  const counts = new Map<number, number>();
  for (const id of contentIds) counts.set(id, (counts.get(id) ?? 0) + 1);
  const contentTerms = Int32Array.from(counts.keys()).sort();
  // Each word once, with the term its last passage gives it, in order of first appearance.
  const wordTerm = new Map<number, number>();
  for (const t of terms) for (let k = 0; k < t.words.length; k += 2) wordTerm.set(t.words[k]!, t.words[k + 1]!);
  return {
    bm25: buildBm25Segment(terms, dictionarySize, averageLength),
    contentStarts,
    contentIds,
    contentTerms: shared(contentTerms),
    contentCounts: shared(contentTerms.map((id) => counts.get(id)!)),
    words: shared(Int32Array.from([...wordTerm].flat())),
    acronyms: terms.flatMap((t) => t.acronyms),
  };
}

/**
 * Builds the arrays from the passages' terms, segment by segment, each kept from the last build
 * when its passages are the same (see TermCache).
 */
export function buildLexicalData(
  passages: readonly Passage[],
  options: LexicalOptions = DEFAULT_LEXICAL,
  cache: TermCache = SHARED_CACHE,
  sizes: PartSizes = DEFAULT_PART_SIZES,
): LexicalData {
  const { segments, averageLength } = cache.build(passages, partRanges(passages, sizes), options);
  const data = indexWide(cache.strings, segments, averageLength);
  // Only now, and for the next build: this one's arrays hold the ids a compaction forgets.
  const used = new Uint8Array(data.strings.length);
  for (const id of data.wordIds) used[id] = 1;
  let live = 0;
  for (let id = 0; id < used.length; id++) if (used[id] || data.df[id]! > 0) live++;
  cache.compact(live);
  return data;
}

/** The keyword index of these segments: what depends on all of them (document frequencies, the notes' words, the acronyms) worked out from theirs. */
function indexWide(strings: string[], segments: LexicalSegment[], averageLength: number): LexicalData {
  const df = new Int32Array(strings.length);
  const contentDf = new Int32Array(strings.length);
  // By id, the term a word stands for (its last passage's say), words in the order they first appear.
  const wordTerm = new Int32Array(strings.length).fill(-1);
  const words: number[] = [];
  for (const { bm25, contentTerms, contentCounts, words: pairs } of segments) {
    for (let k = 0; k < bm25.terms.length; k++) df[bm25.terms[k]!]! += bm25.starts[k + 1]! - bm25.starts[k]!;
    for (let k = 0; k < contentTerms.length; k++) contentDf[contentTerms[k]!]! += contentCounts[k]!;
    for (let k = 0; k < pairs.length; k += 2) {
      if (wordTerm[pairs[k]!] === -1) words.push(pairs[k]!);
      wordTerm[pairs[k]!] = pairs[k + 1]!;
    }
  }
  return {
    strings,
    segments,
    averageLength,
    df,
    contentDf,
    wordIds: Int32Array.from(words),
    wordTerms: Int32Array.from(words, (word) => wordTerm[word]!),
    acronyms: [...mergeAcronyms(segments.map((s) => s.acronyms))],
  };
}

/**
 * A segment as stored, on its own: its strings (sorted) and its arrays in their positions there,
 * without the impacts. What a part's files hold depends on its passages alone, not on the ids
 * one process or another gave the strings, so a generation keeps a part another one wrote.
 */
export interface StoredSegment extends Omit<LexicalSegment, 'bm25'> {
  strings: string[];
  bm25: Omit<Bm25Segment, 'impacts'>;
}

/** The segment with its own dictionary: its strings in sorted order, and its arrays in those ids (each list in ascending order again). */
export function storedSegment(segment: LexicalSegment, strings: readonly string[]): StoredSegment {
  const { bm25 } = segment;
  const used = new Set<number>(bm25.terms);
  for (let k = 0; k < segment.words.length; k += 2) used.add(segment.words[k]!);
  const own = [...used].sort((a, b) => (strings[a]! < strings[b]! ? -1 : strings[a]! > strings[b]! ? 1 : 0));
  const local = new Map(own.map((id, k) => [id, k]));
  const to = (id: number) => local.get(id)!;
  // Each term's run of postings, in the order of its new id.
  const order = Array.from(bm25.terms, (_, k) => k).sort((a, b) => to(bm25.terms[a]!) - to(bm25.terms[b]!));
  const terms = new Int32Array(order.length);
  const starts = new Int32Array(order.length + 1);
  const docs = new Int32Array(bm25.docs.length);
  const tfs = new Float32Array(bm25.tfs.length);
  order.forEach((k, t) => {
    const [from, end] = [bm25.starts[k]!, bm25.starts[k + 1]!];
    terms[t] = to(bm25.terms[k]!);
    docs.set(bm25.docs.subarray(from, end), starts[t]);
    tfs.set(bm25.tfs.subarray(from, end), starts[t]);
    starts[t + 1] = starts[t]! + end - from;
  });
  const contentIds = segment.contentIds.map(to);
  for (let i = 0; i + 1 < segment.contentStarts.length; i++) contentIds.subarray(segment.contentStarts[i], segment.contentStarts[i + 1]).sort();
  const contentOrder = Array.from(segment.contentTerms, (_, k) => k).sort((a, b) => to(segment.contentTerms[a]!) - to(segment.contentTerms[b]!));
  return {
    strings: own.map((id) => strings[id]!),
    bm25: { terms, starts, docs, tfs, lengths: bm25.lengths },
    contentStarts: segment.contentStarts,
    contentIds,
    contentTerms: Int32Array.from(contentOrder, (k) => to(segment.contentTerms[k]!)),
    contentCounts: Int32Array.from(contentOrder, (k) => segment.contentCounts[k]!),
    words: segment.words.map(to),
    acronyms: segment.acronyms,
  };
}

/**
 * The keyword index of stored segments, over one dictionary of all their strings in sorted order:
 * each segment's ids map to it in the same order, so its lists stay ascending and are renumbered
 * where they lie (a copy of every array took the serving process from 556 to 651 MB at 100,000
 * passages). The indexing thread copies what it keeps onto shared memory (TermCache.adopt).
 */
export function joinSegments(stored: readonly StoredSegment[], averageLength: number): LexicalData {
  const strings = [...new Set(stored.flatMap((s) => s.strings))].sort();
  const ids = new Map(strings.map((s, id) => [s, id]));
  const segments = stored.map(({ strings: own, bm25, ...rest }): LexicalSegment => {
    const to = Int32Array.from(own, (s) => ids.get(s)!);
    const renumber = (list: Int32Array) => {
      for (let k = 0; k < list.length; k++) list[k] = to[list[k]!]!;
      return list;
    };
    return {
      ...rest,
      bm25: { ...bm25, terms: renumber(bm25.terms), impacts: segmentImpacts(bm25, averageLength) },
      contentIds: renumber(rest.contentIds),
      contentTerms: renumber(rest.contentTerms),
      words: renumber(rest.words),
    };
  });
  return indexWide(strings, segments, averageLength);
}

/**
 * Keyword search over passages: BM25 with the project's tokenizer on both sides, so that
 * numbers, money and identifiers are searchable; title and headings count as weighted fields.
 * Opening reads the arrays as they are: the work was done by buildLexicalData.
 */
export function openLexicalIndex(data: LexicalData): LexicalIndex {
  const ids = new Map(data.strings.map((s, i) => [s, i]));
  const { segments, contentDf } = data;
  const bm25 = new Bm25Index(
    segments.map((s) => s.bm25),
    ids,
    data.df,
  );
  const { size: n, offsets } = bm25;
  const idf = (term: string) => {
    const id = ids.get(term);
    return idfOf(id === undefined ? 0 : (contentDf[id] ?? 0), n);
  };
  /** Binary searches: passage i's segment, then the term id among the passage's, which are ascending. */
  const holds = (i: number, id: number) => {
    let s = 0;
    let top = segments.length - 1;
    while (s < top) {
      const mid = (s + top + 1) >>> 1;
      if (offsets[mid]! <= i) s = mid;
      else top = mid - 1;
    }
    const { contentStarts, contentIds } = segments[s]!;
    const j = i - offsets[s]!;
    return position(contentIds, id, contentStarts[j], contentStarts[j + 1]) >= 0;
  };
  const termsOf = (i: number): TermSet => ({
    has: (term) => {
      const id = ids.get(term);
      return id !== undefined && holds(i, id);
    },
  });
  const words = new Map(Array.from(data.wordIds, (w, k) => [data.strings[w]!, data.strings[data.wordTerms[k]!]!]));
  return {
    search: (query) => bm25.score(typeof query === 'string' ? new Map(tokens(query).flatMap((t) => t.terms.map((term) => [term, 1] as const))) : query),
    idf,
    has: (term) => bm25.has(term),
    termsOf,
    withAll(terms) {
      const found = terms.map((t) => ids.get(t));
      if (found.length === 0 || found.some((id) => id === undefined || !contentDf[id])) return [];
      // The rarest term's postings, then the rest checked passage by passage.
      const sorted = (found as number[]).sort((a, b) => contentDf[a]! - contentDf[b]!);
      return [...bm25.postings(data.strings[sorted[0]!]!)].filter((i) => sorted.every((id) => holds(i, id)));
    },
    vocabulary: new Vocabulary(words),
    acronyms: new Map(data.acronyms),
  };
}
