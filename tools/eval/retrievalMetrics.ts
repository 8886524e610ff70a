/** Ranking metrics and the deterministic question split used by the retrieval evaluation. */

/** Recall at 1 and 5 and mean reciprocal rank over a set of questions. */
export interface RankingMetrics {
  /** Number of questions. */
  n: number;
  r1: number;
  r5: number;
  /** Mean of 1/rank of the first gold hit within the evaluated depth (0 when not found). */
  mrr: number;
}

/** Which half of a suite a question belongs to: parameters are chosen on `tune`, quoted on `report`. */
export type Half = 'tune' | 'report';

/** 32-bit FNV-1a of a string's UTF-16 code units. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * The half a question id falls in, by hash, so the split is stable across runs and machines and
 * identical for parallel questions that share an id (XQuAD de and en).
 */
export function halfOf(questionId: string): Half {
  return fnv1a(questionId) % 2 === 0 ? 'tune' : 'report';
}

/**
 * 1-based rank of the first result that belongs to the gold unit, or undefined when none does.
 * `rankedUnitIds` are the unit (article) ids of the ranked passages, best first.
 */
export function goldRank(rankedUnitIds: readonly string[], goldUnitId: string): number | undefined {
  const index = rankedUnitIds.indexOf(goldUnitId);
  return index < 0 ? undefined : index + 1;
}

/** Metrics from the gold rank of each question (undefined = not retrieved). */
export function metricsFromRanks(ranks: ReadonlyArray<number | undefined>): RankingMetrics {
  let r1 = 0;
  let r5 = 0;
  let rr = 0;
  for (const rank of ranks) {
    if (rank === undefined) continue;
    if (rank <= 1) r1++;
    if (rank <= 5) r5++;
    rr += 1 / rank;
  }
  const n = ranks.length;
  return n === 0 ? { n, r1: 0, r5: 0, mrr: 0 } : { n, r1: r1 / n, r5: r5 / n, mrr: rr / n };
}

/** The p-th percentile (0–100) by nearest rank; 0 for no values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}
