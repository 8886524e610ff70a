import { splitSentences } from '../chunking/sentences';
import { contentTerms, termMatch, termSet } from '../text/termMatch';
import type { Passage, ScoredPassage } from '../types';

/**
 * Second-stage ranking by focus: a passage that answers a question usually holds the question's
 * rare terms together in one sentence, while a passage that only shares the topic scatters them
 * over several. BM25 and the embedding both see a passage as one bag of words and cannot tell
 * the two apart; the focus of the first few fused results can.
 */
export interface FocusOptions {
  /** How many of the best fused passages are re-ranked; the rest keep their order below them. */
  candidates: number;
  /** Multiplies the focus (0–1) before it is added to the fused score; 0 leaves the ranking as fused. */
  weight: number;
}

/**
 * The first fused score is at most 0.65 (DEFAULT_FUSION_OPTIONS), so weight 2 lets a passage that
 * clearly holds more of the question overtake it. Chosen on the tuning halves (tools/eval/REPORT.md).
 */
export const DEFAULT_FOCUS_OPTIONS: FocusOptions = { candidates: 20, weight: 2 };

/** How much a term says about a passage: rare terms weigh more (the collection's idf). */
export type TermWeight = (term: string) => number;

/** BM25's inverse document frequency of a term found in `documentFrequency` of `documentCount` passages. */
export function bm25Idf(documentFrequency: number, documentCount: number): number {
  return Math.log(1 + (documentCount - documentFrequency + 0.5) / (documentFrequency + 0.5));
}

/** The content terms of each sentence of a text, in order. */
export function sentenceTerms(text: string): Array<ReadonlySet<string>> {
  return splitSentences(text).map((span) => termSet(text.slice(span.start, span.end)));
}

/**
 * The weighted share (0–1) of the query terms held by the best single sentence. Terms match as
 * in answer scoring: exactly, or at half credit as part of a compound or as a word of the family.
 */
export function sentenceFocus(
  queryTerms: readonly string[],
  sentences: ReadonlyArray<ReadonlySet<string>>,
  weight: TermWeight,
): number {
  const weights = queryTerms.map(weight);
  const total = weights.reduce((sum, w) => sum + w, 0);
  if (total <= 0) return 0;
  let best = 0;
  for (const terms of sentences) {
    let matched = 0;
    queryTerms.forEach((term, i) => {
      matched += weights[i]! * termMatch(term, terms);
    });
    best = Math.max(best, matched / total);
  }
  return best;
}

/**
 * Passages whose sentence terms a reranker keeps. Splitting and analysing 20 passages costs about
 * 1.5 ms, looking them up again 0.3 ms; the bound keeps a bot serving a large collection for weeks
 * from holding the terms of every passage it ever ranked (a few KB each).
 */
const SENTENCE_CACHE_LIMIT = 5000;

/**
 * Re-ranks the first fused passages by fused score plus weighted focus. Sentence terms are kept
 * per passage object, least recently used out first, so passages that come up again are not split
 * and analysed again. An index generation gets its own retriever and so its own reranker.
 */
export class FocusReranker {
  private readonly sentencesOf = new Map<Passage, ReadonlyArray<ReadonlySet<string>>>();

  constructor(
    private readonly options: FocusOptions = DEFAULT_FOCUS_OPTIONS,
    private readonly cacheLimit = SENTENCE_CACHE_LIMIT,
  ) {}

  /**
   * The hits (best first) with the first `candidates` re-ranked; each of them carries its
   * `focus`, and `score` becomes fused score plus weighted focus. Equal scores keep the fused order.
   */
  rerank(query: string, hits: readonly ScoredPassage[], weight: TermWeight): ScoredPassage[] {
    const { candidates } = this.options;
    if (this.options.weight <= 0 || candidates <= 0) return [...hits];
    const queryTerms = contentTerms(query);
    const weights = new Map(queryTerms.map((term) => [term, weight(term)]));
    const knownWeight = (term: string) => weights.get(term) ?? 0;
    const head = hits.slice(0, candidates).map((hit, fusedRank) => {
      const focus = sentenceFocus(queryTerms, this.sentences(hit.passage), knownWeight);
      return { hit: { ...hit, score: hit.score + this.options.weight * focus, focus }, fusedRank };
    });
    head.sort((a, b) => b.hit.score - a.hit.score || a.fusedRank - b.fusedRank);
    return [...head.map(({ hit }) => hit), ...hits.slice(candidates)];
  }

  private sentences(passage: Passage): ReadonlyArray<ReadonlySet<string>> {
    let sentences = this.sentencesOf.get(passage);
    if (sentences) {
      // Re-inserted, so the map's insertion order is the order of last use.
      this.sentencesOf.delete(passage);
    } else {
      sentences = sentenceTerms(passage.text);
      if (this.sentencesOf.size >= this.cacheLimit) {
        const oldest = this.sentencesOf.keys().next();
        if (!oldest.done) this.sentencesOf.delete(oldest.value);
      }
    }
    this.sentencesOf.set(passage, sentences);
    return sentences;
  }

  /** Number of passages whose sentence terms are kept. */
  get cachedPassages(): number {
    return this.sentencesOf.size;
  }
}
