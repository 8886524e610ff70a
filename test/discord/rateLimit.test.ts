import { EventEmitter } from 'node:events';
import type { ShardingManager } from 'discord.js';
import {
  LocalRateLimits,
  RateLimiter,
  serveRateLimits,
  ShardRateLimits,
  type RateBucket,
} from '../../src/discord/state/rateLimit';

describe('RateLimiter', () => {
  it('allows N events per sliding minute per user and says when the next one is allowed', () => {
    let now = 0;
    const limiter = new RateLimiter(2, { now: () => now });
    expect(limiter.take('a')).toEqual({ ok: true });
    now = 10_000;
    expect(limiter.take('a')).toEqual({ ok: true });
    expect(limiter.take('b')).toEqual({ ok: true });
    now = 30_000;
    expect(limiter.take('a')).toEqual({ ok: false, retryAfterMs: 30_000, firstRefusal: true });
    expect(limiter.take('a')).toEqual({ ok: false, retryAfterMs: 30_000, firstRefusal: false });
    now = 60_000;
    expect(limiter.take('a')).toEqual({ ok: true });
    expect(limiter.take('a')).toEqual({ ok: false, retryAfterMs: 10_000, firstRefusal: true });
  });
});

describe('ShardRateLimits', () => {
  /** Two shards' channels to one manager that answers from one LocalRateLimits, as serveRateLimits does. */
  function shardsOfOneManager(limit: number, answer = true) {
    const manager = new LocalRateLimits(limit);
    return [0, 1].map(() => {
      const toShard = new EventEmitter();
      const channel = {
        send: (message: { id: number; bucket: RateBucket; userId: string }) => {
          if (!answer) return;
          void manager
            .take(message.bucket, message.userId)
            .then((decision) =>
              setImmediate(() =>
                toShard.emit('message', { quellenRate: 'decision', id: message.id, decision }),
              ),
            );
        },
        on: (event: 'message', listener: (message: unknown) => void) => toShard.on(event, listener),
      };
      return new ShardRateLimits(limit, channel, 50);
    });
  }

  it('keeps one budget per user across shards', async () => {
    const [a, b] = shardsOfOneManager(2);
    expect(await a!.take('questions', 'u')).toEqual({ ok: true });
    expect(await b!.take('questions', 'u')).toEqual({ ok: true });
    expect(await a!.take('questions', 'u')).toMatchObject({ ok: false, firstRefusal: true });
    expect(await b!.take('questions', 'u')).toMatchObject({ ok: false, firstRefusal: false });
    expect(await b!.take('questions', 'v')).toEqual({ ok: true });
  });

  it('falls back to a limiter of its own when the manager does not answer', async () => {
    const [a] = shardsOfOneManager(1, false);
    expect(await a!.take('questions', 'u')).toEqual({ ok: true });
    expect(await a!.take('questions', 'u')).toMatchObject({ ok: false });
  });
});

describe('serveRateLimits', () => {
  it('answers each shard from the manager’s one budget and ignores other messages', async () => {
    const manager = new EventEmitter();
    serveRateLimits(manager as unknown as ShardingManager, new LocalRateLimits(1));
    const sent: unknown[][] = [[], []];
    const shards = sent.map((box) => {
      const shard = Object.assign(new EventEmitter(), {
        send: async (message: unknown) => {
          box.push(message);
        },
      });
      manager.emit('shardCreate', shard);
      return shard;
    });
    shards[0]!.emit('message', { quellenRate: 'take', id: 1, bucket: 'questions', userId: 'u' });
    shards[1]!.emit('message', { quellenRate: 'take', id: 7, bucket: 'questions', userId: 'u' });
    shards[1]!.emit('message', { _eval: 'this.guilds.cache.size' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(sent[0]).toEqual([{ quellenRate: 'decision', id: 1, decision: { ok: true } }]);
    expect(sent[1]).toMatchObject([
      { quellenRate: 'decision', id: 7, decision: { ok: false, firstRefusal: true } },
    ]);
    expect(sent[1]).toHaveLength(1);
  });
});
