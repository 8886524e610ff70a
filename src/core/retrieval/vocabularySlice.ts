import { FAMILY_MIN_PREFIX } from '../text/analysis';
import { type Vocabulary, modifierSplits } from './compounds';
import { type LexicalSearchOptions, type TermLookup, familyPrefixLength } from './lexical';

/**
 * What expanding a query's words reads of an index's vocabulary ({@link queryTermsOf} and
 * {@link weightedTermsOf} in lexical.ts): an index that is not in this process fetches these in one
 * round trip and hands the answer to a {@link VocabularySlice}.
 */
export interface VocabularyRequest {
  /** Terms asked about one by one: the query's words, and the heads and modifiers that could be split off them. */
  terms: string[];
  /** Prefixes whose every term is asked for: prefix matching and word families. */
  prefixes: string[];
  /** Words whose compounds are asked for: terms ending in `suffix`, at least `minExtra` letters longer, shortest first (then by code units), at most `limit`. */
  suffixes: Array<{ suffix: string; minExtra: number; limit: number }>;
}

/** An index's answer to a {@link VocabularyRequest}. */
export interface VocabularyAnswer {
  /**
   * Every term of the index among the requested terms, under the requested prefixes and among the
   * compounds found, with the number of passages whose text holds it (0 for a term found only in
   * section titles).
   */
  frequencies: ReadonlyMap<string, number>;
  /** For each requested suffix, the terms found for it, in the requested order. */
  compounds: ReadonlyMap<string, readonly string[]>;
}

/** The vocabulary requests of a query's analysed words under the given options. */
export function vocabularyRequest(
  words: readonly string[],
  options: LexicalSearchOptions,
): VocabularyRequest {
  const terms = new Set<string>();
  const prefixes = new Set<string>();
  const suffixes = new Map<string, VocabularyRequest['suffixes'][number]>();
  const { compounds } = options;
  for (const word of words) {
    terms.add(word);
    const family = options.familyWeight > 0 && options.maxFamilyTerms > 0 && word.length >= FAMILY_MIN_PREFIX;
    if (family) prefixes.add(word.slice(0, familyPrefixLength(word)));
    else if (options.prefixMinLength !== false && word.length >= options.prefixMinLength) prefixes.add(word);
    if (compounds && word.length >= compounds.minTermLength && !/^\p{N}+$/u.test(word)) {
      suffixes.set(word, {
        suffix: word,
        minExtra: compounds.minModifierLength,
        limit: compounds.maxExpansions,
      });
      for (let split = compounds.minModifierLength; word.length - split >= compounds.minHeadLength; split++) {
        terms.add(word.slice(split));
      }
      for (const { head, modifiers } of modifierSplits(word)) {
        terms.add(head);
        for (const modifier of modifiers) terms.add(modifier);
      }
    }
  }
  return { terms: [...terms], prefixes: [...prefixes], suffixes: [...suffixes.values()] };
}

/**
 * The part of an index's vocabulary one query's expansion reads, fetched ahead: a {@link TermLookup}
 * that answers exactly as the whole vocabulary would for the questions its {@link VocabularyRequest}
 * covers, and throws on any other (a request that misses a question is a bug, not a smaller result).
 */
export class VocabularySlice implements TermLookup, Vocabulary {
  /** Terms asked about one by one, and the compounds found. */
  private readonly terms: ReadonlySet<string>;
  private readonly suffixes: ReadonlyMap<string, VocabularyRequest['suffixes'][number]>;
  /** The terms found, ascending as an index keeps them, so that expansion comes out in the same order. */
  private readonly sorted: readonly string[];

  constructor(
    private readonly request: VocabularyRequest,
    private readonly answer: VocabularyAnswer,
  ) {
    this.terms = new Set([...request.terms, ...[...answer.compounds.values()].flat()]);
    this.suffixes = new Map(request.suffixes.map((entry) => [entry.suffix, entry]));
    this.sorted = [...answer.frequencies.keys()].sort();
  }

  documentFrequency(term: string): number {
    this.assertCovered(term);
    return this.answer.frequencies.get(term) ?? 0;
  }

  has(term: string): boolean {
    this.assertCovered(term);
    return this.answer.frequencies.has(term);
  }

  *termsWithPrefix(prefix: string): Generator<string> {
    if (!this.request.prefixes.some((covered) => prefix.startsWith(covered))) {
      throw new Error(`the vocabulary slice holds no terms under "${prefix}"`);
    }
    for (const term of this.sorted) if (term.startsWith(prefix)) yield term;
  }

  endingWith(suffix: string, minExtra: number, limit: number): string[] {
    const asked = this.suffixes.get(suffix);
    if (!asked || asked.minExtra !== minExtra || asked.limit < limit) {
      throw new Error(`the vocabulary slice holds no compounds of "${suffix}" (${minExtra}, ${limit})`);
    }
    return (this.answer.compounds.get(suffix) ?? []).slice(0, limit);
  }

  vocabulary(): Vocabulary {
    return this;
  }

  private assertCovered(term: string): void {
    if (this.terms.has(term) || this.request.prefixes.some((prefix) => term.startsWith(prefix))) return;
    throw new Error(`the vocabulary slice does not cover "${term}"`);
  }
}
