/** Outcome of {@link RateLimiter.take}. */
export type RateDecision = { ok: true } | { ok: false; retryAfterMs: number };

/**
 * Per-user sliding-window limit: at most `limit` events in any `windowMs`. Users whose
 * window has emptied are forgotten, so the map does not grow with every user ever seen.
 */
export class RateLimiter {
  private readonly events = new Map<string, number[]>();
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
    const recent = (this.events.get(key) ?? []).filter((at) => now - at < this.windowMs);
    if (recent.length >= this.limit) {
      this.events.set(key, recent);
      const oldest = recent[0] ?? now;
      return { ok: false, retryAfterMs: Math.max(1, oldest + this.windowMs - now) };
    }
    recent.push(now);
    this.events.set(key, recent);
    if (this.events.size > 10_000) this.prune(now);
    return { ok: true };
  }

  private prune(now: number): void {
    for (const [key, times] of this.events) {
      if (times.every((at) => now - at >= this.windowMs)) this.events.delete(key);
    }
  }
}
