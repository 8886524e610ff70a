import { failureReason, isNetworkError, retryWithBackoff } from '../../src/discord/lifecycle/retry';

const offline = (): Error =>
  new TypeError('fetch failed', {
    cause: Object.assign(new Error('getaddrinfo ENOTFOUND discord.com'), {
      code: 'ENOTFOUND',
      hostname: 'discord.com',
    }),
  });

describe('retrying while Discord cannot be reached', () => {
  it('tells network failures from refusals', () => {
    expect(isNetworkError(offline())).toBe(true);
    expect(
      isNetworkError(
        Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:443'), { code: 'ECONNREFUSED' }),
      ),
    ).toBe(true);
    expect(
      isNetworkError(Object.assign(new Error('An invalid token was provided.'), { code: 'TokenInvalid' })),
    ).toBe(false);
    expect(isNetworkError(new Error('Used disallowed intents'))).toBe(false);
    expect(failureReason(offline())).toBe('ENOTFOUND discord.com');
    expect(failureReason(new Error('An invalid token was provided.\nmore'))).toBe(
      'An invalid token was provided.',
    );
  });

  it('waits longer after each failure, up to the cap, and returns once it works', async () => {
    const waits: number[] = [];
    const retries: number[] = [];
    let calls = 0;
    const result = await retryWithBackoff(
      async () => {
        calls += 1;
        if (calls < 6) throw offline();
        return 'ready';
      },
      {
        retryable: isNetworkError,
        onRetry: (_error, _delay, attempt) => retries.push(attempt),
        initialDelayMs: 1_000,
        maxDelayMs: 5_000,
        wait: async (ms) => void waits.push(ms),
      },
    );
    expect(result).toBe('ready');
    expect(waits).toEqual([1_000, 2_000, 4_000, 5_000, 5_000]);
    expect(retries).toEqual([1, 2, 3, 4, 5]);
  });

  it('gives up at once on a refusal, and when stopped while waiting', async () => {
    const refused = Object.assign(new Error('An invalid token was provided.'), { code: 'TokenInvalid' });
    const wait = jest.fn(async () => undefined);
    await expect(
      retryWithBackoff(() => Promise.reject(refused), {
        retryable: isNetworkError,
        onRetry: () => undefined,
        wait,
      }),
    ).rejects.toBe(refused);
    expect(wait).not.toHaveBeenCalled();

    const stop = new AbortController();
    const stopped = retryWithBackoff(() => Promise.reject(offline()), {
      retryable: isNetworkError,
      onRetry: () => stop.abort(new Error('stopping')),
      initialDelayMs: 60_000,
      signal: stop.signal,
    });
    await expect(stopped).rejects.toThrow('stopping');
  });
});
