import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StoredPassage } from '../../src/core/index/loadedIndex';
import { IndexStore } from '../../src/core/index/store';
import type { VectorIndexKind } from '../../src/core/index/vectorIndex';
import { createVectorIndex, resolveVectorIndexSettings } from '../../src/core/index/vectorIndexKinds';
import { InProcessSearchIndex } from '../../src/core/retrieval/inProcessSearchIndex';
import { nextLexicalIndex } from '../../src/core/retrieval/lexicalCache';
import { FAKE_CHUNKING } from '../fakes/blockChunker';
import { describeSearchIndexContract, type SearchIndexFactory } from './searchIndex.contract';

/** The embedded backend as the service opens it: a generation written to disk and loaded again. */
function embedded(kind: VectorIndexKind): SearchIndexFactory {
  return async ({ articles, passages, embedder }) => {
    const root = mkdtempSync(join(tmpdir(), 'quellen-contract-'));
    const store = new IndexStore(root);
    const vectors = createVectorIndex(resolveVectorIndexSettings(kind), embedder.dimensions, passages.length);
    const stored: StoredPassage[] = passages.map(({ text, ...fields }, label) => {
      vectors.add(label, embedder.vectorOf(text));
      return { ...fields, label };
    });
    await store.write({
      embedder: { id: embedder.id, dimensions: embedder.dimensions },
      chunking: FAKE_CHUNKING,
      articles: [...articles],
      passages: stored,
      vectors,
      nextLabel: stored.length,
      skipped: [],
    });
    const index = await store.load({
      embedderId: embedder.id,
      dimensions: embedder.dimensions,
      chunking: FAKE_CHUNKING,
    });
    const search = new InProcessSearchIndex({
      dense: index,
      lexical: nextLexicalIndex(index),
      passageById: (id) => index.passageById(id),
      article: (id) => index.articles.get(id),
    });
    return { search, close: async () => rmSync(root, { recursive: true, force: true }) };
  };
}

describeSearchIndexContract('embedded, HNSW graph', embedded('hnsw'));
describeSearchIndexContract('embedded, flat vectors', embedded('flat'));
