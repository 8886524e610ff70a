import MiniSearch, {
  type AsPlainObject,
  type BM25Params,
  type Options,
  type QueryCombination,
} from 'minisearch';
import type { Passage } from '../types';
import { FAMILY_MIN_PREFIX, FAMILY_MIN_SHARE, isStopword, stem, tokenize } from '../text/analysis';
import { type CompoundOptions, DEFAULT_COMPOUND_OPTIONS, SuffixVocabulary, expandTerm } from './compounds';

/** A passage found by the lexical index: its id and BM25 score (higher is better). */
export interface LexicalHit {
  id: string;
  score: number;
}

/** Keyword search over passages; the seam between retrieval and the BM25 library. */
export interface LexicalIndex {
  /** Number of passages in the index. */
  readonly size: number;
  /** Adds passages; a passage whose id is already indexed replaces the old one. */
  add(passages: readonly Passage[]): void;
  /** Removes passages by id; unknown ids are ignored. */
  remove(passageIds: readonly string[]): void;
  /** The best `k` passages for a query, best first, keeping only ids the filter accepts. */
  search(query: string, k: number, filter?: (passageId: string) => boolean): LexicalHit[];
  /** Number of passages whose text contains the analysed term (as `analyze` in text/analysis.ts produces it). */
  documentFrequency(term: string): number;
  /** A JSON-serialisable snapshot; restore with the implementation's `fromJSON`. */
  toJSON(): unknown;
}

/** How terms are weighted at query time. None of these change the stored index. */
export interface LexicalSearchOptions {
  /** BM25+ parameters: k1 (`k`), length normalisation `b`, and the BM25+ floor `d`. */
  bm25: BM25Params;
  /** Weight of a match in the passage's section title relative to the body text. */
  sectionBoost: number;
  /** Compound expansion (see compounds.ts), or `false` to match whole terms only. */
  compounds: CompoundOptions | false;
  /** Weight of a compound that ends in a query term ("Regierungsexklave" for "Exklave"). */
  compoundWeight: number;
  /** Weight of a head split off a query compound ("Programm" for "Ernährungsprogramm"). */
  headWeight: number;
  /**
   * Query terms at least this long also match index terms they are a prefix of, which catches
   * a query word used as the modifier of a compound ("Ernährung" → "Ernährungsprogramm");
   * `false` turns this off.
   */
  prefixMinLength: number | false;
  /** Weight of prefix matches (MiniSearch lowers it further with the length difference). */
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

/** Settings fixed when the index is built; stored with it and checked on load. */

/** Query-time defaults, chosen on the tuning halves of XQuAD de and MLQA de (tools/eval/retrievalTune.ts). */
export const DEFAULT_LEXICAL_SEARCH_OPTIONS: LexicalSearchOptions = {
  bm25: { k: 1.5, b: 0.7, d: 0.5 },
  // Not measurable on XQuAD/MLQA (no section titles); a modest boost, as for a title field.
  sectionBoost: 1.5,
  compounds: DEFAULT_COMPOUND_OPTIONS,
  compoundWeight: 0.2,
  headWeight: 0.5,
  prefixMinLength: 5,
  prefixWeight: 0.1,
  // Family terms: weight, count and document-frequency limit chosen in a coordinate search (tools/eval/REPORT.md).
  familyWeight: 0.2,
  maxFamilyTerms: 2,
  maxFamilyDocumentFrequency: 20,
};

/** Build-time defaults. */

/** Changes whenever analysis or the stored layout changes, so an old snapshot is rebuilt, not misread. */
const FORMAT = 'quellen-lexical/2';
const FIELDS = ['text', 'section'] as const;

/** What {@link MiniSearchLexicalIndex.toJSON} produces. */
export interface LexicalSnapshot {
  format: string;
  index: AsPlainObject;
}

/**
 * The parts of MiniSearch 7's protected state read here (the term tree and field ids). A subclass
 * would type them, but `MiniSearch.loadJS` always builds the base class, so a restored index could
 * not be one; this is the one place they are read. Pinned by the compound tests: they fail if a
 * MiniSearch update changes this layout.
 */
interface MiniSearchInternals {
  _index: {
    keys(): Iterable<string>;
    get(term: string): Map<number, Map<number, number>> | undefined;
    atPrefix(prefix: string): { keys(): Iterable<string>; readonly size: number };
  };
  _fieldIds: Record<string, number | undefined>;
}

function internalsOf(mini: MiniSearch<IndexedPassage>): MiniSearchInternals {
  return mini as unknown as MiniSearchInternals;
}

interface IndexedPassage {
  id: string;
  text: string;
  section: string;
}

/**
 * Maps folded tokens to index terms (stop words → null, others Snowball-stemmed), remembering
 * results: the Snowball implementation costs ~60 µs a word (far more under jest), and word
 * frequencies are so skewed that a cache removes almost all of that.
 */
class TermAnalyzer {
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

/** Letters a term of the word's family shares with it, at least: five, and 60 % of the word. */
function familyPrefixLength(word: string): number {
  return Math.max(FAMILY_MIN_PREFIX, Math.ceil(FAMILY_MIN_SHARE * word.length));
}

function miniSearchOptions(analyzer: TermAnalyzer): Options<IndexedPassage> {
  return {
    fields: [...FIELDS],
    tokenize: (text) => tokenize(text),
    processTerm: (term) => analyzer.term(term),
  };
}

/**
 * BM25 passage search with German analysis (folding, stop words, Snowball stemming) and compound
 * matching, on top of MiniSearch.
 *
 * @example
 * const index = new MiniSearchLexicalIndex();
 * index.add(passages);
 * index.search('Welches Ernährungsprogramm half?', 10); // finds "Welternährungsprogramm"
 * const copy = MiniSearchLexicalIndex.fromJSON(JSON.stringify(index));
 */
export class MiniSearchLexicalIndex implements LexicalIndex {
  private readonly search_: LexicalSearchOptions;
  private readonly mini: MiniSearch<IndexedPassage>;
  private readonly analyzer: TermAnalyzer;
  private vocabulary: SuffixVocabulary | undefined;

  constructor(
    options: { search?: Partial<LexicalSearchOptions> } = {},
    /** @internal used by {@link fromJSON} */
    loaded?: { mini: MiniSearch<IndexedPassage>; analyzer: TermAnalyzer },
  ) {
    this.search_ = { ...DEFAULT_LEXICAL_SEARCH_OPTIONS, ...options.search };
    this.analyzer = loaded?.analyzer ?? new TermAnalyzer();
    this.mini = loaded?.mini ?? new MiniSearch(miniSearchOptions(this.analyzer));
  }

  /**
   * Restores an index from {@link toJSON} output (an object or its JSON text).
   * Query-time options may differ from the ones the index was built with.
   * @throws if the snapshot was written by an incompatible version
   */
  static fromJSON(
    json: string | LexicalSnapshot,
    options: { search?: Partial<LexicalSearchOptions> } = {},
  ): MiniSearchLexicalIndex {
    const snapshot = (typeof json === 'string' ? JSON.parse(json) : json) as Partial<LexicalSnapshot>;
    if (snapshot.format !== FORMAT || !snapshot.index) {
      throw new Error(
        `lexical index: unsupported snapshot format ${String(snapshot.format)}, rebuild needed`,
      );
    }
    const analyzer = new TermAnalyzer();
    const mini = MiniSearch.loadJS<IndexedPassage>(snapshot.index, miniSearchOptions(analyzer));
    return new MiniSearchLexicalIndex({ search: options.search }, { mini, analyzer });
  }

  get size(): number {
    return this.mini.documentCount;
  }

  add(passages: readonly Passage[]): void {
    for (const passage of passages) {
      if (this.mini.has(passage.id)) this.mini.discard(passage.id);
      this.mini.add({ id: passage.id, text: passage.text, section: passage.section ?? '' });
    }
    if (passages.length > 0) this.vocabulary = undefined;
  }

  remove(passageIds: readonly string[]): void {
    for (const id of passageIds) {
      if (this.mini.has(id)) this.mini.discard(id);
    }
  }

  search(query: string, k: number, filter?: (passageId: string) => boolean): LexicalHit[] {
    if (k <= 0) return [];
    const { terms, boosts, prefix } = this.queryTerms(query);
    if (terms.length === 0) return [];
    const options = this.search_;
    const wordQuery: QueryCombination = {
      queries: [terms.join(' ')],
      fields: [...FIELDS],
      tokenize: () => terms,
      boostTerm: (_term, i) => boosts[i] ?? 1,
      prefix: (_term, i) => prefix[i] ?? false,
    };
    const results = this.mini.search(wordQuery, {
      processTerm: (term) => term,
      fuzzy: false,
      weights: { prefix: options.prefixWeight, fuzzy: 0 },
      bm25: options.bm25,
      boost: { text: 1, section: options.sectionBoost },
      ...(filter ? { filter: (result) => filter(result.id as string) } : {}),
    });
    // Scores are sums whose order depends on internal map order, which differs after a reload;
    // rounding away the last bits and breaking ties by id makes rankings reproducible. MiniSearch
    // returns every match best first (tens of thousands at 100k passages), and rounding keeps that
    // order, so only the first k and their ties need rounding and sorting.
    const hits: LexicalHit[] = [];
    let kthScore = Number.NEGATIVE_INFINITY;
    for (const result of results) {
      const score = Math.round(result.score * 1e9) / 1e9;
      if (hits.length >= k && score < kthScore) break;
      hits.push({ id: result.id as string, score });
      if (hits.length === k) kthScore = score;
    }
    hits.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return hits.length > k ? hits.slice(0, k) : hits;
  }

  toJSON(): LexicalSnapshot {
    return { format: FORMAT, index: this.mini.toJSON() };
  }

  /** Query terms with their weights and prefix flags (words, compound and family expansions). */
  private queryTerms(query: string): {
    terms: string[];
    boosts: number[];
    prefix: boolean[];
  } {
    const options = this.search_;
    const analysed = this.analyzer.terms(query);
    const words = [...new Set(analysed)];
    const weights = new Map<string, { boost: number; prefix: boolean }>();
    for (const word of words) {
      const prefix = options.prefixMinLength !== false && word.length >= options.prefixMinLength;
      weights.set(word, { boost: 1, prefix });
    }
    // Compound and family expansion both skip common words; their frequency is looked up once.
    const frequency = new Map(words.map((word) => [word, this.documentFrequency(word)]));
    const usedBy = (word: string) => frequency.get(word) ?? 0;
    if (options.compounds) {
      const vocabulary = this.getVocabulary();
      for (const word of words) {
        if (usedBy(word) > options.compounds.maxDocumentFrequency) continue;
        for (const expansion of expandTerm(word, vocabulary, options.compounds)) {
          const boost = expansion.kind === 'compound' ? options.compoundWeight : options.headWeight;
          const existing = weights.get(expansion.term);
          if (boost > 0 && (!existing || existing.boost < boost)) {
            weights.set(expansion.term, { boost, prefix: false });
          }
        }
      }
    }
    if (options.familyWeight > 0) {
      for (const word of words) {
        if (usedBy(word) > options.maxFamilyDocumentFrequency) continue;
        for (const member of this.familyOf(word, options.maxFamilyTerms)) {
          if (!weights.has(member)) weights.set(member, { boost: options.familyWeight, prefix: false });
        }
      }
    }
    const terms = [...weights.keys()];
    return {
      terms,
      boosts: terms.map((term) => weights.get(term)!.boost),
      prefix: terms.map((term) => weights.get(term)!.prefix),
    };
  }

  /**
   * Whether an analysed term (as `analyze` in text/analysis.ts produces it) occurs in the index;
   * e.g. for the query translator's `vocabulary` option.
   */
  hasTerm(term: string): boolean {
    return this.documentFrequency(term) > 0;
  }

  /**
   * Whether the index holds the term or a word of its family: a term sharing its first five
   * letters and 60 % of it ("zerstor" for zerstören finds "zerstort", zerstört), the rule the
   * answer scorer matches word families by. Query translation uses it, so a dictionary word
   * whose inflection differs from the collection's is kept.
   */
  hasWordFamily(term: string): boolean {
    if (this.hasTerm(term)) return true;
    if (term.length < FAMILY_MIN_PREFIX) return false;
    const prefix = term.slice(0, familyPrefixLength(term));
    const tree = internalsOf(this.mini)._index;
    return tree.atPrefix(prefix).size > 0;
  }

  /**
   * Index terms of the word's family that neither equal it nor extend it (prefix matching covers
   * those), longest shared prefix first, at most `max`.
   */
  private familyOf(word: string, max: number): string[] {
    if (word.length < FAMILY_MIN_PREFIX || max <= 0) return [];
    const prefix = word.slice(0, familyPrefixLength(word));
    const tree = internalsOf(this.mini)._index;
    const members: Array<{ term: string; shared: number }> = [];
    for (const key of tree.atPrefix(prefix).keys()) {
      if (key.startsWith(word)) continue;
      let shared = prefix.length;
      while (shared < key.length && key.charCodeAt(shared) === word.charCodeAt(shared)) shared += 1;
      members.push({ term: key, shared });
    }
    members.sort((a, b) => b.shared - a.shared || (a.term < b.term ? -1 : 1));
    return members.slice(0, max).map((member) => member.term);
  }

  /** Number of passages whose text contains the term (discarded ones count until vacuumed). */
  documentFrequency(term: string): number {
    const internals = internalsOf(this.mini);
    const textField = internals._fieldIds.text;
    const postings = textField === undefined ? undefined : internals._index.get(term)?.get(textField);
    return postings?.size ?? 0;
  }

  private getVocabulary(): SuffixVocabulary {
    if (!this.vocabulary) {
      // MiniSearch keeps its terms in a radix tree it does not expose; reading it here avoids a
      // second copy of the vocabulary.
      const tree = internalsOf(this.mini)._index;
      const terms: string[] = [];
      for (const term of tree.keys()) terms.push(term);
      this.vocabulary = new SuffixVocabulary(terms);
    }
    return this.vocabulary;
  }
}
