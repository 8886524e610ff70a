import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { formatFeedbackSummary, readFeedbackSummary, summarizeFeedback } from '../src/feedback';

const vote = (answerId: string, user: string, v: 'up' | 'down', question = `Frage ${answerId}`) =>
  JSON.stringify({
    at: '2026-12-04T10:00:00.000Z',
    answerId,
    question,
    answer: `Antwort ${answerId}`,
    citations: [{ n: 1, articleId: 'a.txt', paragraph: 2, quote: 'Zitat' }],
    user,
    vote: v,
    guildId: null,
  });

describe('the feedback summary', () => {
  it("counts each person's last vote per answer, and lists answers voted down, most first", () => {
    const summary = summarizeFeedback([
      vote('a1', 'u1', 'up'),
      vote('a1', 'u1', 'up'),
      vote('a1', 'u1', 'down'), // changed their mind: one vote, down
      vote('a1', 'u2', 'down'),
      vote('a2', 'u1', 'up'),
      vote('a3', 'u3', 'down'),
      '{"torn',
      '',
    ]);
    expect(summary).toMatchObject({ votes: 4, up: 1, down: 3, unreadable: 1 });
    expect(summary.disliked.map((d) => [d.question, d.down, d.up])).toEqual([
      ['Frage a1', 2, 0],
      ['Frage a3', 1, 0],
    ]);
    expect(summary.disliked[0]!.sources).toEqual(['a.txt ¶ 2']);
  });

  it('groups older lines without an answer id by question and answer', () => {
    const old = (user: string, v: 'up' | 'down') =>
      JSON.stringify({ at: 'x', question: 'Q', answer: 'A', user, vote: v, guildId: null });
    expect(summarizeFeedback([old('u1', 'up'), old('u1', 'down'), old('u2', 'down')])).toMatchObject({
      votes: 2,
      down: 2,
    });
  });

  it('reads a log that does not exist yet as no votes, and prints in German and English', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'quellen-feedback-'));
    try {
      const missing = await readFeedbackSummary(path.join(dir, 'none.jsonl'));
      expect(missing).toEqual({ votes: 0, up: 0, down: 0, unreadable: 0, disliked: [] });
      const file = path.join(dir, 'feedback.jsonl');
      await writeFile(file, `${vote('a1', 'u1', 'down')}\n`);
      const summary = await readFeedbackSummary(file);
      expect(formatFeedbackSummary(summary, 'de').split('\n')[0]).toBe(
        'Stimmen: 1 (👍 0, 👎 1; je Person und Antwort zählt die letzte)',
      );
      expect(formatFeedbackSummary(summary, 'en')).toContain(
        'Answers with more 👎 than 👍:\n  👎 1 👍 0  Frage a1',
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
