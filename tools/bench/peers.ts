import { create, insertMultiple, MODE_HYBRID_SEARCH, save, search, type AnyOrama } from '@orama/orama';
import { BruteforceSearch } from 'hnswlib-node';
import MiniSearch from 'minisearch';
import type { HnswVectorIndex } from '../../src/core/index/hnswVectorIndex';
import type { SegmentedVectorIndex } from '../../src/core/index/segmentedVectorIndex';
import { FlatVectorIndex } from '../../src/core/index/flatVectorIndex';
import type { Article, Embedder, Passage } from '../../src/core/types';
import { median, since } from './stats';

/**
 * The systems quellen is compared with in the same run: MiniSearch BM25 with default settings,
 * Orama's hybrid search (full text and vectors in TypeScript), a naive dense pipeline as
 * tutorials build it, and hnswlib's exact search for HNSW recall.
 */

/** A searchable peer: a question → article ids of the ranked hits, best first. */
export interface ArticleRanker {
  rank(question: string, k: number): Promise<string[]>;
}

/** MiniSearch with its default tokenizer, no stemming, default BM25 (the common setup). */
export class MiniSearchPeer implements ArticleRanker {
  private readonly mini = new MiniSearch<{ id: string; text: string }>({ fields: ['text'] });
  private readonly articleOf = new Map<string, string>();
  /** Milliseconds {@link build} took. */
  buildMs = 0;

  build(passages: Iterable<Passage>): this {
    const started = performance.now();
    const docs: Array<{ id: string; text: string }> = [];
    for (const passage of passages) {
      docs.push({ id: passage.id, text: passage.text });
      this.articleOf.set(passage.id, passage.articleId);
    }
    this.mini.addAll(docs);
    this.buildMs = since(started);
    return this;
  }

  /** Passage ids of the best `k` hits. */
  search(question: string, k: number): string[] {
    return this.mini
      .search(question)
      .slice(0, k)
      .map((hit) => hit.id as string);
  }

  async rank(question: string, k: number): Promise<string[]> {
    return this.search(question, k).map((id) => this.articleOf.get(id)!);
  }
}

/**
 * Orama (`@orama/orama`) as its documentation sets up hybrid search for German: one document per
 * passage with its text and vector (the same vectors quellen stores), the German stemmer from
 * `@orama/stemmers`, BM25 and vector scores fused with Orama's default weights. Orama's default
 * minimum similarity (0.8) suits model embeddings; the built-in embedder's cosines are lower, so
 * any positive similarity counts here, and any matching term (threshold 1).
 */
export class OramaPeer implements ArticleRanker {
  private readonly articleOf = new Map<string, string>();
  /** Milliseconds {@link build} took (inserting; the vectors come precomputed). */
  buildMs = 0;
  /** Heap growth while building, MiB (a rough figure: the collector runs when it likes). */
  heapMiB = 0;

  private constructor(
    private readonly db: AnyOrama,
    private readonly embedder: Embedder,
  ) {}

  /** Builds the peer over passages and their vectors. */
  static async build(
    passages: Iterable<{ passage: Passage; vector: Float32Array }>,
    embedder: Embedder,
  ): Promise<OramaPeer> {
    // An ES module only; its CommonJS build has no types.
    const { stemmer: germanStemmer } = await import('@orama/stemmers/german');
    const heapBefore = process.memoryUsage().heapUsed;
    const started = performance.now();
    const db = create({
      schema: { text: 'string', embedding: `vector[${embedder.dimensions}]` },
      components: { tokenizer: { language: 'german', stemming: true, stemmer: germanStemmer } },
    } as Parameters<typeof create>[0]);
    const peer = new OramaPeer(db, embedder);
    const docs: Array<{ id: string; text: string; embedding: number[] }> = [];
    for (const { passage, vector } of passages) {
      docs.push({ id: passage.id, text: passage.text, embedding: Array.from(vector) });
      peer.articleOf.set(passage.id, passage.articleId);
    }
    await insertMultiple(db, docs, 1000);
    peer.buildMs = since(started);
    peer.heapMiB = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
    return peer;
  }

  /**
   * Bytes of Orama's own serialisation of the index (what its persistence plugin writes), part by
   * part; `null` when a part is longer than a JavaScript string can be (about 512 MB), as it is at
   * 100k passages.
   */
  savedBytes(): number | null {
    let bytes = 0;
    for (const part of Object.values(save(this.db) as unknown as Record<string, unknown>)) {
      try {
        bytes += Buffer.byteLength(JSON.stringify(part) ?? '');
      } catch (error) {
        if (error instanceof RangeError) return null;
        throw error;
      }
    }
    return bytes;
  }

  /** Passage ids of the best `k` hits for a question and its vector. */
  async search(question: string, vector: Float32Array, k: number): Promise<string[]> {
    const result = await search(this.db, {
      mode: MODE_HYBRID_SEARCH,
      term: question,
      vector: { value: Array.from(vector), property: 'embedding' },
      similarity: 0.0001,
      threshold: 1,
      limit: k,
    });
    return result.hits.map((hit) => hit.id);
  }

  async rank(question: string, k: number): Promise<string[]> {
    const vector = await this.embedder.embedQuery(question);
    return (await this.search(question, vector, k)).map((id) => this.articleOf.get(id)!);
  }
}

/**
 * Fixed-size character windows (`size` characters, consecutive windows sharing `overlap`), the
 * splitter of many retrieval tutorials. Ignores sentences and paragraphs on purpose.
 *
 * @example
 * characterChunks('abcdefghij', 4, 1); // ['abcd', 'defg', 'ghij']
 */
export function characterChunks(text: string, size = 1000, overlap = 200): string[] {
  if (size <= 0 || overlap < 0 || overlap >= size) throw new RangeError('need size > overlap >= 0');
  const chunks: string[] = [];
  const step = size - overlap;
  for (let start = 0; start < text.length; start += step) {
    chunks.push(text.slice(start, start + size));
    if (start + size >= text.length) break;
  }
  return chunks;
}

/** Cosine similarity computed the tutorial way: dot product and both norms, every time. */
export function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i += 1) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/**
 * The naive pipeline: 1000/200 character chunks, dense vectors only, an in-memory list scored
 * in full and sorted for every question (as LangChain's MemoryVectorStore does).
 */
export class NaiveDensePipeline implements ArticleRanker {
  private readonly chunks: Array<{ articleId: string; vector: Float32Array }> = [];
  /** Milliseconds {@link build} took (chunking and embedding). */
  buildMs = 0;
  /** Milliseconds of the last {@link rank}, split into the query embedding and the scan. */
  lastQuery = { embedMs: 0, searchMs: 0 };

  constructor(
    private readonly embedder: Embedder,
    private readonly chunkSize = 1000,
    private readonly chunkOverlap = 200,
  ) {}

  get size(): number {
    return this.chunks.length;
  }

  async build(articles: Iterable<Article>, batchSize = 32): Promise<this> {
    const started = performance.now();
    const pending: Array<{ articleId: string; text: string }> = [];
    const flush = async (): Promise<void> => {
      const vectors = await this.embedder.embedPassages(pending.map((chunk) => chunk.text));
      pending.forEach((chunk, i) => this.chunks.push({ articleId: chunk.articleId, vector: vectors[i]! }));
      pending.length = 0;
    };
    for (const article of articles) {
      for (const text of characterChunks(article.text, this.chunkSize, this.chunkOverlap)) {
        pending.push({ articleId: article.id, text });
        if (pending.length >= batchSize) await flush();
      }
    }
    if (pending.length > 0) await flush();
    this.buildMs = since(started);
    return this;
  }

  async rank(question: string, k: number): Promise<string[]> {
    let started = performance.now();
    const query = await this.embedder.embedQuery(question);
    const embedMs = since(started);
    started = performance.now();
    const scored = this.chunks.map((chunk) => ({
      articleId: chunk.articleId,
      score: cosine(query, chunk.vector),
    }));
    scored.sort((a, b) => b.score - a.score);
    const result = scored.slice(0, k).map((hit) => hit.articleId);
    this.lastQuery = { embedMs, searchMs: since(started) };
    return result;
  }
}

/**
 * recall@k that counts a hit as correct when it is in the exact list or exactly as close as the
 * exact list's last entry: duplicate passages have identical vectors, and which of them an exact
 * search returns at the cut-off is arbitrary.
 */
export function tieAwareRecall(
  approximate: ReadonlyArray<{ label: number; distance: number }>,
  exact: ReadonlyArray<{ label: number; distance: number }>,
  epsilon = 1e-6,
): number {
  if (exact.length === 0) return 1;
  const cutoff = Math.max(...exact.map((hit) => hit.distance)) + epsilon;
  const truth = new Set(exact.map((hit) => hit.label));
  let hits = 0;
  for (const hit of approximate) if (truth.has(hit.label) || hit.distance <= cutoff) hits += 1;
  return Math.min(hits, exact.length) / exact.length;
}

/** Recall and latency of the same graph at one `efSearch`. */
export interface EfSearchPoint {
  efSearch: number;
  recall: number;
  minRecall: number;
  p50Ms: number;
}

/** Recall of the HNSW graph against exact search over the same stored vectors. */
export interface ExactComparison {
  k: number;
  queries: number;
  /** Mean recall@k of HNSW against hnswlib's `BruteforceSearch`. */
  recall: number;
  /** Lowest single-query recall. */
  minRecall: number;
  buildExactMs: number;
  hnswMs: number[];
  /** hnswlib's native `BruteforceSearch`. */
  exactMs: number[];
  /** quellen's own exact index (`VECTOR_INDEX=flat`) over the same vectors. */
  flatMs: number[];
  /** Mean recall@k of the flat index (1 up to ties). */
  flatRecall: number;
  /** The same queries at fixed `efSearch` values (the index is left searching automatically). */
  sweep: EfSearchPoint[];
}

/**
 * Copies every live vector of `index` into hnswlib's exact `BruteforceSearch` and compares the
 * top-`k` labels of both for each query vector.
 */
export function compareWithExact(
  index: HnswVectorIndex | SegmentedVectorIndex,
  queries: readonly Float32Array[],
  k = 10,
  sweep: readonly number[] = [],
): ExactComparison {
  let started = performance.now();
  const labels = index.labels();
  const exact = new BruteforceSearch('cosine', index.dimensions);
  exact.initIndex(Math.max(1, labels.length));
  for (const label of labels) exact.addPoint(Array.from(index.getVector(label)!), label);
  const buildExactMs = since(started);
  const flat = new FlatVectorIndex(index.dimensions, { initialCapacity: labels.length });
  for (const label of labels) flat.add(label, index.getVector(label)!);
  const exactMs: number[] = [];
  const truths = queries.map((query) => {
    started = performance.now();
    const truth = exact.searchKnn(Array.from(query), Math.min(k, labels.length));
    exactMs.push(since(started));
    return truth.neighbors.map((label, i) => ({ label, distance: truth.distances[i]! }));
  });
  const measureAt = (efSearch?: number): { recalls: number[]; ms: number[] } => {
    const recalls: number[] = [];
    const ms: number[] = [];
    queries.forEach((query, i) => {
      started = performance.now();
      const approximate = index.search(query, k, undefined, efSearch);
      ms.push(since(started));
      recalls.push(
        tieAwareRecall(
          approximate.map((hit) => ({ label: hit.label, distance: 1 - hit.score })),
          truths[i]!,
        ),
      );
    });
    return { recalls, ms };
  };
  const mean = (values: number[]): number =>
    values.length === 0 ? Number.NaN : values.reduce((sum, v) => sum + v, 0) / values.length;
  const own = measureAt();
  const flatMs: number[] = [];
  const flatRecalls = queries.map((query, i) => {
    started = performance.now();
    const hits = flat.search(query, k);
    flatMs.push(since(started));
    return tieAwareRecall(
      hits.map((hit) => ({ label: hit.label, distance: 1 - hit.score })),
      truths[i]!,
    );
  });
  const points: EfSearchPoint[] = [];
  for (const efSearch of sweep) {
    const { recalls, ms } = measureAt(efSearch);
    points.push({ efSearch, recall: mean(recalls), minRecall: Math.min(...recalls), p50Ms: median(ms) });
  }
  return {
    k,
    queries: queries.length,
    recall: mean(own.recalls),
    minRecall: own.recalls.length === 0 ? Number.NaN : Math.min(...own.recalls),
    buildExactMs,
    hnswMs: own.ms,
    exactMs,
    flatMs,
    flatRecall: mean(flatRecalls),
    sweep: points,
  };
}
