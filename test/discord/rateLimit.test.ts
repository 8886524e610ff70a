import { RateLimiter } from '../../src/discord/rateLimit';

describe('RateLimiter', () => {
  it('allows N events per sliding minute per user and says when the next one is allowed', () => {
    let now = 0;
    const limiter = new RateLimiter(2, { now: () => now });
    expect(limiter.take('a')).toEqual({ ok: true });
    now = 10_000;
    expect(limiter.take('a')).toEqual({ ok: true });
    expect(limiter.take('b')).toEqual({ ok: true });
    now = 30_000;
    expect(limiter.take('a')).toEqual({ ok: false, retryAfterMs: 30_000 });
    now = 60_000;
    expect(limiter.take('a')).toEqual({ ok: true });
    expect(limiter.take('a')).toEqual({ ok: false, retryAfterMs: 10_000 });
  });
});
