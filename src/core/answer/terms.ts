import { FAMILY_MIN_PREFIX, FAMILY_MIN_SHARE, analyze } from '../text/analysis';

/*
 * German compounds hide question terms inside longer words ("Miliz" in "Terrormiliz"). A
 * containment match counts half, and only for parts long enough not to match by accident.
 */
const PARTIAL_MIN_LENGTH = 5;
const PARTIAL_CREDIT = 0.5;
/*
 * Words of one family share a long stem the stemmer leaves apart ("dirigierte" → dirigiert,
 * "Dirigent" → dirigent): a common prefix of at least 5 letters and 60 % of the shorter word
 * counts as a partial match. The share keeps prefixes like "zurück-" from matching
 * "zurückerobert" with "zurückgezogen".
 */

/** The distinct content terms of a text (folded, stemmed, stop words removed). */
export function contentTerms(text: string): string[] {
  return [...new Set(analyze(text))];
}

/** How well `term` is matched by a set of terms: 1 exact, 0.5 as part of a compound, else 0. */
export function termMatch(term: string, terms: ReadonlySet<string>): number {
  if (terms.has(term)) return 1;
  for (const other of terms) {
    const [short, long] = other.length < term.length ? [other, term] : [term, other];
    if (short.length >= PARTIAL_MIN_LENGTH && long.includes(short)) return PARTIAL_CREDIT;
    if (sameFamily(short, long)) return PARTIAL_CREDIT;
  }
  return 0;
}

function sameFamily(short: string, long: string): boolean {
  if (short.length < FAMILY_MIN_PREFIX) return false;
  let prefix = 0;
  while (prefix < short.length && short.charCodeAt(prefix) === long.charCodeAt(prefix)) prefix += 1;
  return prefix >= FAMILY_MIN_PREFIX && prefix >= FAMILY_MIN_SHARE * short.length;
}

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
