import { createHash, randomBytes } from 'node:crypto';
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Answer } from '../../core/types';

/** One line of the feedback log. The user is a salted hash: votes can be grouped, not traced. */
export interface FeedbackEntry {
  at: string;
  /** The answer voted on (its key behind the buttons); a user's later vote on it replaces the earlier. */
  answerId?: string;
  question: string;
  answer: string;
  citations: Array<{ n: number; articleId: string; paragraph: number; quote: string }>;
  user: string;
  vote: 'up' | 'down';
  guildId: string | null;
  /** What was wrong, as the person wrote it in the 👎 form (at most 500 characters). */
  reason?: string;
}

/**
 * Appends 👍/👎 votes as JSON lines. The salt is random per installation and kept next to
 * the log (`<log>.salt`), so hashes stay comparable across restarts but cannot be reversed
 * by hashing known Discord ids.
 */
export class FeedbackLog {
  private salt: Promise<string> | undefined;

  constructor(
    readonly file: string,
    private readonly options: { salt?: string; now?: () => Date } = {},
  ) {}

  /** The pseudonym stored for a Discord user id. */
  async pseudonym(userId: string): Promise<string> {
    const salt = await this.loadSalt();
    return createHash('sha256')
      .update(salt + userId)
      .digest('hex');
  }

  /** Appends one vote. */
  async record(input: {
    answerId?: string;
    answer: Answer;
    question: string;
    userId: string;
    vote: 'up' | 'down';
    guildId: string | null;
    reason?: string;
  }): Promise<FeedbackEntry> {
    const entry: FeedbackEntry = {
      at: (this.options.now?.() ?? new Date()).toISOString(),
      ...(input.answerId ? { answerId: input.answerId } : {}),
      question: input.question,
      answer: input.answer.text,
      citations: input.answer.citations.map((c) => ({
        n: c.n,
        articleId: c.articleId,
        paragraph: c.paragraph,
        quote: c.quote,
      })),
      user: await this.pseudonym(input.userId),
      vote: input.vote,
      guildId: input.guildId,
      ...(input.reason ? { reason: input.reason.slice(0, 500) } : {}),
    };
    await mkdir(path.dirname(this.file), { recursive: true });
    // One appendFile call per line: lines from concurrent votes never interleave.
    await appendFile(this.file, `${JSON.stringify(entry)}\n`, 'utf8');
    return entry;
  }

  private loadSalt(): Promise<string> {
    if (this.options.salt !== undefined) return Promise.resolve(this.options.salt);
    this.salt ??= (async () => {
      const saltFile = `${this.file}.salt`;
      const existing = await readFile(saltFile, 'utf8').catch(() => undefined);
      if (existing && existing.trim().length >= 16) return existing.trim();
      const salt = randomBytes(32).toString('hex');
      await mkdir(path.dirname(saltFile), { recursive: true });
      await writeFile(saltFile, `${salt}\n`, { mode: 0o600 });
      return salt;
    })();
    return this.salt;
  }
}
