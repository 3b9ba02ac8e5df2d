import { randomBytes } from 'node:crypto';
import type { AnswerResult } from '../answer/answer.js';

/** One page of an answer as it was shown: Share and "Whole passages" show it again without a search. */
export interface AnswerPage {
  results: AnswerResult[];
  /** The best passage is a weak match: the answer said so. */
  weak: boolean;
  hasMore: boolean;
  /** For a long message: the sentence it was searched for, said under the answer. */
  searchedFor?: string;
}

export interface Remembered {
  question: string;
  isPublic: boolean;
  /** A link to the message the question came from (the "Search notes" menu), shown instead of the question. */
  messageLink?: string;
  /** The pages shown so far, by the offset of their first result. */
  pages: Map<number, AnswerPage>;
  /** The offsets of the pages shared already: each is posted once. */
  shared: Set<number>;
}

/** A fresh key for an answer: its buttons carry it, and the question log files the answer under it. */
export function answerKey(): string {
  return randomBytes(6).toString('base64url');
}

/**
 * What the buttons need to know of an answer, under a short key: a custom_id holds at most 100
 * characters and a question up to 4,000. The oldest entries go first; a button whose key is gone
 * says the answer expired.
 */
export class QuestionMemory {
  private readonly entries = new Map<string, Remembered>();

  constructor(private readonly capacity = 1000) {}

  remember(entry: Omit<Remembered, 'pages' | 'shared'>): string {
    const key = answerKey();
    this.entries.set(key, { ...entry, pages: new Map(), shared: new Set() });
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return key;
  }

  recall(key: string): Remembered | undefined {
    return this.entries.get(key);
  }
}
