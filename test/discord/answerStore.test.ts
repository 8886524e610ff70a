import { AnswerStore, type StoredAnswer } from '../../src/discord/state/answerStore';

const stored = (question: string): StoredAnswer => ({
  answer: { question } as never,
  question,
  guildId: null,
});

describe('AnswerStore', () => {
  it('evicts the least recently used answer beyond its size and expires old ones', () => {
    let now = 0;
    const store = new AnswerStore({ maxEntries: 2, maxAgeMs: 1000, now: () => now });
    const a = store.put(stored('a'));
    const b = store.put(stored('b'));
    expect(store.get(a)?.question).toBe('a');
    const c = store.put(stored('c'));
    expect(store.get(b)).toBeUndefined();
    expect(store.get(a)?.question).toBe('a');
    expect(store.size).toBe(2);
    now = 1001;
    expect(store.get(c)).toBeUndefined();
    expect(a).toMatch(/^[\w-]{12}$/);
  });
});
