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
export type ExpansionKind = 'compound' | 'head';

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
 * A sorted list of reversed vocabulary terms, so that "all terms ending in X" is a binary search
 * for the prefix reverse(X). Immutable: rebuild it when the vocabulary changes.
 */
export class SuffixVocabulary implements Vocabulary {
  private readonly reversed: string[];
  private readonly terms: ReadonlySet<string>;

  constructor(terms: Iterable<string>) {
    this.terms = new Set(terms);
    this.reversed = [...this.terms].map(reverse).sort();
  }

  /** Number of distinct terms. */
  get size(): number {
    return this.terms.size;
  }

  has(term: string): boolean {
    return this.terms.has(term);
  }

  endingWith(suffix: string, minExtra: number, limit: number): string[] {
    const key = reverse(suffix);
    let lo = 0;
    let hi = this.reversed.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.reversed[mid] as string) < key) lo = mid + 1;
      else hi = mid;
    }
    const found: string[] = [];
    for (let i = lo; i < this.reversed.length; i++) {
      const candidate = this.reversed[i] as string;
      if (!candidate.startsWith(key)) break;
      if (candidate.length - key.length >= minExtra) found.push(reverse(candidate));
    }
    found.sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
    return found.slice(0, limit);
  }
}

/**
 * Vocabulary terms a query term should also match: compounds that end in it (the query term is
 * their head) and, when the query term is itself a compound, its heads that occur in the vocabulary.
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
  return expansions;
}

function reverse(text: string): string {
  let out = '';
  for (let i = text.length - 1; i >= 0; i--) out += text[i];
  return out;
}
