import { stemmer } from 'stemmer';
import { eng } from 'stopword';

/** Chinese words as common as "the": particles and question words. */
const CHINESE_STOP_WORDS =
  '的 了 是 吗 呢 吧 啊 么 什么 为什么 為什麼 怎么 怎麼 如何 哪 谁 誰 多少 吗？ 这 這 那 在 和 与 與 及 也 都 就 还 還 把 被 对 對 从 從 到 为 為 以 而 并 並 或 等 之 我 你 他 她 它 们 們 个 個 有'.split(
    ' ',
  );

/**
 * The few words so common that they only add noise to a keyword search ("what is the"). The
 * rest of the short words stay searchable: BM25 weighs them down by itself, and "meant for" or
 * "wait before" find their passage better with them (measured: npm run eval).
 */

export const SEARCH_STOP_WORDS: ReadonlySet<string> = new Set([
  ...'a an the is are was were what why how who whom whose which when where do does did'.split(' '),
  ...CHINESE_STOP_WORDS,
]);

/**
 * Words that carry no meaning of their own: a passage is not "about" them. They are left out
 * when judging how much of a question a passage covers, and when choosing the quoted sentence.
 * Question words are added: the general list lacks them.
 */
export const CONTENT_STOP_WORDS: ReadonlySet<string> = new Set([
  ...eng,
  // Every search stop word too: a passage's content terms are then among its search terms.
  ...SEARCH_STOP_WORDS,
  ...CHINESE_STOP_WORDS,
  ...[
    'why',
    'does',
    'doesn',
    'don',
    'isn',
    'aren',
    'didn',
    'won',
    'not',
    'no',
    'will',
    'shall',
    'whether',
    'tell',
    'explain',
    'whom',
    'whose',
    's',
    't',
    'e.g',
    'i.e',
    'etc',
  ],
]);

/**
 * One token: a number with its currency or percent sign ("$60", "0.1%", "1,000"), a prefix
 * length ("/24"), or a word that may carry digits and inner hyphens or dots ("ICP-2", "IPv4",
 * "e.g").
 */
const TOKEN = /[$€£¥]?\d[\d,]*(?:\.\d+)*%?|\/\d{1,3}\b|[\p{L}\p{N}]+(?:['’.\-_][\p{L}\p{N}]+)*/gu;

function normaliseWord(word: string): string {
  // British and American spellings of -ise/-isation stem alike.
  return word.length > 6 ? word.replace(/is(ation|ations|e|ed|es|ing)$/, 'iz$1') : word;
}

/**
 * The terms one token stands for under a stop list: itself, and its parts, so "ICP-2" is also
 * found by "ICP 2"; a Chinese word as it is.
 */
export function termsOf(token: string, stop: ReadonlySet<string>): readonly string[] {
  let memo = memos.get(stop);
  if (!memo) memos.set(stop, (memo = new Map<string, readonly string[]>()));
  let terms = memo.get(token);
  if (!terms) {
    // A language has a bounded vocabulary, but a hostile note need not: start over past the bound.
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(token, (terms = computeTerms(token, stop)));
  }
  return terms;
}

/**
 * Stemming is most of a tokenizer's time, and a corpus says the same words again and again:
 * each stop list remembers the terms of the tokens it has seen (at 10,000 passages, 16 s → 2 s).
 */
const memos = new WeakMap<ReadonlySet<string>, Map<string, readonly string[]>>();
const MEMO_LIMIT = 200_000;

function computeTerms(token: string, stop: ReadonlySet<string>): readonly string[] {
  if (HAN.test(token)) return stop.has(token) ? [] : [token];
  const lower = token.toLowerCase().replace(/’/g, "'");
  if (/^[$€£¥]?\d/.test(lower)) {
    const bare = lower.replace(/,(?=\d{3}\b)/g, '').replace(/[.,]+$/, '');
    const digits = bare.replace(/^[$€£¥]/, '').replace(/%$/, '');
    return bare === digits ? [bare] : [bare, digits];
  }
  if (lower.startsWith('/')) return [lower, lower.slice(1)];
  const word = lower.replace(/'s$/, '').replace(/'/g, '');
  const parts = word.split(/[-_.]/).filter(Boolean);
  if (parts.length === 1) {
    if (stop.has(word)) return [];
    return [/\d/.test(word) ? word : stemmer(normaliseWord(word))];
  }
  if (stop.has(word)) return [];
  // Single letters ("e" of "e-mail") match everything and mean nothing.
  const pieces = parts.filter((p) => !stop.has(p) && !/^\p{L}$/u.test(p)).map((p) => (/\d/.test(p) ? p : stemmer(normaliseWord(p))));
  // The parts written together too: "e-mail" meets "email", "ICP-2" meets "ICP2".
  return [word, parts.join(''), ...pieces];
}

export interface Token {
  /** As written, e.g. "ICP-2" or "Registries". */
  raw: string;
  /** Where it starts in the (NFKC-normalised) text. */
  index: number;
  /** The search terms it stands for (none for a stop word); shared between tokens: never changed. */
  terms: readonly string[];
}

const HAN = /\p{Script=Han}/u;
const chineseWords = new Intl.Segmenter('zh', { granularity: 'word' });

/**
 * The tokens of a text with the terms each stands for. A run of Chinese is cut into words by
 * ICU's dictionary (Node ships it whole): Chinese writes no spaces, and a run is not a word.
 */
export function tokens(text: string, stop: ReadonlySet<string> = SEARCH_STOP_WORDS): Token[] {
  const found: Token[] = [];
  for (const m of text.normalize('NFKC').matchAll(TOKEN)) {
    if (!HAN.test(m[0])) {
      found.push({ raw: m[0], index: m.index, terms: termsOf(m[0], stop) });
      continue;
    }
    for (const s of chineseWords.segment(m[0])) {
      if (!s.isWordLike) continue;
      const raw = s.segment;
      found.push({ raw, index: m.index + s.index, terms: termsOf(raw, stop) });
    }
  }
  return found;
}

/** The search terms of a text, in order, stop words dropped: the same for passages and questions. */
export function tokenize(text: string, stop: ReadonlySet<string> = SEARCH_STOP_WORDS): string[] {
  return tokens(text, stop).flatMap((t) => t.terms);
}

/** The terms that carry meaning: what coverage and quotes are judged by. */
export function contentTerms(text: string): string[] {
  return tokenize(text, CONTENT_STOP_WORDS);
}
