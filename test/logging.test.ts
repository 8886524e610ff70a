import { Writable } from 'node:stream';
import { createLogger, scrubSecrets } from '../src/logging';

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

  test('scrubSecrets replaces every occurrence and ignores empty secrets', () => {
    expect(scrubSecrets('a s3cret b s3cret', ['s3cret', ''])).toBe('a [redacted] b [redacted]');
  });
});
