import { readFileSync } from 'node:fs';
/** Small statistics for benchmark figures: nearest-rank percentiles, medians, ratios. */

/** Latency summary of one measured step, in milliseconds. */
export interface LatencySummary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  max: number;
}

/**
 * The p-th percentile (0–100) by nearest rank: the smallest value with at least p % of the
 * values at or below it. Nearest rank never interpolates, so p99 of 200 samples is a real sample.
 * Returns NaN for no values (a missing figure must not look like a fast one).
 *
 * @example
 * percentile([4, 1, 3, 2], 50); // 2
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be within 0..100, got ${p}`);
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

/** Median (mean of the two middle values for an even count); NaN for no values. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** p50/p95/p99, mean and max of a set of latencies. */
export function summarizeLatencies(values: readonly number[]): LatencySummary {
  const n = values.length;
  let sum = 0;
  let max = n === 0 ? Number.NaN : -Infinity;
  for (const value of values) {
    sum += value;
    if (value > max) max = value;
  }
  return {
    n,
    p50: percentile(values, 50),
    p95: percentile(values, 95),
    p99: percentile(values, 99),
    mean: n === 0 ? Number.NaN : sum / n,
    max,
  };
}

/** `ours / peer`, or NaN when either side is missing or the peer is zero. */
export function ratio(ours: number, peer: number): number {
  if (!Number.isFinite(ours) || !Number.isFinite(peer) || peer === 0) return Number.NaN;
  return ours / peer;
}

/** Milliseconds since `start` (a `performance.now()` value). */
export function since(start: number): number {
  return performance.now() - start;
}

/** Process CPU time (user + system, all threads) in milliseconds; steadier than wall time on a busy host. */
export function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * Peak resident memory of this process in KiB. On Linux from `VmHWM`, which starts afresh when a
 * program is executed: `getrusage`'s `maxRSS` keeps the high-water mark of the process that
 * spawned it (a child started by a worker holding 400 MiB reports 400 MiB however little it
 * uses). Elsewhere `maxRSS`.
 */
export function peakRssKiB(): number {
  try {
    const match = /^VmHWM:\s*(\d+)\s*kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match) return Number(match[1]);
  } catch {
    // Not Linux: fall through.
  }
  return process.resourceUsage().maxRSS;
}
