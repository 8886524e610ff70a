/**
 * Measures the on-disk index: build, write and load times, bytes per passage and recall@10.
 * Run: npx tsx test/core/index/measure.ts [passages=20000] [dims=256] [random|clustered] [efConstruction]
 *  or: npx tsx test/core/index/measure.ts load <index root>
 * `random` vectors are isotropic (the hardest case for HNSW, unlike real embeddings);
 * `clustered` ones scatter around 1 centre per 50 vectors, closer to what embedders produce.
 * (not a jest test: it takes tens of seconds).
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HnswVectorIndex } from '../../../src/core/index/hnswVectorIndex';
import type { StoredPassage } from '../../../src/core/index/loadedIndex';
import { IndexStore } from '../../../src/core/index/store';
import type { Article } from '../../../src/core/types';
import { makeArticle, randomUnitVectors, seededRandom, VOCABULARY } from '../../fakes/articles';
import { chunkByBlock, FAKE_CHUNKING } from '../../fakes/blockChunker';

const PASSAGES_PER_ARTICLE = 20;

async function main(): Promise<void> {
  if (process.argv[2] === 'load') return measureLoad(process.argv[3]!);
  const count = Number(process.argv[2] ?? 20000);
  const dims = Number(process.argv[3] ?? 256);
  const clustered = process.argv[4] === 'clustered';
  const efConstruction = process.argv[5] ? Number(process.argv[5]) : undefined;
  const root = join(mkdtempSync(join(tmpdir(), 'quellen-measure-')), 'embeddings');
  const random = seededRandom(1);
  const words = () =>
    Array.from(
      { length: 50 + Math.floor(random() * 30) },
      () => VOCABULARY[Math.floor(random() * VOCABULARY.length)],
    ).join(' ');

  const articles: Article[] = [];
  const passages: StoredPassage[] = [];
  for (let a = 0; passages.length < count; a += 1) {
    const article = makeArticle(`articles/${a}.md`, Array.from({ length: PASSAGES_PER_ARTICLE }, words));
    articles.push(article);
    for (const passage of chunkByBlock(article).slice(0, count - passages.length)) {
      const { text: _text, ...fields } = passage;
      passages.push({ ...fields, label: passages.length });
    }
  }
  const vectors = clustered ? clusteredVectors(count, dims) : randomUnitVectors(count, dims, 2);

  let started = performance.now();
  const index = new HnswVectorIndex(dims, {
    initialCapacity: count,
    ...(efConstruction ? { efConstruction } : {}),
  });
  vectors.forEach((vector, label) => index.add(label, vector));
  const buildMs = performance.now() - started;

  const store = new IndexStore(root);
  started = performance.now();
  const manifest = await store.write({
    embedder: { id: 'measure', dimensions: dims },
    chunking: FAKE_CHUNKING,
    articles,
    passages,
    vectors: index,
    nextLabel: count,
    skipped: [],
  });
  const writeMs = performance.now() - started;

  started = performance.now();
  const loaded = await store.load({ embedderId: 'measure', dimensions: dims, chunking: FAKE_CHUNKING });
  const loadMs = performance.now() - started;

  const queries = clustered ? clusteredVectors(100, dims, 3) : randomUnitVectors(100, dims, 3);
  let found = 0;
  const latencies: number[] = [];
  for (const query of queries) {
    const truth = new Set(exactTop(vectors, query, 10));
    const t = performance.now();
    const hits = loaded.search(query, 10);
    latencies.push(performance.now() - t);
    found += hits.filter((hit) => truth.has(loaded.labelOf(hit.passage.id)!)).length;
  }
  latencies.sort((x, y) => x - y);

  const dir = join(root, manifest.generation);
  const sizes = Object.fromEntries(
    ['vectors.hnsw', 'passages.bin', 'articles.json', 'manifest.json'].map((f) => [
      f,
      statSync(join(dir, f)).size,
    ]),
  );
  const total = Object.values(sizes).reduce((sum, size) => sum + size, 0);
  console.log(
    JSON.stringify(
      {
        passages: count,
        data: clustered ? 'clustered' : 'random',
        articles: articles.length,
        dims,
        hnsw: index.params,
        buildMs: Math.round(buildMs),
        writeMs: Math.round(writeMs),
        loadMs: Math.round(loadMs),
        recallAt10: found / (queries.length * 10),
        queryMs: { median: latencies[50]!.toFixed(2), p95: latencies[95]!.toFixed(2) },
        bytes: sizes,
        bytesPerPassage: {
          vectors: Math.round(sizes['vectors.hnsw']! / count),
          passages: Math.round(sizes['passages.bin']! / count),
          total: Math.round(total / count),
          totalWithoutArticleText: Math.round((total - sizes['articles.json']!) / count),
        },
      },
      null,
      2,
    ),
  );
  // Set QUELLEN_MEASURE_KEEP=1 to keep the index for further measurements.
  if (process.env.QUELLEN_MEASURE_KEEP) console.log(`kept ${root}`);
  else rmSync(join(root, '..'), { recursive: true, force: true });
}

/** Times repeated loads of an existing index: `measure.ts load <root>`. */
async function measureLoad(root: string): Promise<void> {
  const store = new IndexStore(root);
  const manifest = await store.readManifest();
  const expected = {
    embedderId: manifest.embedder.id,
    dimensions: manifest.embedder.dimensions,
    chunking: manifest.chunking,
  };
  for (let run = 0; run < 3; run += 1) {
    const cpu = process.cpuUsage();
    const started = performance.now();
    const loaded = await store.load(expected);
    const used = process.cpuUsage(cpu);
    console.log(
      JSON.stringify({
        passages: loaded.passageCount,
        wallMs: Math.round(performance.now() - started),
        processCpuMs: Math.round((used.user + used.system) / 1000),
      }),
    );
  }
}

/** Vectors scattered around `count / 50` random centres (centres seeded alike for queries). */
function clusteredVectors(count: number, dims: number, noiseSeed = 2): Float32Array[] {
  const centres = randomUnitVectors(Math.max(1, Math.ceil(count / 50)), dims, 1);
  const noise = randomUnitVectors(count, dims, noiseSeed + 10);
  const pick = seededRandom(noiseSeed);
  return noise.map((direction) => {
    const centre = centres[Math.floor(pick() * centres.length)]!;
    const vector = centre.map((value, i) => value + 0.6 * direction[i]!);
    let norm = 0;
    for (const value of vector) norm += value * value;
    return vector.map((value) => value / Math.sqrt(norm));
  });
}

function exactTop(vectors: readonly Float32Array[], query: Float32Array, k: number): number[] {
  const scores = vectors.map((vector, label) => {
    let dot = 0;
    for (let i = 0; i < vector.length; i += 1) dot += vector[i]! * query[i]!;
    return { label, dot };
  });
  return scores
    .sort((a, b) => b.dot - a.dot)
    .slice(0, k)
    .map((hit) => hit.label);
}

void main();
