import type { ShardingManager } from 'discord.js';

/**
 * Outcome of taking from a budget. A refusal says when the next event will be allowed and whether
 * it is the first refusal of this window, so a public notice is posted once, not per message.
 */
export type RateDecision = { ok: true } | { ok: false; retryAfterMs: number; firstRefusal: boolean };

/** The budgets every user has: questions (answers cost work) and interactions of any kind. */
export type RateBucket = 'questions' | 'interactions' | 'autocomplete';

/** Interactions (buttons, listings, other commands) a user may make per question allowed. */
export const INTERACTIONS_PER_QUESTION = 6;
/** Autocomplete requests (one per keystroke) per question allowed: typing must not use up the rest. */
export const AUTOCOMPLETES_PER_QUESTION = 20;

/**
 * Per-user sliding-window limit: at most `limit` events in any `windowMs`. Users whose
 * window has emptied are forgotten, so the map does not grow with every user ever seen.
 */
export class RateLimiter {
  private readonly events = new Map<string, { times: number[]; refused: boolean }>();
  private readonly windowMs: number;
  private readonly now: () => number;

  constructor(
    readonly limit: number,
    options: { windowMs?: number; now?: () => number } = {},
  ) {
    this.windowMs = options.windowMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  /** Records an event for `key` if the limit allows it; otherwise says when the next one will. */
  take(key: string): RateDecision {
    const now = this.now();
    const entry = this.events.get(key) ?? { times: [], refused: false };
    entry.times = entry.times.filter((at) => now - at < this.windowMs);
    this.events.set(key, entry);
    if (entry.times.length >= this.limit) {
      const oldest = entry.times[0] ?? now;
      const firstRefusal = !entry.refused;
      entry.refused = true;
      return { ok: false, retryAfterMs: Math.max(1, oldest + this.windowMs - now), firstRefusal };
    }
    entry.times.push(now);
    entry.refused = false;
    if (this.events.size > 10_000) this.prune(now);
    return { ok: true };
  }

  private prune(now: number): void {
    for (const [key, entry] of this.events) {
      if (entry.times.every((at) => now - at >= this.windowMs)) this.events.delete(key);
    }
  }
}

/** Where the bot takes from a user's budgets: this process, or the sharding manager for all shards. */
export interface RateLimits {
  /** Questions allowed per user and minute (for the notice). */
  readonly questionsPerMinute: number;
  take(bucket: RateBucket, userId: string): Promise<RateDecision>;
}

/** Budgets held in this process: the bot without shards, and the sharding manager for its shards. */
export class LocalRateLimits implements RateLimits {
  private readonly limiters: Record<RateBucket, RateLimiter>;

  constructor(
    readonly questionsPerMinute: number,
    options: { now?: () => number } = {},
  ) {
    this.limiters = {
      questions: new RateLimiter(questionsPerMinute, options),
      interactions: new RateLimiter(questionsPerMinute * INTERACTIONS_PER_QUESTION, options),
      autocomplete: new RateLimiter(questionsPerMinute * AUTOCOMPLETES_PER_QUESTION, options),
    };
  }

  async take(bucket: RateBucket, userId: string): Promise<RateDecision> {
    return this.limiters[bucket].take(userId);
  }
}

/** IPC messages between a shard and the manager; `quellenRate` keeps them apart from discord.js's own. */
interface RateRequest {
  quellenRate: 'take';
  id: number;
  bucket: RateBucket;
  userId: string;
}
interface RateReply {
  quellenRate: 'decision';
  id: number;
  decision: RateDecision;
}

/**
 * A shard's budgets, held by the sharding manager so that a user's limit is one limit however
 * many shards their servers are spread over. When the manager does not answer within
 * `timeoutMs`, the shard decides with a local limiter of its own (never unlimited).
 */
export class ShardRateLimits implements RateLimits {
  private readonly pending = new Map<number, (decision: RateDecision) => void>();
  private readonly fallback: LocalRateLimits;
  private nextId = 1;

  constructor(
    readonly questionsPerMinute: number,
    private readonly channel: {
      send(message: RateRequest): unknown;
      on(event: 'message', listener: (message: unknown) => void): unknown;
    },
    private readonly timeoutMs = 1000,
  ) {
    this.fallback = new LocalRateLimits(questionsPerMinute);
    channel.on('message', (message) => {
      if (!isReply(message)) return;
      this.pending.get(message.id)?.(message.decision);
      this.pending.delete(message.id);
    });
  }

  take(bucket: RateBucket, userId: string): Promise<RateDecision> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve(this.fallback.take(bucket, userId));
      }, this.timeoutMs);
      this.pending.set(id, (decision) => {
        clearTimeout(timer);
        resolve(decision);
      });
      try {
        this.channel.send({ quellenRate: 'take', id, bucket, userId });
      } catch {
        clearTimeout(timer);
        this.pending.delete(id);
        resolve(this.fallback.take(bucket, userId));
      }
    });
  }
}

/** Answers the shards' budget requests from one {@link LocalRateLimits} in the manager. */
export function serveRateLimits(manager: ShardingManager, limits: LocalRateLimits): void {
  manager.on('shardCreate', (shard) => {
    shard.on('message', (message: unknown) => {
      if (!isRequest(message)) return;
      void limits.take(message.bucket, message.userId).then((decision) => {
        const reply: RateReply = { quellenRate: 'decision', id: message.id, decision };
        void shard.send(reply).catch(() => undefined);
      });
    });
  });
}

function isRequest(message: unknown): message is RateRequest {
  const m = message as Partial<RateRequest> | null;
  return (
    m?.quellenRate === 'take' &&
    typeof m.id === 'number' &&
    (m.bucket === 'questions' || m.bucket === 'interactions' || m.bucket === 'autocomplete') &&
    typeof m.userId === 'string'
  );
}

function isReply(message: unknown): message is RateReply {
  const m = message as Partial<RateReply> | null;
  return m?.quellenRate === 'decision' && typeof m.id === 'number' && typeof m.decision === 'object';
}
