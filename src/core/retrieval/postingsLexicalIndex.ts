import { endianness } from 'node:os';
import type { Passage } from '../types';
import { SuffixVocabulary, type Vocabulary, compareReversed } from './compounds';
import {
  DEFAULT_LEXICAL_SEARCH_OPTIONS,
  LEXICAL_FIELDS,
  type LexicalHit,
  type LexicalIndex,
  type LexicalSearchOptions,
  TermAnalyzer,
  type TermLookup,
  analyseFields,
  inverseDocumentFrequency,
  hasWordFamily,
  weightedTermsOf,
  roundScore,
} from './lexical';

const NO_PASSAGES: ArrayLike<number> = new Uint32Array(0);

/** First bytes of a serialised index; the digit is the layout version. */
const MAGIC = Buffer.from('QLEXPST1', 'latin1');
const ALIGN = 8;
/** Term frequencies are stored in 16 bits; a passage repeating one word more often counts as this. */

/** One searched field's postings: for term `t`, `docs`/`freqs` from `offsets[t]` to `offsets[t + 1]`. */
interface FieldPostings {
  readonly offsets: Uint32Array;
  /** Passage numbers, ascending within a term. */
  readonly docs: Uint32Array;
  readonly freqs: Uint16Array;
  /** Distinct tokens of the field, per passage (MiniSearch's field length). */
  readonly lengths: Uint32Array;
  readonly averageLength: number;
}

/** Passage ids by number, decoded from their serialised form only when asked for. */
class IdTable {
  private constructor(
    readonly count: number,
    private readonly decoded: Array<string | undefined>,
    private readonly blob?: Buffer,
    private readonly offsets?: Uint32Array,
  ) {}

  static of(ids: string[]): IdTable {
    return new IdTable(ids.length, ids);
  }

  static encoded(blob: Buffer, offsets: Uint32Array): IdTable {
    return new IdTable(offsets.length - 1, new Array<string | undefined>(offsets.length - 1), blob, offsets);
  }

  get(doc: number): string {
    let id = this.decoded[doc];
    if (id === undefined) {
      id = this.blob!.toString('utf8', this.offsets![doc], this.offsets![doc + 1]);
      this.decoded[doc] = id;
    }
    return id;
  }

  encode(): { blob: Buffer; offsets: Uint32Array } {
    if (this.blob && this.offsets) return { blob: this.blob, offsets: this.offsets };
    const parts: Buffer[] = [];
    const offsets = new Uint32Array(this.count + 1);
    let at = 0;
    for (let doc = 0; doc < this.count; doc++) {
      const bytes = Buffer.from(this.get(doc), 'utf8');
      parts.push(bytes);
      at += bytes.length;
      offsets[doc + 1] = at;
    }
    return { blob: Buffer.concat(parts, at), offsets };
  }
}

/**
 * An immutable snapshot of the index: sorted terms, postings per field in typed arrays, and the
 * passage ids. Changes produce a new segment ({@link applyChanges}).
 */
class Segment {
  constructor(
    readonly ids: IdTable,
    /** Index terms in ascending UTF-16 order. */
    readonly terms: readonly string[],
    /** Term numbers ordered by their reversed spelling, for "terms ending in …". */
    readonly byReversed: Uint32Array,
    /** In {@link LEXICAL_FIELDS} order. */
    readonly fields: readonly FieldPostings[],
  ) {}

  static empty(): Segment {
    const fields = LEXICAL_FIELDS.map(() => ({
      offsets: new Uint32Array(1),
      docs: new Uint32Array(0),
      freqs: new Uint16Array(0),
      lengths: new Uint32Array(0),
      averageLength: 0,
    }));
    return new Segment(IdTable.of([]), [], new Uint32Array(0), fields);
  }

  get documentCount(): number {
    return this.ids.count;
  }

  /** The term's number, or -1. */
  find(term: string): number {
    const at = this.lowerBound(term);
    return at < this.terms.length && this.terms[at] === term ? at : -1;
  }

  /** First term number whose term is not below `term`. */
  lowerBound(term: string): number {
    const terms = this.terms;
    let lo = 0;
    let hi = terms.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((terms[mid] as string) < term) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Term numbers from `from` on while their terms start with `prefix`. */
  *prefixRange(prefix: string, from = this.lowerBound(prefix)): Generator<number> {
    for (let t = from; t < this.terms.length && (this.terms[t] as string).startsWith(prefix); t++) yield t;
  }

  documentFrequency(term: number, field = 0): number {
    const offsets = this.fields[field]!.offsets;
    return offsets[term + 1]! - offsets[term]!;
  }
}

/**
 * Postings of the passages being added, in growable typed arrays (about 10 bytes a posting
 * while collecting; plain arrays of pairs took about 75), grouped by term once complete.
 */
class FreshPostings {
  /** Term → its number among the fresh terms, in order of first appearance. */
  readonly termIds = new Map<string, number>();
  private readonly columns = LEXICAL_FIELDS.map(() => ({
    term: new Uint32Array(1024),
    doc: new Uint32Array(1024),
    tf: new Uint16Array(1024),
    size: 0,
  }));

  add(field: number, term: string, doc: number, tf: number): void {
    let id = this.termIds.get(term);
    if (id === undefined) this.termIds.set(term, (id = this.termIds.size));
    const column = this.columns[field]!;
    if (column.size === column.term.length) {
      const grow = <T extends Uint32Array | Uint16Array>(array: T): T => {
        const bigger = new (array.constructor as new (length: number) => T)(array.length * 2);
        bigger.set(array);
        return bigger;
      };
      column.term = grow(column.term);
      column.doc = grow(column.doc);
      column.tf = grow(column.tf);
    }
    column.term[column.size] = id;
    column.doc[column.size] = doc;
    column.tf[column.size] = tf;
    column.size += 1;
  }

  /** Per field, each fresh term's postings (from `offsets[id]` to `offsets[id + 1]`), docs ascending. */
  grouped(): Array<{ offsets: Uint32Array; docs: Uint32Array; freqs: Uint16Array }> {
    const termCount = this.termIds.size;
    return this.columns.map((column) => {
      const offsets = new Uint32Array(termCount + 1);
      for (let p = 0; p < column.size; p++) {
        const next = column.term[p]! + 1;
        offsets[next] = offsets[next]! + 1;
      }
      for (let t = 0; t < termCount; t++) offsets[t + 1] = offsets[t + 1]! + offsets[t]!;
      const next = offsets.slice(0, termCount);
      const docs = new Uint32Array(column.size);
      const freqs = new Uint16Array(column.size);
      // Passages were added in ascending order, and a stable counting sort keeps it.
      for (let p = 0; p < column.size; p++) {
        const term = column.term[p]!;
        const at = next[term]!;
        next[term] = at + 1;
        docs[at] = column.doc[p]!;
        freqs[at] = column.tf[p]!;
      }
      return { offsets, docs, freqs };
    });
  }
}

/**
 * A new segment: `base` without the `removed` passages and without earlier versions of the
 * `added` ones, plus the `added` ones. Only the added passages are analysed; the rest is copied,
 * so the cost beyond analysis is linear in the index's size with a small constant.
 */
function applyChanges(
  base: Segment,
  removed: ReadonlySet<string>,
  added: readonly Passage[],
  analyzer: TermAnalyzer,
): Segment {
  const fieldCount = LEXICAL_FIELDS.length;
  const replaced = new Set(added.map((passage) => passage.id));
  const oldCount = base.documentCount;
  const renumbered = new Int32Array(oldCount);
  const ids: string[] = [];
  for (let doc = 0; doc < oldCount; doc++) {
    const id = base.ids.get(doc);
    if (removed.has(id) || replaced.has(id)) renumbered[doc] = -1;
    else renumbered[doc] = ids.push(id) - 1;
  }
  const keptOld = ids.length;
  const anyDropped = keptOld < oldCount;

  // Analyse the new passages (the last version of each id).
  const latest = new Map<string, Passage>();
  for (const passage of added) latest.set(passage.id, passage);
  const newLengths: number[][] = LEXICAL_FIELDS.map(() => []);
  const fresh = new FreshPostings();
  for (const passage of latest.values()) {
    const doc = ids.push(passage.id) - 1;
    analyseFields(passage, analyzer).forEach(({ length, counts }, field) => {
      newLengths[field]!.push(length);
      for (const [term, count] of counts) fresh.add(field, term, doc, count);
    });
  }
  const documentCount = ids.length;

  // Merge the sorted old terms with the sorted new ones; count the postings each keeps.
  const freshTerms = [...fresh.termIds.keys()].sort();
  const freshPostings = fresh.grouped();
  const freshCount = (id: number, field: number): number => {
    const offsets = freshPostings[field]!.offsets;
    return offsets[id + 1]! - offsets[id]!;
  };
  const terms: string[] = [];
  const fromOld: number[] = [];
  /** Number of each term among the fresh terms, or -1. */
  const fromFresh: number[] = [];
  const counts: number[][] = LEXICAL_FIELDS.map(() => []);
  const oldToNew = new Int32Array(base.terms.length).fill(-1);
  const keptCount = (term: number, field: number): number => {
    const { offsets, docs } = base.fields[field]!;
    if (!anyDropped) return offsets[term + 1]! - offsets[term]!;
    let kept = 0;
    for (let p = offsets[term]!; p < offsets[term + 1]!; p++) if (renumbered[docs[p]!]! >= 0) kept += 1;
    return kept;
  };
  let i = 0;
  let j = 0;
  while (i < base.terms.length || j < freshTerms.length) {
    const oldTerm = base.terms[i];
    const newTerm = freshTerms[j];
    let term: string;
    let old = -1;
    let freshId = -1;
    if (newTerm === undefined || (oldTerm !== undefined && oldTerm < newTerm)) {
      term = oldTerm!;
      old = i++;
    } else if (oldTerm === undefined || newTerm < oldTerm) {
      term = newTerm;
      freshId = fresh.termIds.get(newTerm)!;
      j++;
    } else {
      term = oldTerm;
      old = i++;
      freshId = fresh.termIds.get(newTerm)!;
      j++;
    }
    let total = 0;
    const perField: number[] = [];
    for (let field = 0; field < fieldCount; field++) {
      const count = (old >= 0 ? keptCount(old, field) : 0) + (freshId >= 0 ? freshCount(freshId, field) : 0);
      perField.push(count);
      total += count;
    }
    if (total === 0) continue;
    if (old >= 0) oldToNew[old] = terms.length;
    terms.push(term);
    fromOld.push(old);
    fromFresh.push(freshId);
    perField.forEach((count, field) => counts[field]!.push(count));
  }

  const fields: FieldPostings[] = LEXICAL_FIELDS.map((_, field) => {
    const source = base.fields[field]!;
    const offsets = new Uint32Array(terms.length + 1);
    for (let t = 0; t < terms.length; t++) offsets[t + 1] = offsets[t]! + counts[field]![t]!;
    const docs = new Uint32Array(offsets[terms.length]!);
    const freqs = new Uint16Array(docs.length);
    for (let t = 0; t < terms.length; t++) {
      let at = offsets[t]!;
      const old = fromOld[t]!;
      if (old >= 0) {
        for (let p = source.offsets[old]!; p < source.offsets[old + 1]!; p++) {
          const doc = renumbered[source.docs[p]!]!;
          if (doc < 0) continue;
          docs[at] = doc;
          freqs[at] = source.freqs[p]!;
          at += 1;
        }
      }
      const freshId = fromFresh[t]!;
      if (freshId >= 0) {
        const added = freshPostings[field]!;
        for (let p = added.offsets[freshId]!; p < added.offsets[freshId + 1]!; p++) {
          docs[at] = added.docs[p]!;
          freqs[at] = added.freqs[p]!;
          at += 1;
        }
      }
    }
    const lengths = new Uint32Array(documentCount);
    let sum = 0;
    for (let doc = 0; doc < oldCount; doc++) {
      const to = renumbered[doc]!;
      if (to >= 0) lengths[to] = source.lengths[doc]!;
    }
    newLengths[field]!.forEach((length, n) => (lengths[keptOld + n] = length));
    for (const length of lengths) sum += length;
    return { offsets, docs, freqs, lengths, averageLength: documentCount > 0 ? sum / documentCount : 0 };
  });

  // Reversed order: the old order of the kept terms, merged with the new terms' own order.
  const keptReversed: number[] = [];
  for (const old of base.byReversed) {
    const to = oldToNew[old]!;
    if (to >= 0) keptReversed.push(to);
  }
  const newOnly: number[] = [];
  for (let t = 0; t < terms.length; t++) if (fromOld[t]! < 0) newOnly.push(t);
  newOnly.sort((a, b) => compareReversed(terms[a]!, terms[b]!));
  const byReversed = new Uint32Array(terms.length);
  let a = 0;
  let b = 0;
  for (let at = 0; at < byReversed.length; at++) {
    const next =
      b >= newOnly.length ||
      (a < keptReversed.length && compareReversed(terms[keptReversed[a]!]!, terms[newOnly[b]!]!) < 0)
        ? keptReversed[a++]!
        : newOnly[b++]!;
    byReversed[at] = next;
  }
  return new Segment(IdTable.of(ids), terms, byReversed, fields);
}

/**
 * Passage numbers scored together (see {@link PostingsLexicalIndex.search}): 20 bytes of state
 * each, so a block's state (160 KiB) stays in a core's cache.
 */
const DEFAULT_SCORING_BLOCK = 1 << 13;
/** The largest block allowed: beyond it a block's state no longer fits any cache. */
const MAX_SCORING_BLOCK = 1 << 16;

/** Options of a {@link PostingsLexicalIndex}. */
export interface PostingsLexicalIndexOptions {
  /** Query-time weighting; defaults in {@link DEFAULT_LEXICAL_SEARCH_OPTIONS}. */
  search?: Partial<LexicalSearchOptions>;
  /**
   * Passage numbers scored together, 1 to 65,536 (default 8,192). Results do not depend on it;
   * it trades cache use against per-block overhead.
   * @internal for tests and measurements
   */
  scoringBlock?: number;
}

/** Per-passage state of one block, reset to zero sums, no matches and last term -1 after use. */
interface ScoringBlock {
  sums: Float64Array;
  /** Query term that last touched the passage. */
  lastTerm: Int32Array;
  /** Number of query terms the passage matched. */
  matched: Int32Array;
  /** Slots touched in the block, in the order first touched. */
  touched: Uint32Array;
}

/** A query term's postings in one field, read from `at` on. */
interface Cursor {
  postings: FieldPostings;
  scale: number;
  source: number;
  at: number;
  end: number;
}

/** The `k` best hits seen so far; the root is the worst of them. */
class TopHits {
  private readonly heap: LexicalHit[] = [];

  constructor(private readonly k: number) {}

  /** Whether a hit with this score and id would be kept. */
  admits(score: number, id: string): boolean {
    if (this.heap.length < this.k) return true;
    const worst = this.heap[0]!;
    return score > worst.score || (score === worst.score && id < worst.id);
  }

  /** Whether no hit with this score could be kept, whatever its id. */
  excludes(score: number): boolean {
    return this.heap.length >= this.k && score < this.heap[0]!.score;
  }

  add(hit: LexicalHit): void {
    const heap = this.heap;
    if (heap.length < this.k) {
      heap.push(hit);
      let at = heap.length - 1;
      while (at > 0) {
        const parent = (at - 1) >> 1;
        if (!worse(heap[at]!, heap[parent]!)) break;
        [heap[at], heap[parent]] = [heap[parent]!, heap[at]!];
        at = parent;
      }
      return;
    }
    heap[0] = hit;
    let at = 0;
    for (;;) {
      const left = 2 * at + 1;
      const right = left + 1;
      let worst = at;
      if (left < heap.length && worse(heap[left]!, heap[worst]!)) worst = left;
      if (right < heap.length && worse(heap[right]!, heap[worst]!)) worst = right;
      if (worst === at) break;
      [heap[at], heap[worst]] = [heap[worst]!, heap[at]!];
      at = worst;
    }
  }

  /** Best first, equal scores by id. */
  sorted(): LexicalHit[] {
    return [...this.heap].sort((a, b) => (worse(a, b) ? 1 : worse(b, a) ? -1 : 0));
  }
}

function worse(a: LexicalHit, b: LexicalHit): boolean {
  return a.score < b.score || (a.score === b.score && a.id > b.id);
}

/** Where each section of a serialised index lies, relative to the end of the header. */
interface SerialisedHeader {
  documents: number;
  terms: number;
  sections: Record<string, [offset: number, bytes: number]>;
}

const bigEndian = endianness() === 'BE';

/**
 * BM25 passage search with German analysis (folding, stop words, Snowball stemming), compound
 * and word-family matching, over posting lists in typed arrays.
 *
 * Ranking is MiniSearch's BM25+ over the passage text and its section title (each query term's
 * field scores summed, the sum multiplied by the number of query terms matched), so it ranks as
 * {@link MiniSearchLexicalIndex} does on the same passages; it is faster to query, and
 * {@link toBuffer} writes a binary form that {@link fromBuffer} opens without parsing: views
 * onto the bytes, the passage ids decoded only for hits.
 *
 * Changes are collected and applied at the next read, in one pass that analyses only the new
 * passages and copies the rest: an update costs analysis of what changed plus a linear copy.
 *
 * @example
 * const index = new PostingsLexicalIndex();
 * index.add(passages);
 * index.search('Welches Ernährungsprogramm half?', 10); // finds "Welternährungsprogramm"
 * const copy = PostingsLexicalIndex.fromBuffer(index.toBuffer());
 */
export class PostingsLexicalIndex implements LexicalIndex, TermLookup {
  private readonly options: LexicalSearchOptions;
  private segment: Segment;
  private readonly pendingAdd = new Map<string, Passage>();
  private readonly pendingRemove = new Set<string>();
  private readonly scoringBlock: number;
  private block: ScoringBlock | undefined;

  constructor(
    options: PostingsLexicalIndexOptions = {},
    /** @internal an existing segment, shared (segments are immutable) */
    segment: Segment = Segment.empty(),
    private readonly analyzer: TermAnalyzer = new TermAnalyzer(),
  ) {
    this.options = { ...DEFAULT_LEXICAL_SEARCH_OPTIONS, ...options.search };
    this.scoringBlock = options.scoringBlock ?? DEFAULT_SCORING_BLOCK;
    if (
      !Number.isInteger(this.scoringBlock) ||
      this.scoringBlock < 1 ||
      this.scoringBlock > MAX_SCORING_BLOCK
    ) {
      throw new RangeError(
        `scoringBlock must be an integer from 1 to ${MAX_SCORING_BLOCK}, got ${options.scoringBlock}`,
      );
    }
    this.segment = segment;
  }

  /** The same passages searched with other query-time options; shares the stored postings. */
  withSearch(search: Partial<LexicalSearchOptions>): PostingsLexicalIndex {
    return new PostingsLexicalIndex(
      { search: { ...this.options, ...search }, scoringBlock: this.scoringBlock },
      this.current(),
      this.analyzer,
    );
  }

  /** A new index with the changes applied; this one is left as it is. */
  withChanges(removedIds: readonly string[], added: readonly Passage[]): PostingsLexicalIndex {
    const removed = new Set([...this.pendingRemove, ...removedIds]);
    const segment = applyChanges(this.current(), removed, [...added], this.analyzer);
    return new PostingsLexicalIndex(
      { search: this.options, scoringBlock: this.scoringBlock },
      segment,
      this.analyzer,
    );
  }

  get size(): number {
    return this.current().documentCount;
  }

  /** The ids of the indexed passages, in no particular order. */
  *passageIds(): IterableIterator<string> {
    const { ids } = this.current();
    for (let doc = 0; doc < ids.count; doc++) yield ids.get(doc);
  }

  add(passages: readonly Passage[]): void {
    for (const passage of passages) {
      this.pendingRemove.delete(passage.id);
      this.pendingAdd.delete(passage.id);
      this.pendingAdd.set(passage.id, passage);
    }
  }

  remove(passageIds: readonly string[]): void {
    for (const id of passageIds) {
      this.pendingAdd.delete(id);
      this.pendingRemove.add(id);
    }
  }

  search(query: string, k: number, filter?: (passageId: string) => boolean): LexicalHit[] {
    if (k <= 0) return [];
    const segment = this.current();
    if (segment.documentCount === 0) return [];
    const weightedTerms = weightedTermsOf(query, this.analyzer, this, this.options);
    if (weightedTerms.length === 0) return [];
    const { bm25, sectionBoost } = this.options;
    const fieldBoosts = [1, sectionBoost];
    const n = segment.documentCount;

    // One cursor per query term and field, in query-term order, so that each passage's sum is
    // added up in the same order whatever the block size.
    const cursors: Cursor[] = [];
    for (const { term, weight, source } of weightedTerms) {
      const found = segment.find(term);
      if (found < 0) continue;
      segment.fields.forEach((postings, field) => {
        const at = postings.offsets[found]!;
        const end = postings.offsets[found + 1]!;
        if (at === end) return;
        const scale = weight * fieldBoosts[field]! * inverseDocumentFrequency(end - at, n);
        cursors.push({ postings, scale, source, at, end });
      });
    }

    // Passages are scored one block of `scoringBlock` passage numbers at a time (postings are
    // ascending by passage), so that the per-passage state being added to stays in the
    // processor's cache: spread over a whole million-passage index, every posting would wait on
    // memory. Within a block each passage's sum is added up cursor by cursor, that is by query
    // term and then field, the order of a whole-index pass.
    //
    // A term's BM25+ contribution to a field, as MiniSearch computes it, times the term's weight:
    // `idf · (d + tf·(k+1) / (tf + k·(1 − b + b·len/avg)))`. This loop runs once per posting of
    // every query term, millions of times per query at a million passages, so the formula is
    // written out here. A passage's sum grows posting by posting; its number of matched query
    // terms by one at the first posting of each query term.
    //
    // The block is taken from the index while in use: a filter that searches this index again
    // gets a block of its own, and one that throws leaves the half-reset block behind.
    const block = this.block ?? newScoringBlock(this.scoringBlock);
    this.block = undefined;
    const { sums, lastTerm, matched, touched } = block;
    const { k: k1, b, d } = bm25;
    const kPlusOne = k1 + 1;
    const oneMinusB = 1 - b;
    const top = new TopHits(k);
    for (;;) {
      let first = n;
      for (const cursor of cursors) {
        if (cursor.at < cursor.end) first = Math.min(first, cursor.postings.docs[cursor.at]!);
      }
      if (first >= n) break;
      const base = first - (first % this.scoringBlock);
      const limit = base + this.scoringBlock;
      let touchedCount = 0;
      for (const cursor of cursors) {
        const { docs, freqs, lengths, averageLength } = cursor.postings;
        const { scale, source, end } = cursor;
        let p = cursor.at;
        for (; p < end; p++) {
          const doc = docs[p]!;
          if (doc >= limit) break;
          const slot = doc - base;
          const tf = freqs[p]!;
          if (lastTerm[slot] !== source) {
            if (matched[slot] === 0) touched[touchedCount++] = slot;
            lastTerm[slot] = source;
            matched[slot] = matched[slot]! + 1;
          }
          sums[slot] =
            sums[slot]! +
            scale * (d + (tf * kPlusOne) / (tf + k1 * (oneMinusB + (b * lengths[doc]!) / averageLength)));
        }
        cursor.at = p;
      }
      for (let i = 0; i < touchedCount; i++) {
        const slot = touched[i]!;
        const total = roundScore(sums[slot]! * matched[slot]!);
        sums[slot] = 0;
        matched[slot] = 0;
        lastTerm[slot] = -1;
        if (top.excludes(total)) continue;
        const id = segment.ids.get(base + slot);
        if (!top.admits(total, id)) continue;
        if (filter && !filter(id)) continue;
        top.add({ id, score: total });
      }
    }
    // Every slot is reset: the block can serve the next search.
    this.block = block;
    return top.sorted();
  }

  /** Whether an analysed term occurs in the index, in a passage's text or its section title. */
  hasTerm(term: string): boolean {
    const segment = this.current();
    const found = segment.find(term);
    return found >= 0 && segment.fields.some((_, field) => segment.documentFrequency(found, field) > 0);
  }

  /** Whether the index holds the term or a word of its family (see {@link hasWordFamily}). */
  hasWordFamily(term: string): boolean {
    return hasWordFamily(term, this);
  }

  documentFrequency(term: string): number {
    const segment = this.current();
    const found = segment.find(term);
    return found < 0 ? 0 : segment.documentFrequency(found);
  }

  /**
   * Numbers of the passages (body field) holding the analysed term exactly, ascending: a read-only
   * view of the index's own postings (numbers change when the index does).
   */
  passagesWith(term: string): ArrayLike<number> {
    const segment = this.current();
    const found = segment.find(term);
    if (found < 0) return NO_PASSAGES;
    const postings = segment.fields[0]!;
    return postings.docs.subarray(postings.offsets[found]!, postings.offsets[found + 1]!);
  }

  *termsWithPrefix(prefix: string): Generator<string> {
    const segment = this.current();
    for (const t of segment.prefixRange(prefix)) yield segment.terms[t]!;
  }

  /**
   * Whether lexical search would find compounds ending in `term` ("fachzeitschrift" for
   * "zeitschrift"): the index holds a term that ends in it and is at least this index's compound
   * modifier longer; never when compound expansion is off.
   */
  endsCompound(term: string): boolean {
    const { compounds } = this.options;
    return (
      compounds !== false && this.vocabulary().endingWith(term, compounds.minModifierLength, 1).length > 0
    );
  }

  vocabulary(): Vocabulary {
    const segment = this.current();
    return SuffixVocabulary.ofSorted(segment.terms, segment.byReversed);
  }

  /**
   * The index as bytes: a magic number, a JSON header of counts and section places, then the
   * passage ids, the terms, the reversed-term order and each field's postings, little-endian,
   * every section aligned to 8 bytes.
   */
  toBuffer(): Buffer {
    const segment = this.current();
    const { blob: idBlob, offsets: idOffsets } = segment.ids.encode();
    const sections: Array<[string, Buffer]> = [
      ['ids', idBlob],
      ['idOffsets', bytesOf(idOffsets)],
      ['terms', Buffer.from(segment.terms.join('\n'), 'utf8')],
      ['byReversed', bytesOf(segment.byReversed)],
    ];
    segment.fields.forEach((postings, field) => {
      sections.push(
        [`offsets${field}`, bytesOf(postings.offsets)],
        [`docs${field}`, bytesOf(postings.docs)],
        [`freqs${field}`, bytesOf(postings.freqs)],
        [`lengths${field}`, bytesOf(postings.lengths)],
      );
    });
    const header: SerialisedHeader = {
      documents: segment.documentCount,
      terms: segment.terms.length,
      sections: {},
    };
    const parts: Buffer[] = [];
    let at = 0;
    for (const [name, bytes] of sections) {
      header.sections[name] = [at, bytes.length];
      parts.push(bytes);
      const padding = (ALIGN - (bytes.length % ALIGN)) % ALIGN;
      if (padding > 0) parts.push(Buffer.alloc(padding));
      at += bytes.length + padding;
    }
    const json = Buffer.from(JSON.stringify(header), 'utf8');
    const lead = MAGIC.length + 4 + json.length;
    const leadPadding = (ALIGN - (lead % ALIGN)) % ALIGN;
    const length = Buffer.alloc(4);
    length.writeUInt32LE(json.length);
    return Buffer.concat([MAGIC, length, json, Buffer.alloc(leadPadding), ...parts]);
  }

  /**
   * Opens {@link toBuffer} output. The typed arrays are views onto `bytes` (copied only when
   * they are not 8-byte aligned or the machine is big-endian), so `bytes` must not change
   * afterwards. Query-time options may differ from the ones the index was built with.
   * @throws if the bytes are not such an index or are inconsistent
   */
  static fromBuffer(bytes: Buffer, options: PostingsLexicalIndexOptions = {}): PostingsLexicalIndex {
    const fail = (reason: string): never => {
      throw new Error(`lexical index: ${reason}`);
    };
    if (bytes.length < MAGIC.length + 4 || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) {
      fail('not a postings index of this version, rebuild needed');
    }
    const headerLength = bytes.readUInt32LE(MAGIC.length);
    const lead = MAGIC.length + 4 + headerLength;
    if (lead > bytes.length) fail('truncated header');
    let header: SerialisedHeader;
    try {
      header = JSON.parse(bytes.toString('utf8', MAGIC.length + 4, lead)) as SerialisedHeader;
    } catch {
      return fail('unreadable header');
    }
    const dataStart = lead + ((ALIGN - (lead % ALIGN)) % ALIGN);
    // Typed arrays need aligned offsets: realign the whole buffer once if it is not.
    const data = bytes.byteOffset % ALIGN === 0 ? bytes : Buffer.from(bytes);
    const section = (name: string): Buffer => {
      const place = header.sections?.[name];
      if (!Array.isArray(place) || !Number.isSafeInteger(place[0]) || !Number.isSafeInteger(place[1]))
        return fail(`missing section ${name}`);
      const [offset, length] = place;
      const start = dataStart + offset;
      if (offset < 0 || length < 0 || offset % ALIGN !== 0 || start + length > data.length)
        return fail(`section ${name} out of bounds`);
      return data.subarray(start, start + length);
    };
    const u32 = (name: string, count: number): Uint32Array => {
      const raw = section(name);
      if (raw.length !== count * 4) fail(`section ${name} has the wrong size`);
      const source = bigEndian ? Buffer.from(raw).swap32() : raw;
      return new Uint32Array(source.buffer, source.byteOffset, count);
    };
    const u16 = (name: string, count: number): Uint16Array => {
      const raw = section(name);
      if (raw.length !== count * 2) fail(`section ${name} has the wrong size`);
      const source = bigEndian ? Buffer.from(raw).swap16() : raw;
      return new Uint16Array(source.buffer, source.byteOffset, count);
    };
    const documents = header.documents;
    const termCount = header.terms;
    if (
      !Number.isSafeInteger(documents) ||
      documents < 0 ||
      !Number.isSafeInteger(termCount) ||
      termCount < 0
    )
      fail('bad counts');

    const idOffsets = u32('idOffsets', documents + 1);
    const idBlob = section('ids');
    checkOffsets(idOffsets, idBlob.length, 'passage ids', fail);
    const termText = section('terms').toString('utf8');
    const terms = termCount === 0 ? [] : termText.split('\n');
    if (terms.length !== termCount) fail('term count disagrees');
    for (let t = 1; t < terms.length; t++) if (!(terms[t - 1]! < terms[t]!)) fail('terms out of order');
    const byReversed = u32('byReversed', termCount);
    const fields = LEXICAL_FIELDS.map((name, field): FieldPostings => {
      const offsets = u32(`offsets${field}`, termCount + 1);
      const postingCount = offsets[termCount]!;
      checkOffsets(offsets, postingCount, `${name} postings`, fail);
      const docs = u32(`docs${field}`, postingCount);
      for (let t = 0; t < termCount; t++) {
        for (let p = offsets[t]!; p < offsets[t + 1]!; p++) {
          const doc = docs[p]!;
          if (doc >= documents) fail(`${name} postings name an unknown passage`);
          if (p > offsets[t]! && doc <= docs[p - 1]!) fail(`${name} postings out of order`);
        }
      }
      const lengths = u32(`lengths${field}`, documents);
      let sum = 0;
      for (const length of lengths) sum += length;
      return {
        offsets,
        docs,
        freqs: u16(`freqs${field}`, postingCount),
        lengths,
        averageLength: documents > 0 ? sum / documents : 0,
      };
    });
    const listed = new Uint8Array(termCount);
    for (let i = 0; i < termCount; i++) {
      const t = byReversed[i]!;
      if (t >= termCount || listed[t]) fail('reversed order is not a permutation of the terms');
      listed[t] = 1;
      if (i > 0 && compareReversed(terms[byReversed[i - 1]!]!, terms[t]!) >= 0)
        fail('reversed order out of order');
    }
    const segment = new Segment(IdTable.encoded(idBlob, idOffsets), terms, byReversed, fields);
    return new PostingsLexicalIndex(options, segment);
  }

  /** The segment with pending changes applied. */
  private current(): Segment {
    if (this.pendingAdd.size > 0 || this.pendingRemove.size > 0) {
      this.segment = applyChanges(
        this.segment,
        this.pendingRemove,
        [...this.pendingAdd.values()],
        this.analyzer,
      );
      this.pendingAdd.clear();
      this.pendingRemove.clear();
    }
    return this.segment;
  }
}

function newScoringBlock(size: number): ScoringBlock {
  return {
    sums: new Float64Array(size),
    lastTerm: new Int32Array(size).fill(-1),
    matched: new Int32Array(size),
    touched: new Uint32Array(size),
  };
}

/** Little-endian bytes of a typed array (a view when the machine is little-endian). */
function bytesOf(array: Uint32Array | Uint16Array): Buffer {
  const view = Buffer.from(array.buffer, array.byteOffset, array.byteLength);
  if (!bigEndian) return view;
  const copy = Buffer.from(view);
  return array instanceof Uint32Array ? copy.swap32() : copy.swap16();
}

function checkOffsets(
  offsets: Uint32Array,
  end: number,
  what: string,
  fail: (reason: string) => never,
): void {
  if (offsets[0] !== 0 || offsets[offsets.length - 1] !== end) fail(`${what}: bad offsets`);
  for (let i = 1; i < offsets.length; i++) if (offsets[i]! < offsets[i - 1]!) fail(`${what}: bad offsets`);
}
