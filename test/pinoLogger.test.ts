import { Writable } from 'node:stream';
import { createLogger, scrubSecrets } from '../src/pinoLogger';

function capture(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

describe('logging', () => {
  const token = 'MTk4NjIyNDgzNDcxOTI1MjQ4.Gx2fWk.fake-token-for-tests';

  test('a secret inside a message, an error and a nested object is never written', () => {
    const out = capture();
    const logger = createLogger({ level: 'info', secrets: [token], destination: out.stream });
    logger.error(
      { err: new Error(`login failed with ${token}`), url: `https://x/${token}` },
      `token ${token}`,
    );
    logger.info({ token }, 'plain field');
    const text = out.text();
    expect(text).not.toContain(token);
    expect(text).toContain('[redacted]');
    expect(text.trim().split('\n')).toHaveLength(2);
  });

  test('interaction tokens in Discord URLs and credentials in any URL are never written', () => {
    const out = capture();
    const logger = createLogger({ level: 'info', secrets: [], destination: out.stream });
    const interactionToken = 'aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDEyMzQ1Njc4OnNlY3JldA';
    const error = Object.assign(new Error('Unknown Webhook'), {
      url: `https://discord.com/api/v10/webhooks/1200000000000000001/${interactionToken}/messages/%40original`,
    });
    logger.warn(
      { err: error, callback: `/interactions/1300000000000000001/${interactionToken}/callback` },
      'edit failed',
    );
    logger.info({ llm: 'https://alice:hunter2-secret@llm.example/v1' }, 'asking');
    const text = out.text();
    expect(text).not.toContain(interactionToken);
    expect(text).not.toContain('hunter2-secret');
    expect(text).toContain('/webhooks/1200000000000000001/[redacted]/messages');
    expect(text).toContain('https://[redacted]@llm.example/v1');
  });

  test('scrubSecrets replaces every occurrence and ignores empty secrets', () => {
    expect(scrubSecrets('a s3cret b s3cret', ['s3cret', ''])).toBe('a [redacted] b [redacted]');
  });
});

describe('log formats', () => {
  const token = 'MTk4NjIyNDgzNDcxOTI1MjQ4.Gx2fWk.fake-token-for-tests';

  test('JSON lines carry an ISO time and the level by name', () => {
    const out = capture();
    createLogger({ level: 'info', secrets: [], destination: out.stream }).warn({ file: 'a.txt' }, 'skipped');
    const line = JSON.parse(out.text().trim()) as { level: unknown; time: unknown; msg: unknown };
    expect(line.level).toBe('warn');
    expect(line.time).toEqual(expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/));
    expect(line.msg).toBe('skipped');
  });

  test('pretty lines are readable, one per entry, and just as free of secrets', () => {
    const out = capture();
    const logger = createLogger({
      level: 'info',
      secrets: [token],
      format: 'pretty',
      destination: out.stream,
    });
    logger.warn({ file: 'a.txt' }, `skipped a.txt (token ${token})`);
    logger.info('index up to date');
    const lines = out.text().trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\[\d{2}:\d{2}:\d{2}\] WARN: skipped a\.txt \(token \[redacted\]\)/);
    expect(lines[0]).toContain('a.txt');
    expect(out.text()).not.toContain(token);
    expect(() => JSON.parse(lines[1]!)).toThrow();
  });
});
