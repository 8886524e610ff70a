import MiniSearch from 'minisearch';
import type { FocusOptions } from '../../src/core/retrieval/focus';
import { type FusionOptions } from '../../src/core/retrieval/hybrid';
import type { LexicalSearchOptions } from '../../src/core/retrieval/lexical';
import { PostingsLexicalIndex } from '../../src/core/retrieval/postingsLexicalIndex';
import { createPipeline } from '../../src/core/pipeline';
import { InProcessSearchIndex } from '../../src/core/retrieval/inProcessSearchIndex';
import type { Embedder, Passage, QueryExpander } from '../../src/core/types';
import { type EvalUnit, chunkUnit } from './datasets';
import { ExactDenseSearch } from './retrievalDense';

/** The passages of an evaluation corpus with every index the compared systems need. */
export interface EvalCorpus {
  passages: Passage[];
  byId: Map<string, Passage>;
  /** MiniSearch with its default tokenizer and BM25 settings: the baseline. */
  baseline: MiniSearch<{ id: string; text: string }>;
  lexical: PostingsLexicalIndex;
  dense: ExactDenseSearch;
  /** Milliseconds to build our lexical index over the corpus. */
  lexicalBuildMs: number;
}

/** A retrieval system under evaluation: question → passage ids, best first. */
export interface EvalSystem {
  name: string;
  rank(question: string, depth: number): Promise<string[]>;
}

/** Passage vectors by passage id, shared between corpora that contain the same passages. */
export type VectorCache = Map<string, Float32Array>;

/** Chunks the units and builds all indexes; vectors already in the cache are reused. */
export async function buildCorpus(
  units: readonly EvalUnit[],
  embedder: Embedder,
  chunking: { maxChars: number; overlapSentences: number },
  cache: VectorCache,
): Promise<EvalCorpus> {
  const passages = units.flatMap((unit) => chunkUnit(unit, chunking.maxChars, chunking.overlapSentences));
  const byId = new Map(passages.map((p) => [p.id, p]));
  const baseline = new MiniSearch<{ id: string; text: string }>({ fields: ['text'] });
  baseline.addAll(passages.map((p) => ({ id: p.id, text: p.text })));
  const started = performance.now();
  const lexical = new PostingsLexicalIndex().withChanges([], passages);
  const lexicalBuildMs = performance.now() - started;

  const missing = passages.filter((p) => !cache.has(p.id));
  for (let i = 0; i < missing.length; i += 256) {
    const batch = missing.slice(i, i + 256);
    const vectors = await embedder.embedPassages(batch.map((p) => p.text));
    batch.forEach((p, j) => cache.set(p.id, vectors[j]!));
  }
  const dense = new ExactDenseSearch();
  for (const passage of passages) dense.add(passage, cache.get(passage.id)!);
  return { passages, byId, baseline, lexical, dense, lexicalBuildMs };
}

/** Settings of "our" systems; omitted fields use the production defaults. */
export interface OurSettings {
  lexical?: Partial<LexicalSearchOptions>;
  fusion?: FusionOptions;
  focus?: FocusOptions;
  candidates?: number;
  translate?: QueryExpander;
}

/** The four compared systems: BM25 baseline, dense only, our lexical, our hybrid. */
export function standardSystems(
  corpus: EvalCorpus,
  embedder: Embedder,
  settings: OurSettings = {},
): EvalSystem[] {
  return [
    baselineSystem(corpus),
    denseSystem(corpus, embedder),
    lexicalSystem(corpus, settings),
    hybridSystem(corpus, embedder, settings),
  ];
}

export function baselineSystem(corpus: EvalCorpus): EvalSystem {
  return {
    name: 'bm25-default',
    rank: async (question, depth) =>
      corpus.baseline
        .search(question)
        .slice(0, depth)
        .map((r) => r.id as string),
  };
}

export function denseSystem(corpus: EvalCorpus, embedder: Embedder): EvalSystem {
  return {
    name: 'dense',
    rank: async (question, depth) =>
      corpus.dense.search(await embedder.embedQuery(question), depth).map((hit) => hit.passage.id),
  };
}

const views = new WeakMap<PostingsLexicalIndex, Map<string, PostingsLexicalIndex>>();

/**
 * The same passages ranked with other query-time options: a view sharing the index's postings,
 * made once per index and settings.
 */
export function withSearch(
  index: PostingsLexicalIndex,
  search: Partial<LexicalSearchOptions> | undefined,
): PostingsLexicalIndex {
  if (!search) return index;
  const key = JSON.stringify(search);
  let byKey = views.get(index);
  if (!byKey) views.set(index, (byKey = new Map()));
  let view = byKey.get(key);
  if (!view) byKey.set(key, (view = index.withSearch(search)));
  return view;
}

export function lexicalSystem(corpus: EvalCorpus, settings: OurSettings = {}, name = 'lexical'): EvalSystem {
  const index = withSearch(corpus.lexical, settings.lexical);
  const { translate } = settings;
  return {
    name,
    rank: async (question, depth) => {
      const translated = translate ? (await translate(question)).text : question;
      const query = translated !== question ? `${question}\n${translated}` : question;
      return index.search(query, depth).map((hit) => hit.id);
    },
  };
}

export function hybridSystem(
  corpus: EvalCorpus,
  embedder: Embedder,
  settings: OurSettings = {},
  name = 'hybrid',
): EvalSystem {
  const { retriever } = createPipeline(
    {
      search: new InProcessSearchIndex({
        dense: corpus.dense,
        lexical: withSearch(corpus.lexical, settings.lexical),
        // Ranking only: no answer is composed, so no article is looked up.
        passageById: (id) => corpus.byId.get(id),
      }),
    },
    {
      embedder,
      ...(settings.translate ? { translate: settings.translate } : {}),
      tuning: {
        ...(settings.fusion ? { fusion: settings.fusion } : {}),
        ...(settings.focus ? { focus: settings.focus } : {}),
      },
    },
  );
  return {
    name,
    rank: async (question, depth) => {
      const { passages } = await retriever.retrieve(question, {
        topK: depth,
        ...(settings.candidates !== undefined ? { candidates: settings.candidates } : {}),
      });
      return passages.map((hit) => hit.passage.id);
    },
  };
}
