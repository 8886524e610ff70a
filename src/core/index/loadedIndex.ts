import type { DenseSearch, DenseSearchOptions } from './denseSearch';
import type { OrdinalRange } from './backend';
import type { Article, Passage, ScoredPassage } from '../types';
import type { VectorIndex } from './vectorIndex';
import type { Manifest } from './manifest';
import type { FileDigest } from './durableFs';
import { passageColumnsOf, passageRecordAt, type PassageColumns } from './passageCodec';

/** A generation's `texts.bin` as loaded: its file, recorded size and checksum, and verified bytes. */
export interface TextsSource {
  path: string;
  digest: FileDigest;
  bytes: Buffer;
}

/** A passage as stored on disk: everything but the text (a slice of its article's text), plus its label. */
export type StoredPassage = Omit<Passage, 'text'> & { label: number };

/**
 * Candidate sets up to this size are scored exactly instead of through the graph: a
 * restrictive hnswlib filter makes the graph search wander over most of the index.
 */
const EXACT_SEARCH_LIMIT = 512;

/**
 * The live passages of one generation, checked against their articles and indexed by vector
 * label, id and article. Records are kept column-wise ({@link PassageColumns}) and built as
 * objects only when asked for: opening a large index creates no object per passage. Built while
 * the vector graph is still being read.
 */
export class PassageTable {
  private readonly columns: PassageColumns;
  /**
   * Row of each label: an array indexed by label (-1: none) while labels are dense enough, a map
   * when they are sparse (removed labels are never handed out again, so a much-edited index has gaps).
   */
  private readonly rowByLabel: Int32Array | Map<number, number>;
  /** Records built so far, so that a filter visiting a label twice gets the same object. */
  private readonly built = new Map<number, StoredPassage>();
  /** Labels of each article's passages, in reading order. */
  private readonly labelsByArticle = new Map<string, number[]>();

  /**
   * A table of records held as objects (the indexer's, for a generation it has just written).
   * @throws as the constructor, or when a record's id is not `${articleId}#${ordinal}`
   */
  static fromRecords(
    articles: ReadonlyMap<string, Article>,
    stored: readonly StoredPassage[],
    textLengthOf?: (articleId: string) => number | undefined,
  ): PassageTable {
    return new PassageTable(articles, passageColumnsOf(stored), textLengthOf);
  }

  /**
   * @param columns passages of live labels; their offsets must lie inside their article's text
   * @param textLengthOf the length of an article's text (undefined: no such article); lets an
   *   article whose record or text is read on first use be checked without reading it
   * @throws Error when a passage refers to an unknown article, lies outside its text, or shares
   *   its label or its ordinal with another passage
   */
  constructor(
    articles: ReadonlyMap<string, Article>,
    columns: PassageColumns,
    textLengthOf: (articleId: string) => number | undefined = (id) => articles.get(id)?.text.length,
  ) {
    this.columns = columns;
    const { count, label, article: articleOf, ordinal, start, end } = columns;
    let maxLabel = -1;
    for (let row = 0; row < count; row += 1) {
      if (label[row]! < 0) throw new Error(`passage ${this.idAt(row)} has a negative label`);
      if (label[row]! > maxLabel) maxLabel = label[row]!;
    }
    const dense = maxLabel < 4 * count + 1024;
    const rows = dense ? new Int32Array(maxLabel + 1).fill(-1) : new Map<number, number>();
    this.rowByLabel = rows;
    // Per article reference (an index into `articleIds`): its text length (-1: not looked up yet)
    // and its labels, grouped in the order articles first appear. Arrays, not maps keyed by id: a
    // million-passage index is opened by these loops.
    const lengths = new Float64Array(columns.articleIds.length).fill(-1);
    const grouped = new Array<number[] | undefined>(columns.articleIds.length);
    const appearance: number[] = [];
    for (let row = 0; row < count; row += 1) {
      const ref = articleOf[row]!;
      let length = lengths[ref]!;
      if (length < 0) {
        const found = textLengthOf(columns.articleIds[ref]!);
        if (found === undefined) {
          throw new Error(`passage ${this.idAt(row)} refers to unknown article ${columns.articleIds[ref]!}`);
        }
        length = lengths[ref] = found;
      }
      if (start[row]! < 0 || end[row]! > length || start[row]! > end[row]!) {
        throw new Error(`passage ${this.idAt(row)} lies outside its article text`);
      }
      if (this.rowOf(label[row]!) >= 0) throw new Error(`label ${label[row]!} is stored twice`);
      if (rows instanceof Map) rows.set(label[row]!, row);
      else rows[label[row]!] = row;
      const group = grouped[ref];
      if (group) group.push(label[row]!);
      else {
        grouped[ref] = [label[row]!];
        appearance.push(ref);
      }
    }
    const ordinalOf = (value: number): number => ordinal[this.rowOf(value)]!;
    for (const ref of appearance) {
      const articleId = columns.articleIds[ref]!;
      // Two references naming one article (not written so, but readable) share its list.
      const earlier = this.labelsByArticle.get(articleId);
      const labels = earlier ? [...earlier, ...grouped[ref]!] : grouped[ref]!;
      // Passages are stored in reading order, so the sort is nearly always skipped.
      let ordered = true;
      for (let i = 1; i < labels.length && ordered; i += 1) {
        ordered = ordinalOf(labels[i]!) > ordinalOf(labels[i - 1]!);
      }
      if (!ordered) labels.sort((a, b) => ordinalOf(a) - ordinalOf(b));
      for (let i = 1; i < labels.length; i += 1) {
        if (ordinalOf(labels[i]!) === ordinalOf(labels[i - 1]!)) {
          throw new Error(`passage ${articleId}#${ordinalOf(labels[i]!)} is stored twice`);
        }
      }
      this.labelsByArticle.set(articleId, labels);
    }
  }

  /** Number of passages. */
  get size(): number {
    return this.columns.count;
  }

  /** Every label, in stored order. */
  labels(): Int32Array {
    return this.columns.label;
  }

  has(label: number): boolean {
    return this.rowOf(label) >= 0;
  }

  /** The stored record of a label (undefined for a label not stored), built on first use. */
  record(label: number): StoredPassage | undefined {
    let record = this.built.get(label);
    if (record) return record;
    const row = this.rowOf(label);
    if (row < 0) return undefined;
    record = passageRecordAt(this.columns, row);
    this.built.set(label, record);
    return record;
  }

  /** The article id of a stored label (undefined for a label not stored), without building its record. */
  articleIdOf(label: number): string | undefined {
    const row = this.rowOf(label);
    return row < 0 ? undefined : this.columns.articleIds[this.columns.article[row]!];
  }

  /** The label of a passage id (`${articleId}#${ordinal}`). */
  labelOf(id: string): number | undefined {
    const hash = id.lastIndexOf('#');
    if (hash < 0) return undefined;
    const labels = this.labelsByArticle.get(id.slice(0, hash));
    const ordinalText = id.slice(hash + 1);
    const ordinal = Number(ordinalText);
    if (!labels || !Number.isInteger(ordinal) || String(ordinal) !== ordinalText) return undefined;
    // Ordinals usually run 0, 1, 2, … so the guess is nearly always right.
    const guess = labels[ordinal];
    if (guess !== undefined && this.ordinalAt(guess) === ordinal) return guess;
    return labels.find((label) => this.ordinalAt(label) === ordinal);
  }

  /** Labels of an article's passages in reading order (empty for unknown articles). */
  labelsOf(articleId: string): readonly number[] {
    return this.labelsByArticle.get(articleId) ?? [];
  }

  /**
   * Every record, grouped by article in stored order, in ordinal order; new objects, not kept
   * (a full pass, as an update makes, should not hold every record afterwards).
   */
  *records(): IterableIterator<StoredPassage> {
    for (const labels of this.labelsByArticle.values())
      for (const label of labels)
        yield this.built.get(label) ?? passageRecordAt(this.columns, this.rowOf(label));
  }

  /** Ids of the articles that have passages, in stored order. */
  articleIds(): IterableIterator<string> {
    return this.labelsByArticle.keys();
  }

  private ordinalAt(label: number): number {
    return this.columns.ordinal[this.rowOf(label)]!;
  }

  /** Row of a label, -1 when it is not stored. */
  private rowOf(label: number): number {
    const rows = this.rowByLabel;
    return (rows instanceof Map ? rows.get(label) : rows[label]) ?? -1;
  }

  private idAt(row: number): string {
    return `${this.columns.articleIds[this.columns.article[row]!]}#${this.columns.ordinal[row]}`;
  }
}

/**
 * One generation of the index held in memory, read-only for queries. A reindex builds a
 * new instance; callers swap the reference, so queries keep using this one meanwhile.
 * Passages are kept as their stored records and built (with their text) when first asked for,
 * so opening an index reads no article's text until a query needs it.
 */
export class LoadedIndex implements DenseSearch {
  private readonly table: PassageTable;
  /** Passages built from their records when first asked for (their text is a slice of the article's). */
  private readonly built = new Map<number, Passage>();

  /**
   * @param table the generation's passages, checked against `articles`
   * @param texts the generation's `texts.bin` as loaded, which the next update may keep
   */
  constructor(
    readonly manifest: Manifest,
    readonly articles: ReadonlyMap<string, Article>,
    table: PassageTable,
    readonly vectors: VectorIndex,
    readonly texts?: TextsSource,
  ) {
    this.table = table;
  }

  /** Name of the generation directory this was loaded from. */
  get generation(): string {
    return this.manifest.generation;
  }

  /** Number of live passages. */
  get passageCount(): number {
    return this.table.size;
  }

  /** Every live passage, grouped by article, in ordinal order. Reads every article's text. */
  *passages(): IterableIterator<Passage> {
    for (const articleId of this.table.articleIds())
      for (const label of this.table.labelsOf(articleId)) yield this.build(label);
  }

  /** Every live passage as stored (without its text), grouped by article, in ordinal order. */
  *storedPassages(): IterableIterator<StoredPassage> {
    yield* this.table.records();
  }

  /** Labels of every live passage, grouped by article, in ordinal order (as {@link storedPassages}). */
  passageLabels(): number[] {
    const labels: number[] = [];
    for (const articleId of this.table.articleIds())
      for (const label of this.table.labelsOf(articleId)) labels.push(label);
    return labels;
  }

  /** The article of a live label, without building the passage. */
  articleIdOf(label: number): string | undefined {
    return this.table.articleIdOf(label);
  }

  /** The passage stored under a vector label. */
  passageByLabel(label: number): Passage | undefined {
    return this.table.has(label) ? this.build(label) : undefined;
  }

  /** A passage by its id (`${articleId}#${ordinal}`). */
  passageById(id: string): Passage | undefined {
    const label = this.table.labelOf(id);
    return label === undefined ? undefined : this.build(label);
  }

  /** The vector label of a passage id. */
  labelOf(id: string): number | undefined {
    return this.table.labelOf(id);
  }

  /** Number of an article's passages (0 for unknown articles), without building them. */
  passageCountOf(articleId: string): number {
    return this.table.labelsOf(articleId).length;
  }

  /**
   * Passages of an article in reading order (empty for unknown articles); with `ordinals`, only
   * those whose ordinal is in the range, built without building the others.
   */
  passagesOf(articleId: string, ordinals?: OrdinalRange): readonly Passage[] {
    const labels = this.table.labelsOf(articleId);
    if (!ordinals) return labels.map((label) => this.build(label));
    // An article's labels stand in ordinal order, and its ordinals count from 0.
    const from = Math.max(0, Math.floor(ordinals.from));
    const to = Math.min(labels.length, Math.ceil(ordinals.to));
    return labels.slice(from, Math.max(from, to)).map((label) => this.build(label));
  }

  /**
   * Dense retrieval: the `k` passages most similar to a query vector, best first, with
   * `score` and `dense` both the cosine similarity.
   *
   * @example
   * index.search(await embedder.embedQuery('Wer regiert?'), 10, { articleIds: ['a.md'] });
   */
  search(vector: Float32Array, k: number, options: DenseSearchOptions = {}): ScoredPassage[] {
    const { filter } = options;
    let allowed: Set<number> | undefined;
    if (options.articleIds) {
      allowed = new Set();
      for (const articleId of options.articleIds) {
        for (const label of this.table.labelsOf(articleId)) allowed.add(label);
      }
      if (allowed.size === 0) return [];
    }
    const accepts = (label: number): boolean => {
      if (allowed && !allowed.has(label)) return false;
      if (!filter) return true;
      const record = this.table.record(label);
      return record !== undefined && filter(record);
    };
    const hits =
      allowed && allowed.size <= EXACT_SEARCH_LIMIT
        ? this.vectors.searchExact(vector, k, filter ? [...allowed].filter(accepts) : allowed)
        : this.vectors.search(vector, k, allowed || filter ? accepts : undefined);
    const results: ScoredPassage[] = [];
    for (const hit of hits) {
      if (this.table.has(hit.label))
        results.push({ passage: this.build(hit.label), score: hit.score, dense: hit.score });
    }
    return results;
  }

  /** The passage of a live label, built once from its record and its article's text. */
  private build(label: number): Passage {
    let passage = this.built.get(label);
    if (passage) return passage;
    const record = this.table.record(label)!;
    const article = this.articles.get(record.articleId)!;
    // Explicit fields rather than rest/spread: this runs once per passage on a full read.
    passage = {
      id: record.id,
      articleId: record.articleId,
      ordinal: record.ordinal,
      paragraphStart: record.paragraphStart,
      paragraphEnd: record.paragraphEnd,
      start: record.start,
      end: record.end,
      text: article.text.slice(record.start, record.end),
      kind: record.kind,
    };
    if (record.section !== undefined) passage.section = record.section;
    this.built.set(label, passage);
    return passage;
  }
}
