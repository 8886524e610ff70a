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
  const groups: Array<{ key: string; terms: Array<{ term: string; weight: number }> }> = [];
  for (const term of queryTerms) {
    const hits = matchingTexts(term, pool);
    const key = hits.length >= 2 ? hits.join(',') : '';
    const entry = { term, weight: idf(hits.length, pool.length) };
    const last = groups[groups.length - 1];
    if (last && key !== '' && key === last.key) last.terms.push(entry);
    else groups.push({ key, terms: [entry] });
  }
  const weights = new Map<string, number>();
  for (const group of groups) {
    for (const { term, weight } of group.terms) weights.set(term, weight / group.terms.length);
  }
  return (term) => weights.get(term) ?? 1;
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
