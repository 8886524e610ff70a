import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { FeedbackLog } from '../../src/discord/state/feedback';

describe('FeedbackLog', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'quellen-feedback-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('appends one JSON line per vote with a salted user hash that is stable across instances', async () => {
    const file = path.join(dir, 'sub', 'feedback.jsonl');
    const answer = {
      text: 'Antwort [1].',
      citations: [{ n: 1, articleId: 'a.txt', paragraph: 2, quote: 'Q' }],
    } as never;
    const first = new FeedbackLog(file, { now: () => new Date('2024-01-01T00:00:00Z') });
    await first.record({ answer, question: 'F?', userId: '123456789012345678', vote: 'down', guildId: 'g' });
    const second = new FeedbackLog(file);
    await second.record({ answer, question: 'F?', userId: '123456789012345678', vote: 'up', guildId: null });
    const lines = (await readFile(file, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toEqual({
      at: '2024-01-01T00:00:00.000Z',
      question: 'F?',
      answer: 'Antwort [1].',
      citations: [{ n: 1, articleId: 'a.txt', paragraph: 2, quote: 'Q' }],
      user: lines[1]!.user,
      vote: 'down',
      guildId: 'g',
    });
    expect(lines[0]!.user).toMatch(/^[0-9a-f]{64}$/);
    expect(await new FeedbackLog(file, { salt: 'other' }).pseudonym('123456789012345678')).not.toBe(
      lines[0]!.user,
    );
  });
});
