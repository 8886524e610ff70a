import type { Pool } from 'pg';
import { UserError } from '../core/errors';
import { parseDateRange } from '../core/retrieval/dateRange';
import {
  type Bm25Params,
  DEFAULT_LEXICAL_SEARCH_OPTIONS,
  LEXICAL_FIELDS,
  type LexicalHit,
  type LexicalSearchOptions,
  TermAnalyzer,
  type WeightedTerm,
  byScoreThenId,
  inverseDocumentFrequency,
  roundScore,
  weightedTermsOf,
} from '../core/retrieval/lexical';
import type { PassageFilter, SearchIndex, TermStatistics } from '../core/retrieval/searchIndex';
import {
  type VocabularyRequest,
  VocabularySlice,
  vocabularyRequest,
} from '../core/retrieval/vocabularySlice';
import type { Article, Passage, ScoredPassage, SkippedFile } from '../core/types';
import { BLOCK_ENTRY_BYTES, graphDistance, visibleIn } from './schema';

/** Query terms whose matches one bigint records as bits (terms 0–63); a query with more is counted in two steps. */
const BIT_SET_SOURCES = 64;

/** A committed generation as readers need it. */
export interface GenerationInfo {
  id: number;
  articles: number;
  passages: number;
  /** Average length of each searched field over the generation's passages, in `LEXICAL_FIELDS` order. */
  averageLengths: readonly number[];
  committedAt: Date;
  /** The similarity the embedder gives unrelated passages, sampled when the collection was built. */
  unrelatedSimilarity: number | null;
  /** Files the run that wrote it could not read. */
  skipped: SkippedFile[];
  /** Whether it has postings blocks (`quellen.term_blocks`), which unfiltered lexical search reads. */
  termBlocks: boolean;
}

/**
 * The newest committed generation, or undefined when nothing was ever indexed.
 */
export async function latestGeneration(pool: Pool): Promise<GenerationInfo | undefined> {
  const { rows } = await pool.query<{
    id: string;
    articles: number;
    passages: number;
    average_lengths: number[];
    committed_at: Date;
    unrelated_similarity: number | null;
    skipped: SkippedFile[];
    term_blocks: boolean;
  }>(
    `SELECT id, articles, passages, average_lengths, committed_at, unrelated_similarity, skipped, term_blocks
     FROM quellen.generations ORDER BY id DESC LIMIT 1`,
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    id: Number(row.id),
    articles: row.articles,
    passages: row.passages,
    averageLengths: row.average_lengths,
    committedAt: row.committed_at,
    unrelatedSimilarity: row.unrelated_similarity,
    skipped: row.skipped,
    termBlocks: row.term_blocks,
  };
}

/**
 * The {@link SearchIndex} of one generation held in PostgreSQL: dense search by pgvector's HNSW
 * graph (cosine), lexical search by the product's own BM25+ over postings that quellen's analysis
 * wrote, so both backends rank a question alike: scored here over the query terms' postings blocks
 * when the generation has them and no filter applies, else in SQL over the postings rows. A
 * question costs a handful of round trips: dense search, the query's slice of the vocabulary, the
 * blocks (or lexical scoring), the best passages' ids, and the lookups.
 *
 * Filters become `WHERE` clauses. A filter on articles is searched exactly over those articles'
 * vectors; a date filter walks the graph with pgvector's iterative scan until `k` accepted passages
 * are found (within `hnsw.max_scan_tuples`, 20 000 by default).
 */
export class PostgresSearchIndex implements SearchIndex {
  readonly concurrent = true;
  private readonly options: LexicalSearchOptions;
  private readonly analyzer = new TermAnalyzer(100_000);

  private useBlocks: boolean;

  /**
   * @param options.termBlocks whether unfiltered lexical search reads the generation's postings
   *   blocks where it has them (default true); false scores the postings rows in SQL, as
   *   filtered searches do
   */
  constructor(
    private readonly pool: Pool,
    readonly generation: GenerationInfo,
    options: { search?: Partial<LexicalSearchOptions>; termBlocks?: boolean } = {},
  ) {
    this.options = { ...DEFAULT_LEXICAL_SEARCH_OPTIONS, ...options.search };
    this.useBlocks = options.termBlocks ?? true;
  }

  /**
   * The newest generation's index.
   * @throws UserError `INDEX_EMPTY` when nothing was indexed yet
   */
  static async open(
    pool: Pool,
    options: { search?: Partial<LexicalSearchOptions>; termBlocks?: boolean } = {},
  ): Promise<PostgresSearchIndex> {
    const generation = await latestGeneration(pool);
    if (!generation) {
      throw new UserError('INDEX_EMPTY', 'The database holds no index yet: run "quellen index" first.');
    }
    return new PostgresSearchIndex(pool, generation, options);
  }

  /** How lexical search expands compounds (see compounds.ts), or `false` when it does not. */
  get compounds(): LexicalSearchOptions['compounds'] {
    return this.options.compounds;
  }

  async denseSearch(vector: Float32Array, k: number, filter?: PassageFilter): Promise<ScoredPassage[]> {
    if (k <= 0 || filter?.articleIds?.length === 0) return [];
    const where = new Conditions([this.generation.id, vectorLiteral(vector), Math.floor(k)]);
    where.add(visibleIn('p'));
    // Rows of a generation written before the embedder changed dimensions have lost their vectors.
    where.add('p.embedding IS NOT NULL');
    this.addFilter(where, 'p', filter);
    const select = `SELECT p.id, p.record, p.text, p.embedding <=> $2::vector AS distance FROM quellen.passages p WHERE ${where.sql()}`;
    // A few articles are searched exactly: the graph would have to be walked past every other
    // passage. Otherwise the graph finds a few more candidates than asked for, by the distance of
    // 16-bit floats, and the best are kept by their exact distance.
    const sql = filter?.articleIds
      ? `WITH accepted AS MATERIALIZED (${select}) SELECT * FROM accepted ORDER BY distance, id LIMIT $3`
      : `SELECT * FROM (${select} ORDER BY ${graphDistance('p', '$2', vector.length)} LIMIT $3 + ${RESCORED_EXTRA}) nearest
         ORDER BY distance, id LIMIT $3`;
    const { rows } = await this.pool.query<{ record: Omit<Passage, 'text'>; text: string; distance: number }>(
      sql,
      where.values,
    );
    return rows.map((row) => {
      const similarity = 1 - row.distance;
      return { passage: { ...row.record, text: row.text }, score: similarity, dense: similarity };
    });
  }

  async lexicalSearch(query: string, k: number, filter?: PassageFilter): Promise<LexicalHit[]> {
    k = Math.floor(k);
    if (k <= 0 || filter?.articleIds?.length === 0) return [];
    const words = [...new Set(this.analyzer.terms(query))];
    if (words.length === 0 || this.generation.passages === 0) return [];
    const request = vocabularyRequest(words, this.options);
    const slice = new VocabularySlice(request, await this.fetchVocabulary(request));
    const weighted = weightedTermsOf(query, this.analyzer, slice, this.options);
    if (weighted.length === 0) return [];
    const filtered =
      filter !== undefined &&
      (filter.articleIds !== undefined || filter.dateFrom !== undefined || filter.dateTo !== undefined);
    if (!filtered && this.generation.termBlocks && this.useBlocks) {
      try {
        return await this.searchBlocks(weighted, k);
      } catch (error) {
        // A role granted reading the tables there were before the blocks (see the README's
        // rights) is searched over the postings rows, as before.
        if ((error as { code?: string }).code !== INSUFFICIENT_PRIVILEGE) throw error;
        this.useBlocks = false;
      }
    }

    const { bm25, sectionBoost } = this.options;
    const where = new Conditions([
      this.generation.id,
      weighted.map((entry) => entry.term),
      weighted.map((entry) => entry.weight),
      weighted.map((entry) => entry.source),
      this.generation.passages,
      [1, sectionBoost],
      [...this.generation.averageLengths],
      bm25.k,
      bm25.b,
      bm25.d,
      Math.floor(k),
    ]);
    // An article filter narrows the postings read; a date filter, the scored passages.
    const articles = filter?.articleIds
      ? `AND p.article_id = ANY(${where.value([...filter.articleIds])}::text[])`
      : '';
    let dated = '';
    if (filter && (filter.dateFrom !== undefined || filter.dateTo !== undefined)) {
      where.add(visibleIn('x'));
      this.addFilter(where, 'x', { ...filter, articleIds: undefined });
      dated = `JOIN quellen.passages x ON x.id = s.passage_id WHERE ${where.sql()}`;
    }
    // The BM25+ of PostingsLexicalIndex.search, term for term in the same order of operations
    // (sums added in another order agree within the rounding): each passage's sum over the terms
    // it holds, times the number of query terms it matched. The matched query terms are a bit
    // set in one aggregation while they fit in a bigint; more are counted in a second one.
    const bitSet = weighted.every((entry) => entry.source < BIT_SET_SOURCES);
    const contribution = `f.scale * ($10::float8 + (p.frequency * ($8::float8 + 1))
      / (p.frequency + $8::float8 * ((1 - $9::float8) + ($9::float8 * p.length) / f.average)))`;
    const postings = `FROM f
        JOIN quellen.postings p ON p.term = f.term AND p.field = f.field AND ${visibleIn('p')} ${articles}`;
    const scored = bitSet
      ? `s AS (
          SELECT p.passage_id, sum(${contribution}) AS total,
            bit_count(bit_or(1::int8 << f.source)::bit(64)) AS matched
          ${postings}
          GROUP BY p.passage_id
        )`
      : `per_source AS (
          SELECT p.passage_id, sum(${contribution}) AS total ${postings}
          GROUP BY p.passage_id, f.source
        ),
        s AS (
          SELECT passage_id, sum(total) AS total, count(*) AS matched FROM per_source GROUP BY passage_id
        )`;
    const sql = `
      WITH q AS (SELECT * FROM unnest($2::text[], $3::float8[], $4::int[]) AS q(term, weight, source)),
      f AS (
        SELECT q.term, q.source, (f.field - 1)::smallint AS field,
          q.weight * ($6::float8[])[f.field] * ln(1 + ($5::float8 - f.df + 0.5) / (f.df + 0.5)) AS scale,
          ($7::float8[])[f.field] AS average
        FROM q
        JOIN quellen.terms t ON t.term = q.term COLLATE "C" AND ${visibleIn('t')}
        CROSS JOIN LATERAL unnest(t.frequencies::float8[]) WITH ORDINALITY AS f(df, field)
        WHERE f.df > 0
      ),
      ${scored}
      SELECT s.passage_id AS id, floor(s.total * s.matched * 1e9 + 0.5) / 1e9 AS score
      FROM s ${dated}
      ORDER BY score DESC, id LIMIT $11`;
    const { rows } = await this.pool.query<{ id: string; score: number }>(sql, where.values);
    return rows.map((row) => ({ id: row.id, score: row.score }));
  }

  /**
   * Lexical search over the query terms' postings blocks: one row per term and field instead of
   * one per posting, scored here exactly as `PostingsLexicalIndex.search` scores its postings
   * (each passage's sum added up by query term, then field, the same order of additions).
   */
  private async searchBlocks(weighted: readonly WeightedTerm[], k: number): Promise<LexicalHit[]> {
    const { rows } = await this.pool.query<{
      term: string;
      field: number;
      base: string;
      entries: number;
      block: Buffer;
    }>(
      `SELECT b.term, b.field, b.base, b.entries, b.block FROM quellen.term_blocks b
       WHERE b.term = ANY($2::text[]) AND ${visibleIn('b')}`,
      [this.generation.id, [...new Set(weighted.map((entry) => entry.term))]],
    );
    const blocks = new Map<string, Array<(typeof rows)[number] | undefined>>();
    for (const row of rows) {
      const perField = blocks.get(row.term) ?? LEXICAL_FIELDS.map(() => undefined);
      perField[row.field] = row;
      blocks.set(row.term, perField);
    }
    const { bm25, sectionBoost } = this.options;
    const fieldBoosts = [1, sectionBoost];
    const n = this.generation.passages;
    const cursors: BlockCursor[] = [];
    for (const { term, weight, source } of weighted) {
      blocks.get(term)?.forEach((found, field) => {
        if (!found) return;
        const scale = weight * fieldBoosts[field]! * inverseDocumentFrequency(found.entries, n);
        const averageLength = this.generation.averageLengths[field]!;
        cursors.push({ block: found.block, base: Number(found.base), scale, source, averageLength, at: 0 });
      });
    }
    const best = scoreBlocks(cursors, bm25, k);
    if (best.length === 0) return [];
    // Those scoring above the k-th are all kept; of those tied with it, the first by id.
    const last = best[Math.min(k, best.length) - 1]!.score;
    const above = best.filter((hit) => hit.score > last);
    const tied = best.filter((hit) => hit.score === last);
    const { rows: named } = await this.pool.query<{ num: string; id: string }>(
      `(SELECT num, id FROM quellen.passage_numbers WHERE num = ANY($1::bigint[]))
       UNION ALL
       (SELECT num, id FROM quellen.passage_numbers WHERE num = ANY($2::bigint[]) ORDER BY id LIMIT $3)`,
      [above.map((hit) => hit.num), tied.map((hit) => hit.num), k - above.length],
    );
    const ids = new Map(named.map((row) => [Number(row.num), row.id]));
    return best
      .flatMap((hit) => {
        const id = ids.get(hit.num);
        return id === undefined ? [] : [{ id, score: hit.score }];
      })
      .sort(byScoreThenId)
      .slice(0, k);
  }

  async passages(ids: readonly string[]): Promise<ReadonlyMap<string, Passage>> {
    const found = new Map<string, Passage>();
    if (ids.length === 0) return found;
    const { rows } = await this.pool.query<{ id: string; record: Omit<Passage, 'text'>; text: string }>(
      `SELECT p.id, p.record, p.text FROM quellen.passages p WHERE p.id = ANY($2::text[]) AND ${visibleIn('p')}`,
      [this.generation.id, [...new Set(ids)]],
    );
    for (const row of rows) found.set(row.id, { ...row.record, text: row.text });
    return found;
  }

  async articles(ids: readonly string[]): Promise<ReadonlyMap<string, Article>> {
    const found = new Map<string, Article>();
    if (ids.length === 0) return found;
    const { rows } = await this.pool.query<{ id: string; record: Omit<Article, 'text'>; text: string }>(
      `SELECT a.id, a.record, a.text FROM quellen.articles a WHERE a.id = ANY($2::text[]) AND ${visibleIn('a')}`,
      [this.generation.id, [...new Set(ids)]],
    );
    for (const row of rows) found.set(row.id, { ...row.record, text: row.text });
    return found;
  }

  async termStatistics(terms: readonly string[]): Promise<TermStatistics> {
    const documentFrequency = new Map(terms.map((term) => [term, 0]));
    if (terms.length > 0) {
      const { rows } = await this.pool.query<{ term: string; df: number }>(
        `SELECT t.term, t.frequencies[1] AS df FROM quellen.terms t
         WHERE t.term = ANY($2::text[]) AND ${visibleIn('t')}`,
        [this.generation.id, [...new Set(terms)]],
      );
      for (const row of rows) documentFrequency.set(row.term, row.df);
    }
    return { passages: this.generation.passages, documentFrequency };
  }

  /** One round trip for everything the query's expansion reads of the vocabulary. */
  private async fetchVocabulary(request: VocabularyRequest) {
    const { rows } = await this.pool.query<{
      kind: 'term' | 'compound';
      term: string;
      df: number;
      suffix: string | null;
    }>(
      `SELECT 'term' AS kind, t.term, t.frequencies[1] AS df, NULL AS suffix
       FROM quellen.terms t WHERE t.term = ANY($2::text[]) AND ${visibleIn('t')}
       UNION ALL
       SELECT 'term', t.term, t.frequencies[1], NULL
       FROM unnest($3::text[]) AS r(prefix)
       JOIN quellen.terms t ON t.term >= r.prefix COLLATE "C" AND t.term < (r.prefix || chr(1114111)) COLLATE "C"
         AND starts_with(t.term, r.prefix) AND ${visibleIn('t')}
       UNION ALL
       SELECT 'compound', c.term, c.df, r.suffix
       FROM unnest($4::text[], $5::int[], $6::int[]) AS r(suffix, min_extra, lim)
       CROSS JOIN LATERAL (
         SELECT t.term, t.frequencies[1] AS df FROM quellen.terms t
         WHERE reverse(t.term) >= reverse(r.suffix) COLLATE "C"
           AND reverse(t.term) < (reverse(r.suffix) || chr(1114111)) COLLATE "C"
           AND char_length(t.term) - char_length(r.suffix) >= r.min_extra AND ${visibleIn('t')}
         ORDER BY char_length(t.term), t.term LIMIT r.lim
       ) c`,
      [
        this.generation.id,
        request.terms,
        request.prefixes,
        request.suffixes.map((entry) => entry.suffix),
        request.suffixes.map((entry) => entry.minExtra),
        request.suffixes.map((entry) => entry.limit),
      ],
    );
    const frequencies = new Map<string, number>();
    const compounds = new Map<string, string[]>();
    for (const row of rows) {
      frequencies.set(row.term, row.df);
      if (row.kind === 'compound') {
        const list = compounds.get(row.suffix!) ?? [];
        list.push(row.term);
        compounds.set(row.suffix!, list);
      }
    }
    // Rows come in no particular order; the contract asks for shortest first, then by code units.
    for (const list of compounds.values()) list.sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
    return { frequencies, compounds };
  }

  /** Adds a filter's conditions on the passages under `alias`. */
  private addFilter(where: Conditions, alias: string, filter: PassageFilter | undefined): void {
    if (!filter) return;
    if (filter.articleIds)
      where.add(`${alias}.article_id = ANY(${where.value([...filter.articleIds])}::text[])`);
    const range = parseDateRange(filter.dateFrom, filter.dateTo);
    if (range) {
      where.add(`${alias}.period_to >= ${where.value(range.from)} COLLATE "C"`);
      where.add(`${alias}.period_from <= ${where.value(range.to)} COLLATE "C"`);
    }
  }
}

/** PostgreSQL's error code for a statement the role lacks a privilege for. */
const INSUFFICIENT_PRIVILEGE = '42501';

/** Passage numbers one pass of {@link scoreBlocks} adds up at a time. */
const SCORING_WINDOW = 1 << 15;

/** One term's postings in one field, with what each of its postings contributes. */
export interface BlockCursor {
  block: Buffer;
  /** Added to each entry's number. */
  base: number;
  scale: number;
  source: number;
  averageLength: number;
  /** Byte offset of the next posting. */
  at: number;
}

/**
 * The `k` best passages by rounded BM25+ score (and those tied with the last of them) over
 * postings blocks, each sorted by passage number: passages are added up one window of numbers at
 * a time, cursor by cursor (query term, then field), the order `PostingsLexicalIndex.search` adds
 * them in, so that the sums agree bit for bit. The cursors of one query term (`source`) must come
 * together, as `weightedTermsOf` orders them: a passage's matched query terms are counted at
 * each change of source. `window` (passage numbers per pass) changes the work, not the result.
 */
export function scoreBlocks(
  cursors: BlockCursor[],
  bm25: Bm25Params,
  k: number,
  window = SCORING_WINDOW,
): Array<{ num: number; score: number }> {
  const { k: k1, b, d } = bm25;
  const kPlusOne = k1 + 1;
  const oneMinusB = 1 - b;
  const sums = new Float64Array(window);
  const matched = new Int32Array(window);
  const lastSource = new Int32Array(window).fill(-1);
  const touched = new Int32Array(window);
  let kept: Array<{ num: number; score: number }> = [];
  let threshold = -Infinity;
  const keep = () => {
    kept.sort((x, y) => y.score - x.score);
    if (kept.length <= k) return;
    const last = kept[k - 1]!.score;
    let end = k;
    while (end < kept.length && kept[end]!.score === last) end += 1;
    kept = kept.slice(0, end);
    threshold = last;
  };
  for (;;) {
    let first = Infinity;
    for (const cursor of cursors) {
      if (cursor.at + BLOCK_ENTRY_BYTES <= cursor.block.length) {
        first = Math.min(first, cursor.base + cursor.block.readInt32BE(cursor.at));
      }
    }
    if (first === Infinity) break;
    const start = first - (first % window);
    const limit = start + window;
    let touchedCount = 0;
    for (const cursor of cursors) {
      const { block, base, scale, source, averageLength } = cursor;
      let at = cursor.at;
      for (; at + BLOCK_ENTRY_BYTES <= block.length; at += BLOCK_ENTRY_BYTES) {
        const num = base + block.readInt32BE(at);
        if (num >= limit) break;
        const slot = num - start;
        const tf = block.readInt16BE(at + 4) + 32768;
        const length = block.readInt32BE(at + 6);
        if (lastSource[slot] !== source) {
          if (matched[slot] === 0) touched[touchedCount++] = slot;
          lastSource[slot] = source;
          matched[slot] = matched[slot]! + 1;
        }
        sums[slot] =
          sums[slot]! +
          scale * (d + (tf * kPlusOne) / (tf + k1 * (oneMinusB + (b * length) / averageLength)));
      }
      cursor.at = at;
    }
    for (let i = 0; i < touchedCount; i++) {
      const slot = touched[i]!;
      const score = roundScore(sums[slot]! * matched[slot]!);
      sums[slot] = 0;
      matched[slot] = 0;
      lastSource[slot] = -1;
      if (score >= threshold) kept.push({ num: start + slot, score });
    }
    if (kept.length > 4 * k + 1024) keep();
  }
  keep();
  return kept;
}

/** `WHERE` conditions and the parameter values they refer to. */
class Conditions {
  private readonly conditions: string[] = [];

  constructor(readonly values: unknown[]) {}

  /** A parameter placeholder for the value. */
  value(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }

  add(condition: string): void {
    this.conditions.push(condition);
  }

  sql(): string {
    return this.conditions.join(' AND ');
  }
}

/**
 * Candidates the graph search finds beyond the `k` asked for, so that the `k` kept by exact
 * distance are not cut off by the rounding of 16-bit floats at the boundary.
 */
const RESCORED_EXTRA = 16;

/** A vector in pgvector's text form; float32 values print exactly in JavaScript's shortest form. */
export function vectorLiteral(vector: Float32Array): string {
  return `[${Array.from(vector).join(',')}]`;
}
