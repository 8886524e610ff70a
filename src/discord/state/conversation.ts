/**
 * Recent questions per thread the bot answers in, bounded in threads and turns; lost on
 * restart, when the thread's messages are read instead.
 */
export class ConversationStore {
  private readonly threads = new Map<string, string[]>();
  private readonly openers = new Map<string, string>();

  constructor(
    private readonly maxThreads = 1000,
    private readonly maxTurns = 6,
  ) {}

  /** Questions asked in the thread so far, oldest first (undefined when not remembered). */
  turns(threadId: string): readonly string[] | undefined {
    return this.threads.get(threadId);
  }

  /**
   * Who opened the thread by asking (answered there without a mention): a user id, `null` when
   * it is known that nobody can be (the starter message is gone), undefined when not remembered.
   */
  openerOf(threadId: string): string | null | undefined {
    const opener = this.openers.get(threadId);
    return opener === '' ? null : opener;
  }

  /** Remembers who opened the thread (`null`: nobody, see {@link openerOf}). */
  setOpener(threadId: string, userId: string | null): void {
    this.openers.delete(threadId);
    this.openers.set(threadId, userId ?? '');
    while (this.openers.size > this.maxThreads) {
      const oldest = this.openers.keys().next().value;
      if (oldest === undefined) break;
      this.openers.delete(oldest);
    }
  }

  /**
   * Keeps `asked` in place of the latest turn `typed` of the thread (a follow-up answered
   * together with the question before it); nothing when that turn is no longer remembered.
   */
  replace(threadId: string, typed: string, asked: string): void {
    const turns = this.threads.get(threadId);
    const at = turns?.lastIndexOf(typed) ?? -1;
    // A new array, as `add` makes: a caller may hold the one `turns` returned.
    if (turns && at >= 0) this.threads.set(threadId, turns.with(at, asked));
  }

  /** Remembers a question asked in the thread. */
  add(threadId: string, question: string): void {
    const turns = [...(this.threads.get(threadId) ?? []), question].slice(-this.maxTurns);
    this.threads.delete(threadId);
    this.threads.set(threadId, turns);
    while (this.threads.size > this.maxThreads) {
      const oldest = this.threads.keys().next().value;
      if (oldest === undefined) break;
      this.threads.delete(oldest);
    }
  }
}
