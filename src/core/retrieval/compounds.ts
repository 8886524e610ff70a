/**
 * German compound matching against the index vocabulary.
 *
 * German glues words together ("Welternährungsprogramm", "Regierungsexklave"), and the head of
 * a compound carries its meaning. A question that says "Exklave" should therefore find a passage
 * that says "Regierungsexklave", and a question that says "Welternährungsprogramm" should find
 * "Ernährungsprogramm". Rather than bloating the index with every suffix of every word, we look
 * terms up at query time in the vocabulary the index already has.
 */

/** Settings for compound expansion of query terms. */
export interface CompoundOptions {
  /** Query terms shorter than this are never expanded (short stems like "land" match too much). */
  minTermLength: number;
  /** Minimum length of the modifier in front of a head ("welt" in "weltmeister"). */
  minModifierLength: number;
  /** Minimum length of a head split off a query compound. */
  minHeadLength: number;
  /** At most this many compounds ending in a query term are added, shortest first. */
  maxExpansions: number;
  /**
   * Only query terms found in at most this many passages are expanded: a word the collection
   * uses often already matches well, and its compounds mostly add noise.
   */
  maxDocumentFrequency: number;
}

/** Defaults measured on the XQuAD/MLQA tuning halves (see tools/eval/retrievalTune.ts). */
export const DEFAULT_COMPOUND_OPTIONS: CompoundOptions = {
  minTermLength: 5,
  minModifierLength: 3,
  minHeadLength: 4,
  maxExpansions: 20,
  // Only words the collection does not contain are expanded (tools/eval/REPORT.md).
  maxDocumentFrequency: 0,
};

/** How a query term relates to a vocabulary term found for it. */
export type ExpansionKind = 'compound' | 'head' | 'modifier';

/** A vocabulary term found for a query term. */
export interface Expansion {
  term: string;
  kind: ExpansionKind;
}

/** The index vocabulary as compound expansion reads it. */
export interface Vocabulary {
  /** Whether the term is in the vocabulary. */
  has(term: string): boolean;
  /** Terms that end with `suffix` and are at least `minExtra` letters longer, shortest first, at most `limit`. */
  endingWith(suffix: string, minExtra: number, limit: number): string[];
}

/**
 * The vocabulary in two orders: ascending, for membership, and by reversed spelling, so that
 * "all terms ending in X" is one binary search. Immutable: build a new one when the
 * vocabulary changes.
 */
export class SuffixVocabulary implements Vocabulary {
  private constructor(
    /** Distinct terms in ascending UTF-16 order. */
    private readonly sorted: readonly string[],
    /** Positions in `sorted`, ordered by {@link compareReversed}. */
    private readonly byReversed: ArrayLike<number>,
  ) {}

  /** Sorts the terms (duplicates dropped) both ways. */
  static of(terms: Iterable<string>): SuffixVocabulary {
    const sorted = [...new Set(terms)].sort();
    const byReversed = sorted.map((_, i) => i).sort((a, b) => compareReversed(sorted[a]!, sorted[b]!));
    return new SuffixVocabulary(sorted, byReversed);
  }

  /**
   * Wraps orders that are already there (an index stores both); the caller guarantees that
   * `sorted` is ascending and distinct and `byReversed` orders its positions by reversed spelling.
   */
  static ofSorted(sorted: readonly string[], byReversed: ArrayLike<number>): SuffixVocabulary {
    return new SuffixVocabulary(sorted, byReversed);
  }

  /** Number of distinct terms. */
  get size(): number {
    return this.sorted.length;
  }

  has(term: string): boolean {
    const at = lowerBound(this.sorted.length, (i) => (this.sorted[i] as string) < term);
    return this.sorted[at] === term;
  }

  endingWith(suffix: string, minExtra: number, limit: number): string[] {
    const termAt = (i: number) => this.sorted[this.byReversed[i]!] as string;
    const from = lowerBound(this.byReversed.length, (i) => compareReversed(termAt(i), suffix) < 0);
    const found: string[] = [];
    for (let i = from; i < this.byReversed.length; i++) {
      const candidate = termAt(i);
      if (!candidate.endsWith(suffix)) break;
      if (candidate.length - suffix.length >= minExtra) found.push(candidate);
    }
    found.sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
    return found.slice(0, limit);
  }
}

/** Orders strings as their reversed spellings would sort (by UTF-16 code unit, shorter first). */
export function compareReversed(a: string, b: string): number {
  let i = a.length - 1;
  let j = b.length - 1;
  while (i >= 0 && j >= 0) {
    const difference = a.charCodeAt(i) - b.charCodeAt(j);
    if (difference !== 0) return difference;
    i -= 1;
    j -= 1;
  }
  return i - j;
}

/** The first of `0 … length - 1` for which `before` is false (`before` must be true, then false). */
function lowerBound(length: number, before: (i: number) => boolean): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Vocabulary terms a query term should also match: compounds that end in it (the query term is
 * their head) and, when the query term is itself a compound, its heads that occur in the vocabulary
 * and its modifier ({@link modifierOf}).
 */
export function expandTerm(
  term: string,
  vocabulary: Vocabulary,
  options: CompoundOptions = DEFAULT_COMPOUND_OPTIONS,
): Expansion[] {
  if (term.length < options.minTermLength || /^\p{N}+$/u.test(term)) return [];
  const expansions: Expansion[] = [];
  for (const compound of vocabulary.endingWith(term, options.minModifierLength, options.maxExpansions)) {
    expansions.push({ term: compound, kind: 'compound' });
  }
  // Longest head first: "welternahrungsprogramm" → "ernahrungsprogramm" before "programm".
  for (let split = options.minModifierLength; term.length - split >= options.minHeadLength; split++) {
    const head = term.slice(split);
    if (vocabulary.has(head)) expansions.push({ term: head, kind: 'head' });
  }
  const modifier = modifierOf(term, vocabulary);
  if (modifier !== undefined) expansions.push({ term: modifier, kind: 'modifier' });
  return expansions;
}

/** Linking elements between a compound's parts, longest first ("Forschungs-", "Autoren-"). */
const LINKING = ['es', 'en', 'er', 's', 'n', 'e'];
/** Shortest modifier split off a compound ("Tat-" in "Tatverdacht" is too short to say much). */
const MIN_SPLIT_MODIFIER = 4;
/**
 * Shortest head left behind it. Three letters would split derived words and names at a suffix
 * that is a word too ("Zeit-ung", "Zwei-fel", "Audi-tor"); four leave "Telefon-verkehr".
 */
const MIN_SPLIT_HEAD = 4;

/**
 * The front part of a compound, as the vocabulary writes it on its own, when the compound splits
 * into two words the vocabulary has: "telefonverkehr" → "telefon" (with "verkehr"),
 * "forschungsgrupp" → "forschung", "grenzsperr" → "grenz". The longest such modifier, its
 * spelling as written before one without a linking element; none when the rest is no word of the
 * vocabulary. Derived words whose ending is a word of the vocabulary still split ("Mittwoch" →
 * "mitt" with "woch"), but only when the collection lacks the whole word.
 */
export function modifierOf(term: string, vocabulary: Vocabulary): string | undefined {
  for (const { head, modifiers } of modifierSplits(term)) {
    if (!vocabulary.has(head)) continue;
    const found = modifiers.find((modifier) => vocabulary.has(modifier));
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * The ways {@link modifierOf} may split a term, longest modifier first: the head left behind and
 * the spellings of the modifier looked up (as written, then without a linking element).
 */
export function modifierSplits(term: string): Array<{ head: string; modifiers: string[] }> {
  const splits: Array<{ head: string; modifiers: string[] }> = [];
  for (let split = term.length - MIN_SPLIT_HEAD; split >= MIN_SPLIT_MODIFIER; split--) {
    const front = term.slice(0, split);
    const modifiers = [
      front,
      ...LINKING.filter((l) => front.endsWith(l)).map((l) => front.slice(0, -l.length)),
    ];
    splits.push({
      head: term.slice(split),
      modifiers: modifiers.filter((m) => m.length >= MIN_SPLIT_MODIFIER),
    });
  }
  return splits;
}
