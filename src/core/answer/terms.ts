import { analyze } from '../text/analysis';
import { termMatch } from '../text/termMatch';

/**
 * Weighted share of `queryTerms` found in `terms`, in [0, 1]. Without weights every term counts
 * the same. Returns 0 when there are no query terms.
 */
export function termCoverage(
  queryTerms: readonly string[],
  terms: ReadonlySet<string>,
  weight: (term: string) => number = () => 1,
): number {
  return contextualCoverage(queryTerms, terms, NO_TERMS, 0, weight);
}

const NO_TERMS: ReadonlySet<string> = new Set();

/**
 * Inverse document frequency of each query term over a small pool of texts (the candidate
 * sentences), so that terms specific to the question outweigh terms every candidate shares.
 */
export function localIdf(
  queryTerms: readonly string[],
  pool: ReadonlyArray<ReadonlySet<string>>,
): (term: string) => number {
  const weights = new Map<string, number>();
  for (const term of queryTerms) weights.set(term, idf(matchingTexts(term, pool).length, pool.length));
  return (term) => weights.get(term) ?? 1;
}

function idf(documentFrequency: number, poolSize: number): number {
  return Math.log(1 + (poolSize + 1) / (documentFrequency + 0.5));
}

/** Indexes of the texts in `pool` that match `term`. */
function matchingTexts(term: string, pool: ReadonlyArray<ReadonlySet<string>>): number[] {
  const hits: number[] = [];
  pool.forEach((terms, i) => {
    if (termMatch(term, terms) > 0) hits.push(i);
  });
  return hits;
}

/**
 * {@link localIdf}, except that neighbouring query terms found in exactly the same texts (at least
 * two) share one weight: they are one recurring name split into words ("Deir al-Sor" → deir, al,
 * sor), and counting each word would let the article's topic outweigh what the question asks.
 */
export function phraseAwareIdf(
  queryTerms: readonly string[],
  pool: ReadonlyArray<ReadonlySet<string>>,
): (term: string) => number {
  const shares = sharedIdf(
    queryTerms.map((term) => matchingTexts(term, pool)),
    pool.length,
  );
  const weights = new Map<string, number>();
  queryTerms.forEach((term, i) => weights.set(term, shares[i] as number));
  return (term) => weights.get(term) ?? 1;
}

/**
 * The idf of each entry, given the texts it matches, with neighbours matching exactly the same
 * texts (at least two) sharing one weight (see {@link phraseAwareIdf}).
 */
function sharedIdf(hits: ReadonlyArray<readonly number[]>, poolSize: number): number[] {
  const weights: number[] = [];
  let start = 0;
  while (start < hits.length) {
    const key = hits[start]!.length >= 2 ? hits[start]!.join(',') : '';
    let end = start + 1;
    while (key !== '' && end < hits.length && hits[end]!.join(',') === key) end += 1;
    for (let i = start; i < end; i += 1) weights.push(idf(hits[i]!.length, poolSize) / (end - start));
    start = end;
  }
  return weights;
}

/** One concept of a translated question, as sentence overlap counts it. */
export interface WeightedConcept {
  /** The analysed terms of the words that stand for it. */
  terms: readonly string[];
  weight: number;
}

/**
 * A translated question's concepts (see `QueryExpansion.concepts`) weighted for sentence overlap:
 * a concept's document frequency counts the texts of `pool` holding any of its terms, and with
 * `groupPhrases` neighbouring concepts found in exactly the same texts share one weight, as in
 * {@link phraseAwareIdf}. Only `queryTerms` count (the question's terms worth matching). Each term
 * counts once, in the first concept that has it; one that no concept has stands alone, and a
 * concept left without terms is dropped.
 *
 * @example
 * // "What did IS destroy in Palmyra?": IS and its translation "Islamischer Staat" are one concept,
 * // so "… Terrormiliz "Islamischer Staat" (IS)" holds one concept, not three terms.
 * weightedConcepts([['IS', 'Islamischer Staat'], ['zerstören', 'destroy'], ['Palmyra']], terms, pool);
 */
export function weightedConcepts(
  concepts: ReadonlyArray<readonly string[]>,
  queryTerms: readonly string[],
  pool: ReadonlyArray<ReadonlySet<string>>,
  groupPhrases = true,
): WeightedConcept[] {
  const counted = new Set(queryTerms);
  const taken = new Set<string>();
  const grouped: string[][] = concepts.map(() => []);
  // Words read as inside the expansion first, which is where the counted terms were analysed (a
  // capitalised word there is not first in a sentence: "Verband", not the verb form
  // "verbinden"); then as at its start, for the expansion's first word, once every concept has
  // taken its own terms ("Verband" read as "verbinden" must not take the verb's term).
  for (const inSentence of [true, false]) {
    concepts.forEach((words, c) => {
      for (const word of words) {
        for (const term of analyze(word, { inSentence })) {
          if (counted.has(term) && !taken.has(term)) {
            taken.add(term);
            grouped[c]!.push(term);
          }
        }
      }
    });
  }
  const groups = grouped.filter((terms) => terms.length > 0);
  for (const term of counted) if (!taken.has(term)) groups.push([term]);
  const hits = groups.map((terms) => {
    const found: number[] = [];
    pool.forEach((text, i) => {
      if (terms.some((term) => termMatch(term, text) > 0)) found.push(i);
    });
    return found;
  });
  const weights = groupPhrases
    ? sharedIdf(hits, pool.length)
    : hits.map((found) => idf(found.length, pool.length));
  return groups.map((terms, i) => ({ terms, weight: weights[i] as number }));
}

/**
 * Like {@link contextualCoverage}, over concepts: a concept counts with its best-matched term, so
 * a text holding several words of one concept holds it once.
 */
export function conceptCoverage(
  concepts: readonly WeightedConcept[],
  terms: ReadonlySet<string>,
  context: ReadonlySet<string>,
  contextCredit: number,
): number {
  let total = 0;
  let matched = 0;
  for (const concept of concepts) {
    total += concept.weight;
    let best = 0;
    for (const term of concept.terms) {
      let match = termMatch(term, terms);
      if (match < 1 && contextCredit > 0) match = Math.max(match, contextCredit * termMatch(term, context));
      best = Math.max(best, match);
    }
    matched += concept.weight * best;
  }
  return total > 0 ? matched / total : 0;
}

/**
 * Like {@link termCoverage}, but a term the text lacks still earns `contextCredit` of its weight
 * when the surrounding `context` (the sentence's passage) has it: a sentence need not repeat the
 * place or name its paragraph is about.
 */
export function contextualCoverage(
  queryTerms: readonly string[],
  terms: ReadonlySet<string>,
  context: ReadonlySet<string>,
  contextCredit: number,
  weight: (term: string) => number = () => 1,
): number {
  let total = 0;
  let matched = 0;
  for (const term of queryTerms) {
    const w = weight(term);
    total += w;
    let match = termMatch(term, terms);
    if (match < 1 && contextCredit > 0) match = Math.max(match, contextCredit * termMatch(term, context));
    matched += w * match;
  }
  return total > 0 ? matched / total : 0;
}

/** Jaccard similarity of two term sets; 0 when both are empty. */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 0;
  let shared = 0;
  for (const term of a) if (b.has(term)) shared += 1;
  return shared / (a.size + b.size - shared);
}

/** Cosine similarity of two vectors (dot product; embedders return unit vectors). */
export function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i += 1) dot += (a[i] ?? 0) * (b[i] ?? 0);
  return dot;
}
