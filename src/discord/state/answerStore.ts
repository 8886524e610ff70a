import { randomBytes } from 'node:crypto';
import type { Answer } from '../../core/types';

/** What the buttons of an answer need later. */
export interface StoredAnswer {
  answer: Answer;
  question: string;
  guildId: string | null;
}

/**
 * Answers kept for their buttons ("Sources", 👍/👎): bounded in count (least recently used
 * goes first) and in age, so memory stays flat however long the bot runs.
 */
export class AnswerStore {
  private readonly entries = new Map<string, { value: StoredAnswer; at: number }>();
  private readonly maxEntries: number;
  private readonly maxAgeMs: number;
  private readonly now: () => number;

  constructor(options: { maxEntries?: number; maxAgeMs?: number; now?: () => number } = {}) {
    this.maxEntries = options.maxEntries ?? 1000;
    this.maxAgeMs = options.maxAgeMs ?? 24 * 3600 * 1000;
    this.now = options.now ?? Date.now;
  }

  /** Stores an answer and returns its short key (safe inside a button's custom id). */
  put(value: StoredAnswer): string {
    const id = randomBytes(9).toString('base64url');
    this.entries.set(id, { value, at: this.now() });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    return id;
  }

  /** The stored answer, or undefined when unknown or expired. */
  get(id: string): StoredAnswer | undefined {
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    if (this.now() - entry.at > this.maxAgeMs) {
      this.entries.delete(id);
      return undefined;
    }
    // Re-insert so Map order stays least-recently-used first.
    this.entries.delete(id);
    this.entries.set(id, entry);
    return entry.value;
  }

  get size(): number {
    return this.entries.size;
  }
}
