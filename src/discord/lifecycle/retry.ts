import { setTimeout as sleep } from 'node:timers/promises';

/** Error codes of a network that is down or a host that cannot be reached (not of a refused login). */
const NETWORK_CODES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
]);

/**
 * Whether an error means Discord could not be reached (DNS, refused or reset connections,
 * timeouts), so trying again later may work; a refused token or missing intents are not.
 */
export function isNetworkError(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth += 1) {
    const { code, message, cause } = current as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return true;
    if (typeof message === 'string' && /^(fetch failed|Connect Timeout Error)/.test(message)) return true;
    current = cause;
  }
  return false;
}

/** One line naming why a try failed: the error's code or first message line. */
export function failureReason(error: unknown): string {
  for (let current = error, depth = 0; current && depth < 5; depth += 1) {
    const { code, cause } = current as { code?: unknown; cause?: unknown };
    if (typeof code === 'string' && NETWORK_CODES.has(code)) {
      const { hostname } = current as { hostname?: unknown };
      return typeof hostname === 'string' ? `${code} ${hostname}` : code;
    }
    current = cause;
  }
  return error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
}

export interface RetryOptions {
  /** Whether a failure is worth another try; others are thrown at once. */
  retryable: (error: unknown) => boolean;
  /** Told before each wait. */
  onRetry: (error: unknown, delayMs: number, attempt: number) => void;
  /** First wait; each further one doubles, up to `maxDelayMs`. Default 2 s. */
  initialDelayMs?: number;
  /** Default 60 s. */
  maxDelayMs?: number;
  /** Ends the waiting (the abort reason is thrown). */
  signal?: AbortSignal;
  /** Replaces the timer (tests). */
  wait?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * Runs `action` until it succeeds, waiting with exponential backoff after each retryable failure
 * (a bot started before its network is up keeps trying instead of exiting). Throws the first
 * failure that is not retryable, or the abort reason once `signal` aborts.
 */
export async function retryWithBackoff<T>(action: () => Promise<T>, options: RetryOptions): Promise<T> {
  const wait = options.wait ?? ((ms: number, signal?: AbortSignal) => sleep(ms, undefined, { signal }));
  let delay = options.initialDelayMs ?? 2_000;
  const maxDelay = options.maxDelayMs ?? 60_000;
  for (let attempt = 1; ; attempt += 1) {
    options.signal?.throwIfAborted();
    try {
      return await action();
    } catch (error) {
      if (!options.retryable(error)) throw error;
      options.onRetry(error, delay, attempt);
      await wait(delay, options.signal).catch((waitError: unknown) => {
        options.signal?.throwIfAborted();
        throw waitError;
      });
      delay = Math.min(maxDelay, delay * 2);
    }
  }
}
