import MiniSearch, { type AsPlainObject, type Options, type QueryCombination } from 'minisearch';
import type { Passage } from '../../src/core/types';
import { tokenize } from '../../src/core/text/analysis';
import { SuffixVocabulary } from '../../src/core/retrieval/compounds';
import {
  DEFAULT_LEXICAL_SEARCH_OPTIONS,
  LEXICAL_FIELDS,
  type LexicalHit,
  type LexicalIndex,
  type LexicalSearchOptions,
  TermAnalyzer,
  type TermLookup,
  byScoreThenId,
  hasWordFamily,
  queryTermsOf,
  roundScore,
} from '../../src/core/retrieval/lexical';

/** Changes whenever analysis or the stored layout changes, so an old snapshot is rebuilt, not misread. */
const FORMAT = 'quellen-lexical/2';

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

function miniSearchOptions(analyzer: TermAnalyzer): Options<IndexedPassage> {
  return {
    fields: [...LEXICAL_FIELDS],
    tokenize: (text) => tokenize(text),
    processTerm: (term) => analyzer.term(term),
  };
}

/**
 * The lexical seam on top of MiniSearch, for tests: the reference `PostingsLexicalIndex`
 * must rank as. Discarded passages keep counting in document frequencies until MiniSearch
 * vacuums them, so after removals its scores differ slightly from a fresh build's.
 */
export class MiniSearchLexicalIndex implements LexicalIndex, TermLookup {
  private readonly search_: LexicalSearchOptions;
  private readonly mini: MiniSearch<IndexedPassage>;
  private readonly analyzer: TermAnalyzer;
  private suffixes: SuffixVocabulary | undefined;

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
    if (passages.length > 0) this.suffixes = undefined;
  }

  remove(passageIds: readonly string[]): void {
    for (const id of passageIds) {
      if (this.mini.has(id)) this.mini.discard(id);
    }
  }

  search(query: string, k: number, filter?: (passageId: string) => boolean): LexicalHit[] {
    if (k <= 0) return [];
    const queryTerms = queryTermsOf(query, this.analyzer, this, this.search_);
    if (queryTerms.length === 0) return [];
    const terms = queryTerms.map((term) => term.term);
    const options = this.search_;
    const wordQuery: QueryCombination = {
      queries: [terms.join(' ')],
      fields: [...LEXICAL_FIELDS],
      tokenize: () => terms,
      boostTerm: (_term, i) => queryTerms[i]?.boost ?? 1,
      prefix: (_term, i) => queryTerms[i]?.prefix ?? false,
    };
    const results = this.mini.search(wordQuery, {
      processTerm: (term) => term,
      fuzzy: false,
      weights: { prefix: options.prefixWeight, fuzzy: 0 },
      bm25: options.bm25,
      boost: { text: 1, section: options.sectionBoost },
      ...(filter ? { filter: (result) => filter(result.id as string) } : {}),
    });
    // MiniSearch returns every match best first (tens of thousands at 100k passages), and rounding
    // keeps that order, so only the first k and their ties need rounding and sorting.
    const hits: LexicalHit[] = [];
    let kthScore = Number.NEGATIVE_INFINITY;
    for (const result of results) {
      const score = roundScore(result.score);
      if (hits.length >= k && score < kthScore) break;
      hits.push({ id: result.id as string, score });
      if (hits.length === k) kthScore = score;
    }
    hits.sort(byScoreThenId);
    return hits.length > k ? hits.slice(0, k) : hits;
  }

  toJSON(): LexicalSnapshot {
    return { format: FORMAT, index: this.mini.toJSON() };
  }

  /** Whether an analysed term occurs in the index. */
  hasTerm(term: string): boolean {
    return this.documentFrequency(term) > 0;
  }

  /** Whether the index holds the term or a word of its family (see {@link hasWordFamily}). */
  hasWordFamily(term: string): boolean {
    return hasWordFamily(term, this);
  }

  /** Number of passages whose text contains the term (discarded ones count until vacuumed). */
  documentFrequency(term: string): number {
    const internals = internalsOf(this.mini);
    const textField = internals._fieldIds.text;
    const postings = textField === undefined ? undefined : internals._index.get(term)?.get(textField);
    return postings?.size ?? 0;
  }

  termsWithPrefix(prefix: string): Iterable<string> {
    return internalsOf(this.mini)._index.atPrefix(prefix).keys();
  }

  vocabulary(): SuffixVocabulary {
    if (!this.suffixes) {
      // MiniSearch keeps its terms in a radix tree it does not expose; reading it here avoids a
      // second copy of the vocabulary.
      const terms: string[] = [];
      for (const term of internalsOf(this.mini)._index.keys()) terms.push(term);
      this.suffixes = SuffixVocabulary.of(terms);
    }
    return this.suffixes;
  }
}
