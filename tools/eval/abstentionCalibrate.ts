import { percentile } from './retrievalMetrics';

/**
 * The calibration maths of abstention, kept pure so it can be tested on hand-made cases: how a
 * threshold on the relevance score separates answerable from unanswerable questions, and which
 * threshold (and which weighting of the score's parts) separates them best.
 *
 * The answerer abstains when `score < threshold` (as `ExtractiveAnswerer` does), so "positive"
 * below means "abstained".
 */

/** One evaluation case: the relevance score it got and whether its corpus holds the answer. */
export interface ScoredCase {
  score: number;
  answerable: boolean;
}

/** How a threshold does on a set of cases. Rates are 0 when their denominator is 0. */
export interface AbstentionMetrics {
  answerable: number;
  unanswerable: number;
  /** Answerable cases that were answered (not abstained). */
  answered: number;
  /** Unanswerable cases that abstained. */
  abstainedCorrectly: number;
  /** Share of abstentions that were on unanswerable cases. */
  abstentionPrecision: number;
  /** Share of unanswerable cases that abstained. */
  abstentionRecall: number;
  /** Share of answerable cases that were answered. */
  answeredWhenAnswerable: number;
  /** Mean of abstention recall and answered-when-answerable: accuracy that ignores the class ratio. */
  balancedAccuracy: number;
  /** Harmonic mean of abstention precision and recall. */
  abstentionF1: number;
}

const ratio = (a: number, b: number): number => (b > 0 ? a / b : 0);

/** Counts and rates of abstaining on every case with `score < threshold`. */
export function evaluateThreshold(cases: readonly ScoredCase[], threshold: number): AbstentionMetrics {
  let answerable = 0;
  let answered = 0;
  let unanswerable = 0;
  let abstainedCorrectly = 0;
  for (const c of cases) {
    const abstains = c.score < threshold;
    if (c.answerable) {
      answerable += 1;
      if (!abstains) answered += 1;
    } else {
      unanswerable += 1;
      if (abstains) abstainedCorrectly += 1;
    }
  }
  const abstainedWrongly = answerable - answered;
  const abstentionPrecision = ratio(abstainedCorrectly, abstainedCorrectly + abstainedWrongly);
  const abstentionRecall = ratio(abstainedCorrectly, unanswerable);
  const answeredWhenAnswerable = ratio(answered, answerable);
  return {
    answerable,
    unanswerable,
    answered,
    abstainedCorrectly,
    abstentionPrecision,
    abstentionRecall,
    answeredWhenAnswerable,
    balancedAccuracy: (abstentionRecall + answeredWhenAnswerable) / 2,
    abstentionF1: ratio(2 * abstentionPrecision * abstentionRecall, abstentionPrecision + abstentionRecall),
  };
}

/**
 * The threshold with the highest balanced accuracy on `cases`. Candidates are the midpoints
 * between consecutive distinct scores (plus one below the lowest and one above the highest), so
 * the chosen threshold keeps the widest margin the data allows; among equally good candidates the
 * lowest wins, since a needless abstention is the more visible failure to a user who asked.
 */
export function chooseThreshold(cases: readonly ScoredCase[]): {
  threshold: number;
  metrics: AbstentionMetrics;
} {
  const scores = [...new Set(cases.map((c) => c.score))].sort((a, b) => a - b);
  const candidates: number[] = [];
  if (scores.length > 0) {
    candidates.push(scores[0]! - 0.01);
    for (let i = 1; i < scores.length; i++) candidates.push((scores[i - 1]! + scores[i]!) / 2);
    candidates.push(scores[scores.length - 1]! + 0.01);
  } else {
    candidates.push(0);
  }
  // One sorted sweep instead of re-counting per candidate: the run is quadratic otherwise.
  const sorted = [...cases].sort((a, b) => a.score - b.score);
  const answerable = cases.filter((c) => c.answerable).length;
  const unanswerable = cases.length - answerable;
  let best = candidates[0]!;
  let bestValue = Number.NEGATIVE_INFINITY;
  let below = 0;
  let abstainedAnswerable = 0;
  let abstainedUnanswerable = 0;
  for (const threshold of candidates) {
    while (below < sorted.length && sorted[below]!.score < threshold) {
      if (sorted[below]!.answerable) abstainedAnswerable += 1;
      else abstainedUnanswerable += 1;
      below += 1;
    }
    const value =
      (ratio(abstainedUnanswerable, unanswerable) + ratio(answerable - abstainedAnswerable, answerable)) / 2;
    // A tolerance keeps floating-point noise from breaking ties in favour of a higher threshold.
    if (value > bestValue + 1e-12) {
      bestValue = value;
      best = threshold;
    }
  }
  return { threshold: best, metrics: evaluateThreshold(cases, best) };
}

/** The raw parts of a case's relevance (see `RelevanceReport`), from which any weighting is recomputed. */
export interface RelevanceParts {
  coverage: number;
  dense: number;
  /** The similarity of unrelated passages of the case's corpus (`unrelatedSimilarity`), as the app measures it. */
  unrelated?: number;
  /**
   * Added to the case's relevance before it meets a threshold: a translated question's is judged
   * against a threshold lower by `TRANSLATED_RELEVANCE_DISCOUNT`, the same as its relevance raised by it.
   */
  offset?: number;
  answerable: boolean;
}

/**
 * The weighting of the relevance score: `w·coverage + (1−w)·clamp((dense − floor)/(1 − floor))`,
 * the floor either fixed or `measured`: each case's unrelated-passage similarity, as the app uses it.
 */
export interface RelevanceWeights {
  coverageWeight: number;
  denseFloor: number | 'measured';
}

/** The relevance score of one case under a weighting; the same formula as `scoreSentences`. */
export function relevanceOf(
  parts: { coverage: number; dense: number; unrelated?: number; offset?: number },
  weights: RelevanceWeights,
): number {
  const { coverageWeight } = weights;
  const denseFloor = Math.min(
    weights.denseFloor === 'measured' ? (parts.unrelated ?? 0) : weights.denseFloor,
    0.95,
  );
  const denseEvidence = Math.min(1, Math.max(0, (parts.dense - denseFloor) / (1 - denseFloor)));
  return coverageWeight * parts.coverage + (1 - coverageWeight) * denseEvidence + (parts.offset ?? 0);
}

/** Scores cases under a weighting. */
export function scoreCases(cases: readonly RelevanceParts[], weights: RelevanceWeights): ScoredCase[] {
  return cases.map((c) => ({ score: relevanceOf(c, weights), answerable: c.answerable }));
}

/** A weighting with its best threshold and how it did where it was chosen. */
export interface Calibration extends RelevanceWeights {
  threshold: number;
  metrics: AbstentionMetrics;
}

/**
 * The weighting and threshold with the highest balanced accuracy on `cases`, searched over
 * `grid` (in order; a later weighting must be strictly better to win, so put the current
 * defaults first and they are kept unless the data says otherwise).
 */
export function calibrate(cases: readonly RelevanceParts[], grid: readonly RelevanceWeights[]): Calibration {
  let best: Calibration | undefined;
  for (const weights of grid) {
    const { threshold, metrics } = chooseThreshold(scoreCases(cases, weights));
    if (!best || metrics.balancedAccuracy > best.metrics.balancedAccuracy + 1e-12) {
      best = { ...weights, threshold, metrics };
    }
  }
  if (!best) throw new Error('calibrate: empty grid');
  return best;
}

/** Every combination of the given coverage weights and dense floors, `first` in front. */
export function weightGrid(
  first: RelevanceWeights,
  coverageWeights: readonly number[],
  denseFloors: ReadonlyArray<RelevanceWeights['denseFloor']>,
): RelevanceWeights[] {
  const grid = [first];
  for (const coverageWeight of coverageWeights) {
    for (const denseFloor of denseFloors) grid.push({ coverageWeight, denseFloor });
  }
  return grid;
}

/** Nearest-rank quantiles of a score distribution. */
export interface Quantiles {
  n: number;
  p5: number;
  p25: number;
  p50: number;
  p75: number;
  p95: number;
}

export function quantiles(values: readonly number[]): Quantiles {
  return {
    n: values.length,
    p5: percentile(values, 5),
    p25: percentile(values, 25),
    p50: percentile(values, 50),
    p75: percentile(values, 75),
    p95: percentile(values, 95),
  };
}
