import type { Passage } from '../types';
import {
  FAMILY_MIN_PREFIX,
  FAMILY_MIN_SHARE,
  isScoreToken,
  isStopword,
  stem,
  tokenize,
} from '../text/analysis';
import { type CompoundOptions, DEFAULT_COMPOUND_OPTIONS, type Vocabulary, expandTerm } from './compounds';

/** A passage found by the lexical index: its id and BM25 score (higher is better). */
export interface LexicalHit {
  id: string;
  score: number;
}

/** Keyword search over passages held in this process (BM25+); served to retrieval through `SearchIndex`. */
export interface LexicalIndex {
  /** Number of passages in the index. */
  readonly size: number;
  /** Adds passages; a passage whose id is already indexed replaces the old one. */
  add(passages: readonly Passage[]): void;
  /** Removes passages by id; unknown ids are ignored. */
  remove(passageIds: readonly string[]): void;
  /**
   * The best `k` passages for a query, best first; equal scores are ordered by id, so the result
   * is the first `k` of one total order. Only ids the filter accepts are returned.
   */
  search(query: string, k: number, filter?: (passageId: string) => boolean): LexicalHit[];
  /** Number of passages whose text contains the analysed term (as `analyze` in text/analysis.ts produces it). */
  documentFrequency(term: string): number;
}

/** BM25+ parameters: saturation `k` (k1), length normalisation `b`, and the BM25+ floor `d`. */
export interface Bm25Params {
  k: number;
  b: number;
  d: number;
}

/** How terms are weighted at query time. None of these change the stored index. */
export interface LexicalSearchOptions {
  /** BM25+ parameters. */
  bm25: Bm25Params;
  /** Weight of a match in the passage's section title relative to the body text. */
  sectionBoost: number;
  /** Compound expansion (see compounds.ts), or `false` to match whole terms only. */
  compounds: CompoundOptions | false;
  /** Weight of a compound that ends in a query term ("Regierungsexklave" for "Exklave"). */
  compoundWeight: number;
  /** Weight of a head split off a query compound ("Programm" for "Ernährungsprogramm"). */
  headWeight: number;
  /**
   * Weight of the front part of a query compound ("Telefon" for "Telefonverkehr"; see
   * `modifierOf`), for a query word compound expansion reads (one found in at most
   * `compounds.maxDocumentFrequency` passages, by default one the collection lacks). Like a
   * head, a matched modifier counts as a matched query term of its own.
   */
  modifierWeight: number;
  /**
   * Query terms at least this long also match index terms they are a prefix of, which catches
   * a query word used as the modifier of a compound ("Ernährung" → "Ernährungsprogramm");
   * `false` turns this off.
   */
  prefixMinLength: number | false;
  /**
   * Weight of prefix matches, lowered further with the length difference: a term `extra`
   * letters longer than the query term of length `n` weighs `prefixWeight · (n + extra) / (n + 1.3 · extra)`.
   */
  prefixWeight: number;
  /**
   * Weight of index terms of a query term's word family that the stemmer leaves apart ("zerstort"
   * for "zerstoren", "verhandl" for "verhandelt"): they share at least the first five letters and
   * 60 % of the query term, so "dirigiert" does not reach "dirigent". 0 turns this off.
   */
  familyWeight: number;
  /** At most this many family terms per query term, those sharing the longest prefix first. */
  maxFamilyTerms: number;
  /**
   * Only query terms found in at most this many passages get family terms: a common word's
   * family adds long posting lists to score and, on the tuning halves, only noise.
   */
  maxFamilyDocumentFrequency: number;
}

/** Query-time defaults, chosen on the tuning halves of XQuAD de and MLQA de (tools/eval/retrievalTune.ts). */
export const DEFAULT_LEXICAL_SEARCH_OPTIONS: LexicalSearchOptions = {
  bm25: { k: 1.5, b: 0.7, d: 0.5 },
  // Not measurable on XQuAD/MLQA (no section titles); a modest boost, as for a title field.
  sectionBoost: 1.5,
  compounds: DEFAULT_COMPOUND_OPTIONS,
  compoundWeight: 0.2,
  headWeight: 0.5,
  modifierWeight: 0.3,
  prefixMinLength: 5,
  prefixWeight: 0.1,
  // Family terms: weight, count and document-frequency limit chosen in a coordinate search (tools/eval/REPORT.md).
  familyWeight: 0.2,
  maxFamilyTerms: 2,
  maxFamilyDocumentFrequency: 20,
};

/** The fields of a passage that are searched, in this order: its text and its section title. */
export const LEXICAL_FIELDS = ['text', 'section'] as const;

/** The searched fields' values of a passage, in {@link LEXICAL_FIELDS} order. */
export function fieldsOf(passage: Passage): [string, string] {
  return [passage.text, passage.section ?? ''];
}

/** Term frequencies are stored in 16 bits; a term repeated more often counts this many times. */
export const MAX_TERM_FREQUENCY = 0xffff;

/** One searched field of a passage as lexical search counts it. */
export interface AnalysedField {
  /** Number of distinct tokens in the field, stop words included (BM25's document length). */
  length: number;
  /** How often each content term occurs, at most {@link MAX_TERM_FREQUENCY}. */
  counts: Map<string, number>;
}

/**
 * The searched fields of a passage, in {@link LEXICAL_FIELDS} order, as every lexical backend
 * stores them: lengths and term frequencies over the analysed text.
 */
export function analyseFields(passage: Passage, analyzer: TermAnalyzer): AnalysedField[] {
  return fieldsOf(passage).map((value) => {
    const tokens = tokenize(value);
    const counts = new Map<string, number>();
    for (const token of tokens) {
      const term = analyzer.term(token);
      if (term) counts.set(term, Math.min((counts.get(term) ?? 0) + 1, MAX_TERM_FREQUENCY));
    }
    return { length: new Set(tokens).size, counts };
  });
}

/**
 * Maps folded tokens to index terms (stop words → null, others Snowball-stemmed), remembering
 * results: the Snowball implementation costs ~60 µs a word (far more under jest), and word
 * frequencies are so skewed that a cache removes almost all of that.
 */
export class TermAnalyzer {
  private readonly cache = new Map<string, string | null>();

  constructor(private readonly maxEntries = 1_000_000) {}

  term(token: string): string | null {
    let term = this.cache.get(token);
    if (term === undefined) {
      term = isStopword(token) ? null : stem(token);
      if (this.cache.size >= this.maxEntries) this.cache.clear();
      this.cache.set(token, term);
    }
    return term;
  }

  /** Content terms of a text in order: folded, stop words removed, stemmed. */
  terms(text: string): string[] {
    const terms: string[] = [];
    for (const token of tokenize(text)) {
      const term = this.term(token);
      if (term) terms.push(term);
    }
    return terms;
  }
}

/** What query expansion needs to know about an index's terms. */
export interface TermLookup {
  /** Number of passages whose text contains the term. */
  documentFrequency(term: string): number;
  /** Index terms that start with `prefix` (the prefix itself included when it is a term), in any order. */
  termsWithPrefix(prefix: string): Iterable<string>;
  /** The index vocabulary for compound expansion. */
  vocabulary(): Vocabulary;
}

/** One term a query is searched with. */
export interface QueryTerm {
  term: string;
  /** Weight of its matches. */
  boost: number;
  /** Whether index terms it is a prefix of match too (at the prefix weight). */
  prefix: boolean;
}

/**
 * The terms a query is searched with: its analysed words (weight 1), compounds ending in them,
 * heads and modifiers split off them, and members of their word family (see {@link LexicalSearchOptions}).
 * Each term appears once, with its highest weight.
 */
export function queryTermsOf(
  query: string,
  analyzer: TermAnalyzer,
  lookup: TermLookup,
  options: LexicalSearchOptions,
): QueryTerm[] {
  const words = [...new Set(analyzer.terms(query))];
  const weights = new Map<string, { boost: number; prefix: boolean }>();
  for (const word of words) {
    const prefix =
      options.prefixMinLength !== false && word.length >= options.prefixMinLength && !isScoreToken(word);
    weights.set(word, { boost: 1, prefix });
  }
  // Compound and family expansion both skip common words; their frequency is looked up once.
  const frequency = new Map(words.map((word) => [word, lookup.documentFrequency(word)]));
  const usedBy = (word: string) => frequency.get(word) ?? 0;
  if (options.compounds) {
    const vocabulary = lookup.vocabulary();
    for (const word of words) {
      if (usedBy(word) > options.compounds.maxDocumentFrequency) continue;
      for (const expansion of expandTerm(word, vocabulary, options.compounds)) {
        const boost =
          expansion.kind === 'compound'
            ? options.compoundWeight
            : expansion.kind === 'head'
              ? options.headWeight
              : options.modifierWeight;
        const existing = weights.get(expansion.term);
        if (boost > 0 && (!existing || existing.boost < boost)) {
          weights.set(expansion.term, { boost, prefix: false });
        }
      }
    }
  }
  if (options.familyWeight > 0) {
    for (const word of words) {
      if (usedBy(word) > options.maxFamilyDocumentFrequency || isScoreToken(word)) continue;
      for (const member of familyOf(word, lookup, options.maxFamilyTerms)) {
        if (!weights.has(member)) weights.set(member, { boost: options.familyWeight, prefix: false });
      }
    }
  }
  return [...weights].map(([term, { boost, prefix }]) => ({ term, boost, prefix }));
}

/** A term a query's passages are scored by, its weight, and the query term it stands for. */
export interface WeightedTerm {
  term: string;
  weight: number;
  /** Number of the query term (in {@link queryTermsOf} order); a passage scores once per query term matched. */
  source: number;
}

/**
 * The index terms a query is scored by: each query term itself when the vocabulary holds it, and,
 * for prefix terms, the longer index terms it begins (weighted down with the length difference,
 * see {@link LexicalSearchOptions.prefixWeight}). Every lexical backend scores these the same way:
 * a passage gets `Σ weight · fieldBoost · idf · (d + tf·(k+1) / (tf + k·(1 − b + b·len/avg)))`
 * over the terms and fields it holds, times the number of query terms (`source`) it matched.
 */
export function weightedTermsOf(
  query: string,
  analyzer: TermAnalyzer,
  lookup: TermLookup,
  options: LexicalSearchOptions,
): WeightedTerm[] {
  const weighted: WeightedTerm[] = [];
  const vocabulary = lookup.vocabulary();
  queryTermsOf(query, analyzer, lookup, options).forEach(({ term, boost, prefix }, source) => {
    if (vocabulary.has(term)) weighted.push({ term, weight: boost, source });
    if (!prefix) return;
    for (const longer of lookup.termsWithPrefix(term)) {
      const distance = longer.length - term.length;
      if (distance === 0) continue;
      const weight = ((options.prefixWeight * longer.length) / (longer.length + 0.3 * distance)) * boost;
      weighted.push({ term: longer, weight, source });
    }
  });
  return weighted;
}

/** Letters a term of the word's family shares with it, at least: five, and 60 % of the word. */
export function familyPrefixLength(word: string): number {
  return Math.max(FAMILY_MIN_PREFIX, Math.ceil(FAMILY_MIN_SHARE * word.length));
}

/**
 * Index terms of the word's family that neither equal it nor extend it (prefix matching covers
 * those), longest shared prefix first, at most `max`.
 */
function familyOf(word: string, lookup: TermLookup, max: number): string[] {
  if (word.length < FAMILY_MIN_PREFIX || max <= 0) return [];
  const prefix = word.slice(0, familyPrefixLength(word));
  const members: Array<{ term: string; shared: number }> = [];
  for (const key of lookup.termsWithPrefix(prefix)) {
    if (key.startsWith(word)) continue;
    let shared = prefix.length;
    while (shared < key.length && key.charCodeAt(shared) === word.charCodeAt(shared)) shared += 1;
    members.push({ term: key, shared });
  }
  members.sort((a, b) => b.shared - a.shared || (a.term < b.term ? -1 : 1));
  return members.slice(0, max).map((member) => member.term);
}

/**
 * Whether the index holds the term or a word of its family: a term sharing its first five
 * letters and 60 % of it ("zerstor" for zerstören finds "zerstort", zerstört), the rule the
 * answer scorer matches word families by. Query translation uses it, so a dictionary word
 * whose inflection differs from the collection's is kept.
 */
export function hasWordFamily(term: string, lookup: TermLookup): boolean {
  if (lookup.documentFrequency(term) > 0) return true;
  if (term.length < FAMILY_MIN_PREFIX) return false;
  for (const _ of lookup.termsWithPrefix(term.slice(0, familyPrefixLength(term)))) return true;
  return false;
}

/** BM25's inverse document frequency as MiniSearch computes it: `ln(1 + (n − df + 0.5) / (df + 0.5))`. */
export function inverseDocumentFrequency(documentFrequency: number, documentCount: number): number {
  return Math.log(1 + (documentCount - documentFrequency + 0.5) / (documentFrequency + 0.5));
}

/** Rounds away the last bits of a score sum, whose value depends on the order of addition. */
export function roundScore(score: number): number {
  return Math.round(score * 1e9) / 1e9;
}

/** Orders hits best first, equal scores by id. */
export function byScoreThenId(a: LexicalHit, b: LexicalHit): number {
  return b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
