import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { IndexLockedError } from '../../../src/core/index/indexErrors';
import { Indexer, type IndexerOptions, type IndexProgress } from '../../../src/core/index/indexer';
import type { HnswVectorIndex } from '../../../src/core/index/hnswVectorIndex';
import type { LoadedIndex } from '../../../src/core/index/loadedIndex';
import { SCHEMA_VERSION } from '../../../src/core/index/manifest';
import { SegmentedVectorIndex } from '../../../src/core/index/segmentedVectorIndex';
import { IndexStore } from '../../../src/core/index/store';
import type { Article } from '../../../src/core/types';
import { makeArticle, randomArticle } from '../../fakes/articles';
import { chunkByBlock, FAKE_CHUNKING } from '../../fakes/blockChunker';
import { HashEmbedder } from '../../fakes/hashEmbedder';
import { rewriteAsSchema5, rewriteAsSchema6 } from '../../support/legacyIndex';

const ARTICLES = Array.from({ length: 8 }, (_, i) => randomArticle(`doc${i}.md`, 4 + (i % 3), i + 10));
const expectedFor = (embedder: HashEmbedder) => ({
  embedderId: embedder.id,
  dimensions: embedder.dimensions,
  chunking: FAKE_CHUNKING,
});

/** The base graph of a loaded index (the default kind), for what only a graph has. */
function graphOf(index: LoadedIndex): HnswVectorIndex {
  if (!(index.vectors instanceof SegmentedVectorIndex)) throw new Error('expected an HNSW index');
  return index.vectors.segments().base;
}

function edited(article: Article, seed: number): Article {
  const replacement = randomArticle(article.id, 3, seed);
  return { ...replacement, title: article.title };
}

describe('Indexer', () => {
  let root: string;
  let embedder: HashEmbedder;
  beforeEach(() => {
    root = join(mkdtempSync(join(tmpdir(), 'quellen-indexer-')), 'embeddings');
    embedder = new HashEmbedder(32);
  });
  afterEach(() => rmSync(join(root, '..'), { recursive: true, force: true }));

  const indexer = (overrides: Partial<IndexerOptions> = {}) =>
    new Indexer({
      store: new IndexStore(root),
      embedder,
      chunk: chunkByBlock,
      chunking: FAKE_CHUNKING,
      batchSize: 4,
      ...overrides,
    });
  const passageCount = (articles: readonly Article[]) =>
    articles.reduce((sum, article) => sum + chunkByBlock(article).length, 0);
  const load = () => new IndexStore(root).load(expectedFor(embedder));
  /** A first build of `articles` in a folder beside the test's index, loaded. */
  const cleanBuild = async (articles: readonly Article[], folder: string) => {
    const cleanRoot = join(root, '..', folder);
    await new Indexer({
      store: new IndexStore(cleanRoot),
      embedder,
      chunk: chunkByBlock,
      chunking: FAKE_CHUNKING,
    }).update({ articles: [...articles], skipped: [] });
    return new IndexStore(cleanRoot).load(expectedFor(embedder));
  };

  test('the first run embeds every passage and says why it built from scratch', async () => {
    const summary = await indexer().update({
      articles: ARTICLES,
      skipped: [{ path: 'x.pdf', reason: 'unsupported' }],
    });
    const total = passageCount(ARTICLES);
    expect(summary).toMatchObject({
      added: 8,
      changed: 0,
      removed: 0,
      unchanged: 0,
      passages: total,
      embeddedPassages: total,
      deletedLabels: 0,
      compacted: false,
      written: true,
      skipped: [{ path: 'x.pdf', reason: 'unsupported' }],
    });
    expect(summary.rebuildReason).toMatch(/^no index found in .*embeddings; rebuilding$/);
    expect(summary.firstBuild).toBe(true);
    expect(embedder.embeddedTexts).toHaveLength(total);
    const loaded = await load();
    expect(loaded.generation).toBe(summary.generation);
    expect(loaded.passageCount).toBe(total);
    expect(loaded.manifest.skipped).toEqual([{ path: 'x.pdf', reason: 'unsupported' }]);
    expect(embedder.passageCalls).toBe(Math.ceil(total / 4));
  });

  test.each([
    [5, rewriteAsSchema5],
    [6, rewriteAsSchema6],
  ])(
    'an update of a generation written by schema %i embeds only what changed and writes the current schema',
    async (_schema, rewrite) => {
      const first = await indexer().update({ articles: ARTICLES, skipped: [] });
      rewrite(join(root, first.generation!));
      embedder.embeddedTexts.length = 0;
      const articles = ARTICLES.map((article, i) => (i === 2 ? edited(article, 77) : article));
      const summary = await indexer().update({ articles, skipped: [] });
      expect(summary).toMatchObject({ changed: 1, unchanged: 7, written: true });
      expect(summary.rebuildReason).toBeUndefined();
      expect(embedder.embeddedTexts.length).toBeLessThanOrEqual(chunkByBlock(articles[2]!).length);
      const manifest = JSON.parse(readFileSync(join(root, summary.generation!, 'manifest.json'), 'utf8')) as {
        schemaVersion: number;
        files: Record<string, Record<string, unknown>>;
      };
      expect(manifest.schemaVersion).toBe(SCHEMA_VERSION);
      expect(Object.keys(manifest.files).sort()).toEqual([
        'articles.json',
        'passages.bin',
        'texts.bin',
        'vectors.delta.hnsw',
        'vectors.hnsw',
      ]);
      for (const digest of Object.values(manifest.files))
        expect(Object.keys(digest).sort()).toEqual(['bytes', 'crc32']);
      const loaded = await load();
      for (const article of articles) {
        expect(loaded.articles.get(article.id)!.blocks).toEqual(article.blocks);
        expect(loaded.passagesOf(article.id)).toEqual(chunkByBlock(article));
      }
    },
  );

  test('gives an article’s passages in order, or those of a range of ordinals', async () => {
    await indexer().update({ articles: ARTICLES, skipped: [] });
    const loaded = await load();
    const article = [...ARTICLES].sort((a, b) => chunkByBlock(b).length - chunkByBlock(a).length)[0]!;
    const all = chunkByBlock(article);
    expect(all.length).toBeGreaterThan(3);
    expect(loaded.passagesOf(article.id, { from: 1, to: 3 })).toEqual(all.slice(1, 3));
    // Clamped to the article; an empty range, an unknown article: nothing.
    expect(loaded.passagesOf(article.id, { from: -5, to: 2 })).toEqual(all.slice(0, 2));
    expect(loaded.passagesOf(article.id, { from: all.length - 1, to: 99 })).toEqual(all.slice(-1));
    expect(loaded.passagesOf(article.id, { from: 2, to: 2 })).toEqual([]);
    expect(loaded.passagesOf('none.md', { from: 0, to: 5 })).toEqual([]);
  });

  test('an unchanged collection embeds nothing and writes no new generation', async () => {
    const first = await indexer().update({ articles: ARTICLES, skipped: [] });
    embedder.embeddedTexts.length = 0;
    const store = new IndexStore(root);
    const before = await store.generations();
    const summary = await indexer().update({ articles: ARTICLES, skipped: [] });
    expect(summary).toMatchObject({
      added: 0,
      changed: 0,
      removed: 0,
      unchanged: 8,
      embeddedPassages: 0,
      written: false,
      generation: first.generation,
      passages: passageCount(ARTICLES),
    });
    expect(summary.rebuildReason).toBeUndefined();
    expect(embedder.embeddedTexts).toEqual([]);
    expect(await store.generations()).toEqual(before);
  });

  test('editing one article re-embeds only its passages and drops its old ones', async () => {
    await indexer().update({ articles: ARTICLES, skipped: [] });
    const before = await load();
    const oldPassages = chunkByBlock(ARTICLES[2]!);
    const changedArticle = edited(ARTICLES[2]!, 999);
    const articles = ARTICLES.map((article, i) => (i === 2 ? changedArticle : article));
    embedder.embeddedTexts.length = 0;

    const summary = await indexer().update({ articles, skipped: [] });
    const newPassages = chunkByBlock(changedArticle);
    expect(summary).toMatchObject({
      added: 0,
      changed: 1,
      removed: 0,
      unchanged: 7,
      embeddedPassages: newPassages.length,
      deletedLabels: oldPassages.length,
      passages: passageCount(articles),
      written: true,
    });
    expect(embedder.embeddedTexts).toEqual(newPassages.map((passage) => passage.text));

    const after = await load();
    expect(after.articles.get('doc2.md')).toEqual(changedArticle);
    expect(after.passagesOf('doc2.md')).toEqual(newPassages);
    for (const old of oldPassages) {
      const hits = after.search(embedder.vectorOf(old.text), 50);
      expect(hits.some((hit) => hit.passage.articleId === 'doc2.md' && hit.passage.text === old.text)).toBe(
        false,
      );
    }
    for (const passage of newPassages) {
      expect(after.search(embedder.vectorOf(passage.text), 1)[0]!.passage).toEqual(passage);
    }
    // Unchanged articles keep their labels, so their vectors were not re-embedded.
    const unchanged = chunkByBlock(ARTICLES[5]!)[0]!;
    expect(after.labelOf(unchanged.id)).toBe(before.labelOf(unchanged.id));
  });

  test('editing one paragraph re-embeds only that passage; the others keep their labels, even where they moved', async () => {
    await indexer().update({ articles: ARTICLES, skipped: [] });
    const before = await load();
    const original = ARTICLES[3]!;
    const paragraphs = chunkByBlock(original).map((passage) => passage.text);
    // A new first paragraph (every offset after it moves), the second paragraph rewritten, the
    // rest unchanged; the last paragraph twice, so one old label serves one new passage only.
    const changedArticle = {
      ...makeArticle(original.id, [
        'Neu eingefügt.',
        paragraphs[0]!,
        'Umgeschrieben.',
        ...paragraphs.slice(2),
        paragraphs.at(-1)!,
      ]),
      title: original.title,
    };
    const articles = ARTICLES.map((article, i) => (i === 3 ? changedArticle : article));
    embedder.embeddedTexts.length = 0;

    const summary = await indexer().update({ articles, skipped: [] });
    expect(embedder.embeddedTexts).toEqual(['Neu eingefügt.', 'Umgeschrieben.', paragraphs.at(-1)!]);
    expect(summary).toMatchObject({ changed: 1, embeddedPassages: 3, deletedLabels: 1 });

    const after = await load();
    const newPassages = chunkByBlock(changedArticle);
    expect(after.passagesOf(original.id)).toEqual(newPassages);
    const oldPassages = chunkByBlock(original);
    // Same text, same label: the first old paragraph is now the second passage, and so on.
    expect(after.labelOf(newPassages[1]!.id)).toBe(before.labelOf(oldPassages[0]!.id));
    for (let i = 2; i < oldPassages.length; i += 1) {
      expect(after.labelOf(newPassages[i + 1]!.id)).toBe(before.labelOf(oldPassages[i]!.id));
    }
    for (const passage of newPassages) {
      const hit = after.search(embedder.vectorOf(passage.text), 1)[0]!;
      expect(hit.passage.text).toBe(passage.text);
    }
    // The rewritten paragraph's old text is gone from search.
    const gone = oldPassages[1]!.text;
    expect(after.search(embedder.vectorOf(gone), 50).some((hit) => hit.passage.text === gone)).toBe(false);
  });

  test('passages kept through an edit survive a compaction and a change of index kind', async () => {
    await indexer().update({ articles: ARTICLES, skipped: [] });
    const original = ARTICLES[4]!;
    const paragraphs = chunkByBlock(original).map((passage) => passage.text);
    const changedArticle = {
      ...makeArticle(original.id, ['Neu.', ...paragraphs.slice(1)]),
      title: original.title,
    };
    const articles = ARTICLES.map((article, i) => (i === 4 ? changedArticle : article));
    // First the edit, with a compaction at every update; then the same articles in a flat index,
    // rebuilt from the stored vectors.
    for (const options of [{ compactThreshold: 0 }, { vectorIndex: 'flat' as const }]) {
      embedder.embeddedTexts.length = 0;
      const summary = await indexer(options).update({ articles, skipped: [] });
      if (options.compactThreshold === 0) {
        expect(summary).toMatchObject({ compacted: true, embeddedPassages: 1 });
        expect(embedder.embeddedTexts).toEqual(['Neu.']);
      }
      const loaded = await load();
      for (const article of articles) {
        for (const passage of chunkByBlock(article)) {
          expect(loaded.search(embedder.vectorOf(passage.text), 1)[0]!.passage).toEqual(passage);
        }
      }
    }
  });

  test('names an indexed article whose file can no longer be read', async () => {
    await indexer().update({ articles: ARTICLES, skipped: [] });
    const [broken, ...others] = ARTICLES;
    const unreadable = { path: broken!.id, reason: 'not valid UTF-8 text (save it as UTF-8)' };
    const summary = await indexer().update({
      articles: others,
      skipped: [unreadable, { path: 'new.pdf', reason: 'unsupported' }],
    });
    expect(summary).toMatchObject({ removed: 1, unreadable: [broken!.id] });
    // The next run has nothing to remove: the file is only skipped.
    const again = await indexer().update({ articles: others, skipped: [unreadable] });
    expect(again.unreadable).toBeUndefined();
  });

  test('removing an article means its passages are never returned', async () => {
    await indexer().update({ articles: ARTICLES, skipped: [] });
    const gone = ARTICLES[4]!;
    const articles = ARTICLES.filter((article) => article !== gone);
    embedder.embeddedTexts.length = 0;
    const summary = await indexer().update({ articles, skipped: [] });
    expect(summary).toMatchObject({
      removed: 1,
      unchanged: 7,
      embeddedPassages: 0,
      passages: passageCount(articles),
    });
    expect(embedder.embeddedTexts).toEqual([]);
    const loaded = await load();
    expect(loaded.articles.has(gone.id)).toBe(false);
    expect(loaded.passagesOf(gone.id)).toEqual([]);
    for (const passage of chunkByBlock(gone)) {
      const hits = loaded.search(embedder.vectorOf(passage.text), 100);
      expect(hits).toHaveLength(loaded.passageCount);
      expect(hits.every((hit) => hit.passage.articleId !== gone.id)).toBe(true);
    }
  });

  test('adding an article embeds only the new one, growing the graph beyond its capacity', async () => {
    await indexer().update({ articles: ARTICLES, skipped: [] });
    const capacityBefore = graphOf(await load()).capacity;
    const extra = Array.from({ length: 10 }, (_, i) => randomArticle(`new${i}.md`, 6, 500 + i));
    embedder.embeddedTexts.length = 0;
    const summary = await indexer().update({ articles: [...ARTICLES, ...extra], skipped: [] });
    expect(summary).toMatchObject({ added: 10, unchanged: 8, embeddedPassages: passageCount(extra) });
    expect(embedder.embeddedTexts).toEqual(
      extra.flatMap((article) => chunkByBlock(article).map((p) => p.text)),
    );
    const loaded = await load();
    expect(graphOf(loaded).capacity).toBeGreaterThan(capacityBefore);
    const probe = chunkByBlock(extra[9]!)[5]!;
    expect(loaded.search(embedder.vectorOf(probe.text), 1)[0]!.passage).toEqual(probe);
  });

  test('compaction past the threshold gives the same results as a clean build, without re-embedding kept passages', async () => {
    await indexer({ compactThreshold: 0.3 }).update({ articles: ARTICLES, skipped: [] });
    let articles = ARTICLES;
    const compactedRuns: boolean[] = [];
    for (const [round, target] of [0, 1, 2, 3].entries()) {
      articles = articles.map((article, i) => (i === target ? edited(article, 700 + round) : article));
      embedder.embeddedTexts.length = 0;
      const summary = await indexer({ compactThreshold: 0.3 }).update({ articles, skipped: [] });
      compactedRuns.push(summary.compacted);
      expect(embedder.embeddedTexts).toHaveLength(chunkByBlock(articles[target]!).length);
      if (summary.compacted) expect(summary.deletedLabels).toBe(0);
    }
    expect(compactedRuns).toContain(true);
    expect(compactedRuns).toContain(false);

    const compacted = await load();
    expect(graphOf(compacted).deletedShare).toBeLessThanOrEqual(0.3);
    const clean = await cleanBuild(articles, 'clean');
    // Hash vectors tie often, and ties come back in graph order: compare scores, and ids above the cut.
    const ranking = (hits: ReturnType<typeof clean.search>) => {
      const cut = hits.at(-1)!.score.toFixed(5);
      return {
        scores: hits.map((hit) => hit.score.toFixed(5)),
        above: hits
          .filter((hit) => hit.score.toFixed(5) !== cut)
          .map((hit) => hit.passage.id)
          .sort(),
      };
    };
    for (const article of articles) {
      for (const passage of chunkByBlock(article)) {
        const query = embedder.vectorOf(`${passage.text} wahl`);
        expect(ranking(compacted.search(query, 10))).toEqual(ranking(clean.search(query, 10)));
      }
    }
  });

  test('a small update keeps the base graph and texts files, linked, and writes what is new to deltas; a clean build answers the same', async () => {
    const many = Array.from({ length: 40 }, (_, i) => randomArticle(`many${i}.md`, 4 + (i % 3), i + 300));
    const first = await indexer().update({ articles: many, skipped: [] });
    const baseFile = (generation: string) => statSync(join(root, generation, 'vectors.hnsw'));
    const firstInode = baseFile(first.generation!).ino;
    const textsFile = (generation: string) => statSync(join(root, generation, 'texts.bin'));
    const firstTextsInode = textsFile(first.generation!).ino;
    let articles = many;
    const generations: string[] = [];
    for (const target of [3, 17]) {
      const before = await load();
      const oldLabels = [...before.storedPassages()].filter((p) => p.articleId === articles[target]!.id);
      articles = articles.map((article, i) => (i === target ? edited(article, 900 + target) : article));
      embedder.embeddedTexts.length = 0;
      const summary = await indexer().update({ articles, skipped: [] });
      expect(embedder.embeddedTexts).toHaveLength(chunkByBlock(articles[target]!).length);
      generations.push(summary.generation!);
      // The same file, not a copy: nothing of the base was written again.
      expect(baseFile(summary.generation!).ino).toBe(firstInode);
      expect(textsFile(summary.generation!).ino).toBe(firstTextsInode);
      const manifest = (await load()).manifest;
      expect(manifest.files['vectors.delta.hnsw']).toBeDefined();
      expect(manifest.files['texts.delta.bin']).toBeDefined();
      expect(manifest.segments!.removedSinceWritten).toEqual(
        expect.arrayContaining(oldLabels.map((p) => p.label)),
      );
    }
    // Only the live generation and the one before are kept; the first one's graph lives on, linked.
    expect(existsSync(join(root, first.generation!))).toBe(false);

    const segmented = await load();
    const clean = await cleanBuild(articles, 'clean-segments');
    expect(segmented.passageCount).toBe(clean.passageCount);
    for (const article of articles) {
      expect(segmented.articles.get(article.id)!.text).toBe(article.text);
      expect(segmented.passagesOf(article.id)).toEqual(clean.passagesOf(article.id));
      for (const passage of chunkByBlock(article)) {
        const query = embedder.vectorOf(passage.text);
        const [best] = segmented.search(query, 1);
        expect(best!.score).toBeCloseTo(clean.search(query, 1)[0]!.score, 5);
        expect(best!.score).toBeCloseTo(1, 5);
      }
    }

    // Merging on every update writes the base whole again, with no delta.
    articles = articles.map((article, i) => (i === 5 ? edited(article, 905) : article));
    const merged = await indexer({ maxDeltaShare: 0 }).update({ articles, skipped: [] });
    expect(baseFile(merged.generation!).ino).not.toBe(firstInode);
    const after = await load();
    expect(after.manifest.files['vectors.delta.hnsw']).toBeUndefined();
    expect(after.manifest.segments).toBeUndefined();
    for (const passage of chunkByBlock(articles[5]!)) {
      expect(after.search(embedder.vectorOf(passage.text), 1)[0]!.score).toBeCloseTo(1, 5);
    }
  });

  test.each(['vectors.delta.hnsw', 'texts.delta.bin'])(
    'a damaged %s is refused on loading, as any other index file',
    async (file) => {
      const many = Array.from({ length: 40 }, (_, i) => randomArticle(`many${i}.md`, 4, i + 300));
      await indexer().update({ articles: many, skipped: [] });
      const summary = await indexer().update({
        articles: many.map((article, i) => (i === 0 ? edited(article, 1) : article)),
        skipped: [],
      });
      const path = join(root, summary.generation!, file);
      const bytes = readFileSync(path);
      bytes[bytes.length - 5] = bytes[bytes.length - 5]! ^ 0xff;
      writeFileSync(path, bytes);
      await expect(load()).rejects.toMatchObject({ code: 'corrupt', message: expect.stringContaining(file) });
    },
  );

  test('a generation of schema 7 is read, and the next update keeps its graph and texts', async () => {
    const many = Array.from({ length: 40 }, (_, i) => randomArticle(`many${i}.md`, 4, i + 300));
    const first = await indexer().update({ articles: many, skipped: [] });
    // Schema 8 writes a first build as schema 7 did; only the version number differs.
    const manifestPath = join(root, first.generation!, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, unknown>;
    expect(manifest.segments).toBeUndefined();
    writeFileSync(manifestPath, JSON.stringify({ ...manifest, schemaVersion: 7 }));
    const old = await load();
    expect(old.passageCount).toBe(passageCount(many));
    const articles = many.map((article, i) => (i === 0 ? edited(article, 2) : article));
    const summary = await indexer().update({ articles, skipped: [] });
    expect(summary).toMatchObject({ changed: 1, written: true });
    expect(summary.rebuildReason).toBeUndefined();
    const ino = (generation: string, file: string) => statSync(join(root, generation, file)).ino;
    expect(ino(summary.generation!, 'vectors.hnsw')).toBe(ino(first.generation!, 'vectors.hnsw'));
    expect(ino(summary.generation!, 'texts.bin')).toBe(ino(first.generation!, 'texts.bin'));
    const loaded = await load();
    expect(loaded.manifest.schemaVersion).toBe(SCHEMA_VERSION);
    for (const article of articles) expect(loaded.passagesOf(article.id)).toEqual(chunkByBlock(article));
  });

  test('changed graph parameters rebuild the graph from stored vectors without re-embedding', async () => {
    await indexer().update({ articles: ARTICLES, skipped: [] });
    embedder.embeddedTexts.length = 0;
    const summary = await indexer({ hnsw: { m: 8 } }).update({ articles: ARTICLES, skipped: [] });
    expect(summary).toMatchObject({ compacted: true, written: true, embeddedPassages: 0 });
    expect(embedder.embeddedTexts).toEqual([]);
    expect((await load()).manifest.vectorIndex).toMatchObject({ kind: 'hnsw', m: 8 });
  });

  test('a flat index is built, updated in place and loaded like the graph, with exact results', async () => {
    const flat = (overrides: Partial<IndexerOptions> = {}) => indexer({ vectorIndex: 'flat', ...overrides });
    await flat().update({ articles: ARTICLES, skipped: [] });
    let loaded = await load();
    expect(loaded.manifest.vectorIndex).toEqual({ kind: 'flat' });
    expect(readdirSync(join(root, loaded.generation)).filter((name) => name.startsWith('vectors.'))).toEqual([
      'vectors.flat',
    ]);
    const articles = ARTICLES.map((article, i) => (i === 2 ? edited(article, 900) : article)).slice(0, 7);
    embedder.embeddedTexts.length = 0;
    const summary = await flat().update({ articles, skipped: [] });
    expect(summary).toMatchObject({ changed: 1, removed: 1, deletedLabels: 0, compacted: false });
    expect(embedder.embeddedTexts).toHaveLength(chunkByBlock(articles[2]!).length);
    loaded = await load();
    expect(loaded.passageCount).toBe(passageCount(articles));
    for (const passage of chunkByBlock(articles[2]!)) {
      expect(loaded.search(embedder.vectorOf(passage.text), 1)[0]!.passage).toEqual(passage);
    }
    const gone = ARTICLES[7]!;
    const hits = loaded.search(embedder.vectorOf(chunkByBlock(gone)[0]!.text), 1_000);
    expect(hits).toHaveLength(loaded.passageCount);
    expect(hits.some((hit) => hit.passage.articleId === gone.id)).toBe(false);
  });

  test('another kind of vector index is rebuilt from stored vectors, without re-embedding, and back', async () => {
    await indexer().update({ articles: ARTICLES, skipped: [] });
    const query = embedder.vectorOf(chunkByBlock(ARTICLES[3]!)[1]!.text);
    const before = (await load()).search(query, 5).map((hit) => hit.passage.id);
    for (const kind of ['flat', 'hnsw'] as const) {
      embedder.embeddedTexts.length = 0;
      const summary = await indexer({ vectorIndex: kind }).update({ articles: ARTICLES, skipped: [] });
      expect(summary).toMatchObject({ compacted: true, written: true, embeddedPassages: 0 });
      expect(embedder.embeddedTexts).toEqual([]);
      const loaded = await load();
      expect(loaded.manifest.vectorIndex.kind).toBe(kind);
      expect(loaded.passageCount).toBe(passageCount(ARTICLES));
      expect(loaded.search(query, 5).map((hit) => hit.passage.id)[0]).toBe(before[0]);
    }
    // Nothing changed and the kind matches: no new generation.
    const again = await indexer({ vectorIndex: 'hnsw' }).update({ articles: ARTICLES, skipped: [] });
    expect(again.written).toBe(false);
  });

  test('a different embedder makes the next update rebuild everything and say why', async () => {
    await indexer().update({ articles: ARTICLES, skipped: [] });
    embedder = new HashEmbedder(48, 'fake:hash:d48');
    const summary = await indexer().update({ articles: ARTICLES, skipped: [] });
    expect(summary.rebuildReason).toBe(
      'index was built with embedder fake:hash:d32 but fake:hash:d48 is configured; rebuilding',
    );
    expect(summary).toMatchObject({ added: 8, embeddedPassages: passageCount(ARTICLES) });
    expect((await load()).manifest.embedder).toEqual({ id: 'fake:hash:d48', dimensions: 48 });
  });

  test('different chunking settings make the next update rebuild everything', async () => {
    await indexer().update({ articles: ARTICLES, skipped: [] });
    const chunking = { ...FAKE_CHUNKING, overlapSentences: 1 };
    const summary = await indexer({ chunking }).update({ articles: ARTICLES, skipped: [] });
    expect(summary.rebuildReason).toMatch(/^index was built with chunking .* is configured; rebuilding$/);
    expect(summary.embeddedPassages).toBe(passageCount(ARTICLES));
  });

  test('a corrupt index is rebuilt, never reused', async () => {
    const first = await indexer().update({ articles: ARTICLES, skipped: [] });
    const path = join(root, first.generation!, 'passages.bin');
    writeFileSync(path, readFileSync(path).toString('latin1').replace('doc1.md', 'doc9.md'), 'latin1');
    const summary = await indexer().update({ articles: ARTICLES, skipped: [] });
    expect(summary.rebuildReason).toMatch(
      /^index file is damaged: .*passages\.bin \(checksum mismatch\); rebuilding$/,
    );
    expect(summary.embeddedPassages).toBe(passageCount(ARTICLES));
    expect(summary.firstBuild).toBeUndefined();
    expect((await load()).passagesOf('doc1.md')).toEqual(chunkByBlock(ARTICLES[1]!));
  });

  test('a full rebuild of no index at all is a first build', async () => {
    const summary = await indexer().update({ articles: ARTICLES, skipped: [] }, { full: true });
    expect(summary.firstBuild).toBe(true);
    const again = await indexer().update({ articles: ARTICLES, skipped: [] }, { full: true });
    expect(again.firstBuild).toBeUndefined();
  });

  test('a generation missing its files is rebuilt as such, not as a first build', async () => {
    const first = await indexer().update({ articles: ARTICLES, skipped: [] });
    unlinkSync(join(root, first.generation!, 'manifest.json'));
    const summary = await indexer().update({ articles: ARTICLES, skipped: [] });
    expect(summary.rebuildReason).toMatch(/rebuilding$/);
    expect(summary.firstBuild).toBeUndefined();
  });

  test('full: true re-embeds everything even when nothing changed', async () => {
    await indexer().update({ articles: ARTICLES, skipped: [] });
    embedder.embeddedTexts.length = 0;
    const summary = await indexer().update({ articles: ARTICLES, skipped: [] }, { full: true });
    expect(summary).toMatchObject({
      rebuildReason: 'full rebuild requested',
      written: true,
      deletedLabels: 0,
    });
    expect(embedder.embeddedTexts).toHaveLength(passageCount(ARTICLES));
  });

  test('input read on demand is offered the live articles only when the update keeps their passages', async () => {
    const offered: Array<string[] | undefined> = [];
    const read = (known: ReadonlyMap<string, Article> | undefined) => {
      offered.push(known ? [...known.keys()].sort() : undefined);
      return Promise.resolve({ articles: ARTICLES, skipped: [] });
    };
    await indexer().update(read);
    await indexer().update(read);
    await indexer().update(read, { full: true });
    await indexer({ chunking: { ...FAKE_CHUNKING, maxChars: FAKE_CHUNKING.maxChars + 1 } }).update(read);
    const ids = ARTICLES.map((article) => article.id).sort();
    expect(offered).toEqual([undefined, ids, undefined, undefined]);
  });

  test('an article with unchanged bytes keeps the text its kept passages were cut from', async () => {
    await indexer().update({ articles: ARTICLES, skipped: [] });
    const original = ARTICLES[3]!;
    // The same bytes (content hash) read into another text, as a parser of another release might.
    const reread: Article = { ...original, title: 'Anders gelesen', text: `Vorspann. ${original.text}` };
    const articles = ARTICLES.map((article) => (article === original ? reread : article));
    // A newly skipped file makes the update write a generation although no article changed.
    const skipped = [{ path: 'notes.pdf', reason: 'unsupported' }];
    const summary = await indexer().update({ articles, skipped });
    expect(summary).toMatchObject({ written: true, changed: 0, added: 0 });
    const loaded = await load();
    expect(loaded.articles.get(original.id)).toMatchObject({ title: original.title, text: original.text });
    expect(loaded.passagesOf(original.id)).toEqual(chunkByBlock(original));
  });

  test('an unchanged article keeps its record but takes the file stamp it was read with', async () => {
    const stamp = { bytes: 10, ino: 1, mtimeMs: 1000, ctimeMs: 1000 };
    const stamped = ARTICLES.map((article) => ({ ...article, file: stamp }));
    await indexer().update({ articles: stamped, skipped: [] });
    const before = await load();
    expect(before.articles.get(ARTICLES[3]!.id)!.file).toEqual(stamp);
    // Touched files: new stamps, the same bytes. Reading the previous generation's record keeps
    // its text unread until asked for.
    const touched = { ...stamp, mtimeMs: 2000, ctimeMs: 2000 };
    const articles = stamped.map((article, i) => (i === 3 ? { ...article, file: touched } : article));
    let written: LoadedIndex | undefined;
    const summary = await indexer().update(
      { articles, skipped: [{ path: 'notes.pdf', reason: 'unsupported' }] },
      { onWritten: (index) => (written = index) },
    );
    expect(summary).toMatchObject({ written: true, changed: 0 });
    expect(written!.articles.get(ARTICLES[3]!.id)!.file).toEqual(touched);
    const after = await load();
    expect(after.articles.get(ARTICLES[3]!.id)!.file).toEqual(touched);
    expect(after.articles.get(ARTICLES[2]!.id)!.file).toEqual(stamp);
    expect(after.articles.get(ARTICLES[3]!.id)!.text).toBe(ARTICLES[3]!.text);
  });

  test('an update records the generation it carried passages over from; a full build does not', async () => {
    const first = await indexer().update({ articles: ARTICLES, skipped: [] });
    expect((await load()).manifest.carriedOverFrom).toBeUndefined();
    const articles = ARTICLES.map((article, i) => (i === 2 ? edited(article, 77) : article));
    const second = await indexer().update({ articles, skipped: [] });
    expect((await load()).manifest.carriedOverFrom).toBe(first.generation);
    await indexer().update({ articles, skipped: [] }, { full: true });
    const full = await load();
    expect(full.manifest.previousGeneration).toBe(second.generation);
    expect(full.manifest.carriedOverFrom).toBeUndefined();
  });

  test.each(['hnsw', 'flat'] as const)(
    'the %s generation handed over after writing serves as the one loaded from disk does',
    async (kind) => {
      const handed: LoadedIndex[] = [];
      const onWritten = (index: LoadedIndex) => handed.push(index);
      await indexer({ vectorIndex: kind }).update({ articles: ARTICLES, skipped: [] }, { onWritten });
      const articles = [
        ...ARTICLES.slice(1).map((article, i) => (i % 3 === 0 ? edited(article, 40 + i) : article)),
        randomArticle('new.md', 5, 99),
      ];
      await indexer({ vectorIndex: kind }).update({ articles, skipped: [] }, { onWritten });
      expect(handed).toHaveLength(2);
      const written = handed[1]!;
      const loaded = await load();
      expect(written.generation).toBe(loaded.generation);
      expect(written.manifest).toEqual(loaded.manifest);
      expect([...written.passages()]).toEqual([...loaded.passages()]);
      expect(written.vectors.deletedLabels()).toEqual(loaded.vectors.deletedLabels());
      for (const article of articles) {
        for (const passage of chunkByBlock(article)) {
          const query = embedder.vectorOf(`${passage.text} frage`);
          expect(written.search(query, 5)).toEqual(loaded.search(query, 5));
        }
      }
    },
  );

  test('a changed list of skipped files alone is written without embedding', async () => {
    await indexer().update({ articles: ARTICLES, skipped: [] });
    const summary = await indexer().update({
      articles: ARTICLES,
      skipped: [{ path: 'bad.md', reason: 'empty' }],
    });
    expect(summary).toMatchObject({ written: true, embeddedPassages: 0 });
    expect((await load()).manifest.skipped).toEqual([{ path: 'bad.md', reason: 'empty' }]);
  });

  test('a duplicate article id is indexed once and reported as skipped', async () => {
    const copy = makeArticle('doc0.md', ['Eine andere Fassung.']);
    const summary = await indexer().update({ articles: [...ARTICLES, copy], skipped: [] });
    expect(summary.skipped).toEqual([{ path: 'doc0.md', reason: 'duplicate article id' }]);
    expect((await load()).articles.get('doc0.md')).toEqual(ARTICLES[0]);
  });

  test('refuses to run while another live process holds the lock, writing nothing', async () => {
    const store = new IndexStore(root);
    const held = await store.lock('quellen bot');
    await expect(indexer().update({ articles: ARTICLES, skipped: [] })).rejects.toBeInstanceOf(
      IndexLockedError,
    );
    expect(await store.generations()).toEqual([]);
    await held.release();
  });

  test('takes over a stale lock of a dead process and releases it afterwards', async () => {
    mkdirSync(root, { recursive: true });
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    writeFileSync(
      join(root, '.lock'),
      JSON.stringify({
        pid: dead,
        hostname: hostname(),
        startedAt: '2020-01-01T00:00:00.000Z',
        by: 'crashed run',
      }),
    );
    const summary = await indexer().update({ articles: ARTICLES, skipped: [] });
    expect(summary.written).toBe(true);
    expect(existsSync(join(root, '.lock'))).toBe(false);
  });

  test('aborting during embedding leaves the previous generation live and the lock free', async () => {
    const first = await indexer().update({ articles: ARTICLES, skipped: [] });
    const controller = new AbortController();
    const articles = ARTICLES.map((article) => edited(article, 4242));
    const run = indexer().update(
      { articles, skipped: [] },
      {
        signal: controller.signal,
        onProgress: (event) => {
          if (event.phase === 'embedding' && event.done >= 8) controller.abort();
        },
      },
    );
    await expect(run).rejects.toThrow();
    expect((await load()).generation).toBe(first.generation);
    await (await new IndexStore(root).lock('after abort')).release();
  });

  test('reports progress per batch and yields to the event loop between batches', async () => {
    const events: IndexProgress[] = [];
    let macrotaskRan = false;
    let ranBeforeLastBatch = false;
    const total = passageCount(ARTICLES);
    await indexer().update(
      { articles: ARTICLES, skipped: [] },
      {
        onProgress: (event) => {
          events.push(event);
          if (event.phase === 'embedding' && event.done === 4) setImmediate(() => (macrotaskRan = true));
          if (event.phase === 'embedding' && event.done === total) ranBeforeLastBatch = macrotaskRan;
        },
      },
    );
    expect(ranBeforeLastBatch).toBe(true);
    const embedding = events.filter((event) => event.phase === 'embedding');
    expect(embedding.map((event) => event.done)).toEqual(
      Array.from({ length: Math.ceil(total / 4) }, (_, i) => Math.min(total, (i + 1) * 4)),
    );
    expect(embedding.every((event) => event.total === total)).toBe(true);
    // One stage while batches are embedded and inserted, then writing: never back and forth.
    const phases = events.map((event) => event.phase).filter((phase, i, all) => phase !== all[i - 1]);
    expect(phases).toEqual(['embedding', 'writing']);
    const writing = events.filter((event) => event.phase === 'writing');
    expect(writing.at(-1)!.done).toBe(writing.at(-1)!.total);
  });

  test('a chunker whose passage text is not the article slice is rejected', async () => {
    const chunk = (article: Article) =>
      chunkByBlock(article).map((passage) => ({ ...passage, text: passage.text.toUpperCase() }));
    await expect(indexer({ chunk }).update({ articles: ARTICLES, skipped: [] })).rejects.toThrow(
      /chunker produced passage doc0\.md#0 that is not a slice of article doc0\.md/,
    );
  });
});
