import type { Passage, ScoredPassage } from '../types';
import type { LexicalHit } from './lexical';

/** Weighted reciprocal rank fusion: score = Σ weight / (k + rank), rank starting at 1. */
export interface FusionOptions {
  /** Larger values flatten the difference between ranks. */
  k: number;
  denseWeight: number;
  lexicalWeight: number;
}

/**
 * Reciprocal rank fusion weighted towards the lexical ranking, for the built-in embedder (see
 * tools/eval/REPORT.md). A neural embedder is likely to want a larger dense weight: re-run the tuning.
 */
export const DEFAULT_FUSION_OPTIONS: FusionOptions = { k: 1, denseWeight: 0.3, lexicalWeight: 1 };

/**
 * Fuses a dense and a lexical ranking (each best first) into one, best first. Each passage keeps
 * the raw scores it had in either list (`dense` cosine, `lexical` BM25); `score` is the fused score.
 * Lexical hits whose passage is unknown are dropped. Ties keep the better single rank first, then id order,
 * so the result does not depend on the order of equal inputs.
 */
export function fuseRankings(
  dense: readonly ScoredPassage[],
  lexical: readonly LexicalHit[],
  passageById: (id: string) => Passage | undefined,
  options: FusionOptions = DEFAULT_FUSION_OPTIONS,
): ScoredPassage[] {
  const fused = new Map<string, ScoredPassage & { bestRank: number }>();
  dense.forEach((hit, i) => {
    if (fused.has(hit.passage.id)) return;
    fused.set(hit.passage.id, {
      passage: hit.passage,
      score: options.denseWeight / (options.k + i + 1),
      dense: hit.dense ?? hit.score,
      bestRank: i + 1,
    });
  });
  const seenLexical = new Set<string>();
  lexical.forEach((hit, i) => {
    if (seenLexical.has(hit.id)) return;
    seenLexical.add(hit.id);
    const contribution = options.lexicalWeight / (options.k + i + 1);
    const existing = fused.get(hit.id);
    if (existing) {
      existing.score += contribution;
      existing.lexical = hit.score;
      existing.bestRank = Math.min(existing.bestRank, i + 1);
      return;
    }
    const passage = passageById(hit.id);
    if (passage) fused.set(hit.id, { passage, score: contribution, lexical: hit.score, bestRank: i + 1 });
  });
  return [...fused.values()]
    .sort(
      (a, b) =>
        b.score - a.score ||
        a.bestRank - b.bestRank ||
        (a.passage.id < b.passage.id ? -1 : a.passage.id > b.passage.id ? 1 : 0),
    )
    .map(({ bestRank: _bestRank, ...hit }) => hit);
}
