import { randomBytes } from 'node:crypto';

export interface Remembered {
  question: string;
  isPublic: boolean;
}

/**
 * What the More and Share buttons need to know of an answer, under a short key: a custom_id
 * holds at most 100 characters and a question up to 1,000. The oldest entries go first; a
 * button whose key is gone says the answer expired.
 */
export class QuestionMemory {
  private readonly entries = new Map<string, Remembered>();

  constructor(private readonly capacity = 1000) {}

  remember(entry: Remembered): string {
    const key = randomBytes(6).toString('base64url');
    this.entries.set(key, entry);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return key;
  }

  recall(key: string): Remembered | undefined {
    return this.entries.get(key);
  }
}
