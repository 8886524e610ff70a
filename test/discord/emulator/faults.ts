import type { DelaySpec, FailSpec, FaultMatcher } from './types';

interface Pending<T> {
  spec: T;
  remaining: number;
}

function matches(matcher: FaultMatcher, method: string, path: string): boolean {
  if (matcher.method && matcher.method.toUpperCase() !== method.toUpperCase()) return false;
  const pattern = matcher.pathPattern;
  if (pattern === undefined) return true;
  return typeof pattern === 'string' ? path.includes(pattern) : pattern.test(path);
}

/** Queues of injected failures and delays; each matching request consumes one use, first queued first. */
export class FaultInjector {
  private readonly failures: Pending<FailSpec>[] = [];
  private readonly delays: Pending<DelaySpec>[] = [];

  /** Queues a failure. */
  fail(spec: FailSpec): void {
    this.failures.push({ spec, remaining: spec.count ?? 1 });
  }

  /** Queues a delay. */
  delay(spec: DelaySpec): void {
    this.delays.push({ spec, remaining: spec.count ?? 1 });
  }

  /** Consumes and returns the failure for this request, if any. */
  takeFailure(method: string, path: string): FailSpec | undefined {
    return take(this.failures, method, path);
  }

  /** Consumes and returns the delay for this request, if any. */
  takeDelay(method: string, path: string): DelaySpec | undefined {
    return take(this.delays, method, path);
  }

  /** Drops all queued faults. */
  clear(): void {
    this.failures.length = 0;
    this.delays.length = 0;
  }
}

function take<T extends FaultMatcher>(queue: Pending<T>[], method: string, path: string): T | undefined {
  const index = queue.findIndex((p) => matches(p.spec, method, path));
  if (index === -1) return undefined;
  const pending = queue[index]!;
  pending.remaining -= 1;
  if (pending.remaining <= 0) queue.splice(index, 1);
  return pending.spec;
}

/** Response for an injected failure: status, headers and a Discord-shaped JSON body. */
export function failureResponse(spec: FailSpec): {
  status: number;
  headers: Record<string, string>;
  body: unknown;
} {
  if (spec.status === 429) {
    const retryAfter = spec.retryAfterSeconds ?? 1;
    const global = spec.global ?? false;
    const headers: Record<string, string> = {
      // Real Discord sends whole seconds; fractions are accepted by discord.js and keep tests fast.
      'retry-after': String(retryAfter),
      'x-ratelimit-limit': '5',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': String((Date.now() / 1000 + retryAfter).toFixed(3)),
      'x-ratelimit-reset-after': String(retryAfter),
      'x-ratelimit-bucket': 'emulator-bucket',
      'x-ratelimit-scope': global ? 'global' : 'user',
    };
    if (global) headers['x-ratelimit-global'] = 'true';
    return {
      status: 429,
      headers,
      body: spec.body ?? { message: 'You are being rate limited.', retry_after: retryAfter, global },
    };
  }
  return {
    status: spec.status,
    headers: {},
    body: spec.body ?? { message: `${spec.status}: Emulated failure`, code: 0 },
  };
}
