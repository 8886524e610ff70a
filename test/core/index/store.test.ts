import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  truncateSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as durableFs from '../../../src/core/index/durableFs';
import { IndexLoadError } from '../../../src/core/index/indexErrors';
import type { StoredPassage } from '../../../src/core/index/loadedIndex';
import { SCHEMA_VERSION, type ExpectedIndex } from '../../../src/core/index/manifest';
import { IndexStore, type StoreHooks } from '../../../src/core/index/store';
import { vectorFileOf, type VectorIndex, type VectorIndexKind } from '../../../src/core/index/vectorIndex';
import * as vectorIndexKinds from '../../../src/core/index/vectorIndexKinds';
import { createVectorIndex, resolveVectorIndexSettings } from '../../../src/core/index/vectorIndexKinds';
import type { Article } from '../../../src/core/types';
import { makeArticle, randomArticle } from '../../fakes/articles';
import { chunkByBlock, FAKE_CHUNKING } from '../../fakes/blockChunker';
import {
  articleLines,
  blockObjects,
  passagesToJson,
  readArticleRecords,
  rewriteAsSchema5,
  rewriteAsSchema6,
  type ArticleRecord,
} from '../../support/legacyIndex';
import { HashEmbedder } from '../../fakes/hashEmbedder';

const embedder = new HashEmbedder(32);
const expected: ExpectedIndex = { embedderId: embedder.id, dimensions: 32, chunking: FAKE_CHUNKING };

/** Writes a generation holding `articles`, embedded with the fake embedder. */
async function writeArticles(
  store: IndexStore,
  articles: Article[],
  kind: VectorIndexKind = 'hnsw',
  wrap: (vectors: VectorIndex) => VectorIndex = (vectors) => vectors,
) {
  const vectors = createVectorIndex(resolveVectorIndexSettings(kind), 32, 4);
  const passages: StoredPassage[] = [];
  let label = 0;
  for (const article of articles) {
    for (const passage of chunkByBlock(article)) {
      vectors.add(label, embedder.vectorOf(passage.text));
      const { text: _text, ...fields } = passage;
      passages.push({ ...fields, label });
      label += 1;
    }
  }
  return store.write({
    embedder: { id: embedder.id, dimensions: 32 },
    chunking: FAKE_CHUNKING,
    articles,
    passages,
    vectors: wrap(vectors),
    nextLabel: label,
    skipped: [{ path: 'broken.html', reason: 'not UTF-8' }],
  });
}

const articlesA = Array.from({ length: 6 }, (_, i) => randomArticle(`a${i}.md`, 5, i + 1));
const articlesB = Array.from({ length: 4 }, (_, i) => randomArticle(`b${i}.md`, 3, i + 100));

async function expectLoadError(store: IndexStore, code: string, message: RegExp, exp = expected) {
  const error = await store.load(exp).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(IndexLoadError);
  expect(error).toMatchObject({ code });
  expect((error as Error).message).toMatch(message);
  expect((error as Error).message).not.toContain('\n');
}

describe('IndexStore', () => {
  let root: string;
  beforeEach(() => {
    root = join(mkdtempSync(join(tmpdir(), 'quellen-store-')), 'embeddings');
  });
  afterEach(() => rmSync(join(root, '..'), { recursive: true, force: true }));

  test('save then load gives the same passages, articles and search results', async () => {
    const store = new IndexStore(root);
    const manifest = await writeArticles(store, articlesA);
    const loaded = await store.load(expected);

    expect(loaded.generation).toBe(manifest.generation);
    expect(readFileSync(join(root, 'CURRENT'), 'utf8').trim()).toBe(manifest.generation);
    expect(loaded.manifest.counts).toEqual({ articles: 6, passages: 30, deleted: 0 });
    expect(loaded.manifest.skipped).toEqual([{ path: 'broken.html', reason: 'not UTF-8' }]);
    expect(loaded.articles.get('a2.md')).toEqual(articlesA[2]);
    expect(loaded.passagesOf('a2.md')).toEqual(chunkByBlock(articlesA[2]!));
    expect(loaded.passageById('a3.md#4')).toEqual(chunkByBlock(articlesA[3]!)[4]);

    for (const article of articlesA) {
      for (const passage of chunkByBlock(article)) {
        const [top] = loaded.search(embedder.vectorOf(passage.text), 1);
        expect(top!.passage).toEqual(passage);
        expect(top!.dense).toBeCloseTo(1, 5);
        expect(top!.score).toBe(top!.dense);
      }
    }
  });

  test('search can be restricted to articles and by a passage filter', async () => {
    const store = new IndexStore(root);
    await writeArticles(store, articlesA);
    const loaded = await store.load(expected);
    const query = embedder.vectorOf(chunkByBlock(articlesA[0]!)[0]!.text);

    const inArticle = loaded.search(query, 10, { articleIds: ['a4.md', 'a5.md'] });
    expect(inArticle).toHaveLength(10);
    expect(new Set(inArticle.map((hit) => hit.passage.articleId))).toEqual(new Set(['a4.md', 'a5.md']));

    const firstOnly = loaded.search(query, 50, { filter: (passage) => passage.ordinal === 0 });
    expect(firstOnly).toHaveLength(6);
    expect(firstOnly[0]!.passage.id).toBe('a0.md#0');
    expect(loaded.search(query, 5, { articleIds: ['nope.md'] })).toEqual([]);
  });

  test('a failure before the pointer switch leaves the old index loadable with old results', async () => {
    await writeArticles(new IndexStore(root), articlesA);
    const before = await new IndexStore(root).load(expected);
    const query = embedder.vectorOf(chunkByBlock(articlesA[1]!)[2]!.text);
    const hooks: StoreHooks = {
      beforeCommit: () => {
        throw new Error('simulated crash');
      },
    };
    await expect(writeArticles(new IndexStore(root, { hooks }), articlesB)).rejects.toThrow(
      'simulated crash',
    );

    const after = await new IndexStore(root).load(expected);
    expect(after.generation).toBe(before.generation);
    expect(after.search(query, 5)).toEqual(before.search(query, 5));
    expect(after.articles.has('b0.md')).toBe(false);
  });

  test.each(['texts.bin', 'articles.json', 'passages.bin', 'vectors.hnsw', 'manifest.json'] as const)(
    'a failure right after writing %s leaves the old index, and the next write cleans the leftover',
    async (file) => {
      const first = await writeArticles(new IndexStore(root), articlesA);
      const hooks: StoreHooks = {
        afterFile: (name) => {
          if (name === file) throw new Error('simulated crash');
        },
      };
      await expect(writeArticles(new IndexStore(root, { hooks }), articlesB)).rejects.toThrow();
      const store = new IndexStore(root);
      expect(await store.generations()).toHaveLength(2);
      expect((await store.load(expected)).generation).toBe(first.generation);

      const second = await writeArticles(store, articlesB);
      expect(await store.generations()).toEqual([first.generation, second.generation].sort());
      expect((await store.load(expected)).articles.has('b0.md')).toBe(true);
    },
  );

  test('a failure while the graph is still being saved is reported only once the save has ended', async () => {
    await writeArticles(new IndexStore(root), articlesA);
    let saved = false;
    const slowSave = (vectors: VectorIndex): VectorIndex =>
      new Proxy(vectors, {
        get(target, key) {
          if (key === 'save') {
            return async (path: string) => {
              await new Promise((resolve) => setTimeout(resolve, 300));
              await target.save(path);
              saved = true;
            };
          }
          const value: unknown = Reflect.get(target, key, target);
          return typeof value === 'function'
            ? (value as (...args: unknown[]) => unknown).bind(target)
            : value;
        },
      });
    const hooks: StoreHooks = {
      afterFile: (name) => {
        if (name === 'texts.bin') throw new Error('simulated crash');
      },
    };
    await expect(writeArticles(new IndexStore(root, { hooks }), articlesB, 'hnsw', slowSave)).rejects.toThrow(
      'simulated crash',
    );
    expect(saved).toBe(true);
  });

  test('a half-written generation directory is ignored on load and removed on the next write', async () => {
    const first = await writeArticles(new IndexStore(root), articlesA);
    const stray = join(root, 'gen-29990101T000000000Z-deadbeef');
    mkdirSync(stray);
    writeFileSync(join(stray, 'articles.json'), '[{"id":');
    writeFileSync(join(root, 'CURRENT.tmp'), 'gen-29990101T000000000Z-deadbeef');

    const store = new IndexStore(root);
    expect((await store.load(expected)).generation).toBe(first.generation);
    await writeArticles(store, articlesB);
    expect(existsSync(stray)).toBe(false);
    expect(existsSync(join(root, 'CURRENT.tmp'))).toBe(false);
  });

  test('keeps the previous generation after a switch and removes older ones', async () => {
    const store = new IndexStore(root);
    const names = [];
    for (const articles of [articlesA, articlesB, articlesA, articlesB]) {
      names.push((await writeArticles(store, articles)).generation);
    }
    expect(await store.generations()).toEqual(names.slice(2).sort());
    expect((await store.readManifest()).previousGeneration).toBe(names[2]);
  });

  test('whileVectorsLoad runs once, after the other files are parsed and before the index is handed out', async () => {
    const store = new IndexStore(root);
    await writeArticles(store, articlesA);
    const calls: string[] = [];
    const loading = store.load(expected, { whileVectorsLoad: () => calls.push('prepared') });
    void loading.then(() => calls.push('loaded'));
    const loaded = await loading;
    expect(calls).toEqual(['prepared', 'loaded']);
    expect(loaded.passageCount).toBe(30);

    // Not when a file is damaged: nothing is waiting for a vector read then.
    const dir = join(root, loaded.generation);
    writeFileSync(join(dir, 'passages.bin'), '{}');
    const damaged: string[] = [];
    await expect(
      store.load(expected, { whileVectorsLoad: () => damaged.push('prepared') }),
    ).rejects.toBeInstanceOf(IndexLoadError);
    expect(damaged).toEqual([]);
  });

  test('an empty collection can be written and loaded', async () => {
    const store = new IndexStore(root);
    await writeArticles(store, []);
    const loaded = await store.load(expected);
    expect(loaded.passageCount).toBe(0);
    expect(loaded.search(embedder.vectorOf('wahl'), 5)).toEqual([]);
  });

  test('caches derived data beside a generation, as the one writer of its folder, and leaves no temp file', async () => {
    const store = new IndexStore(root);
    await writeArticles(store, articlesA);
    const { generation } = await store.load(expected);
    expect(await store.readDerived(generation, 'lexical.bin')).toBeUndefined();
    await store.writeDerived(generation, 'lexical.bin', '{"a":1}');
    await store.writeDerived(generation, 'lexical.bin', '{"a":2}');
    expect((await store.readDerived(generation, 'lexical.bin'))?.toString('utf8')).toBe('{"a":2}');
    expect(readdirSync(join(root, generation)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    // The manifest does not list it: the generation still loads and verifies.
    await expect(store.load(expected)).resolves.toMatchObject({ generation });
    await expect(store.writeDerived('../elsewhere', 'lexical.bin', '{}')).rejects.toThrow(/not a generation/);
    expect(await store.readDerived('../elsewhere', 'lexical.bin')).toBeUndefined();
  });

  describe.each(['hnsw', 'flat'] as const)('refuses a damaged or incompatible index (%s)', (kind) => {
    const vectorFile = vectorFileOf(kind);
    let dir: string;
    beforeEach(async () => {
      const manifest = await writeArticles(new IndexStore(root), articlesA, kind);
      dir = join(root, manifest.generation);
    });

    test('written with its own vector file, which its manifest lists', () => {
      const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
        vectorIndex: { kind: string };
        files: Record<string, unknown>;
      };
      expect(manifest.vectorIndex.kind).toBe(kind);
      expect(Object.keys(manifest.files).sort()).toEqual([
        'articles.json',
        'passages.bin',
        'texts.bin',
        vectorFile,
      ]);
      expect(readdirSync(dir).sort()).toEqual([
        'articles.json',
        'manifest.json',
        'passages.bin',
        'texts.bin',
        vectorFile,
      ]);
    });

    /** Edits the manifest's file list, then expects the load to name `file` as invalid. */
    async function expectInvalidFiles(edit: (files: Record<string, unknown>) => void, file: string) {
      const path = join(dir, 'manifest.json');
      const manifest = JSON.parse(readFileSync(path, 'utf8')) as { files: Record<string, unknown> };
      edit(manifest.files);
      writeFileSync(path, JSON.stringify(manifest));
      await expectLoadError(
        new IndexStore(root),
        'corrupt',
        new RegExp(`invalid at files\\.${file.replace('.', '\\.')}`),
      );
    }

    test('a manifest listing the passage file of another schema, or both → corrupt', async () => {
      const path = join(dir, 'manifest.json');
      const original = readFileSync(path, 'utf8');
      await expectInvalidFiles((files) => {
        files['passages.json'] = files['passages.bin'];
        delete files['passages.bin'];
      }, 'passages.bin');
      writeFileSync(path, original);
      await expectInvalidFiles((files) => (files['passages.json'] = files['passages.bin']), 'passages.json');
    });

    test('a manifest not listing its vector file → corrupt', async () => {
      await expectInvalidFiles((files) => delete files[vectorFile], vectorFile);
    });

    test('a manifest listing a vector file of the other kind too → corrupt', async () => {
      const other = vectorFileOf(kind === 'hnsw' ? 'flat' : 'hnsw');
      await expectInvalidFiles((files) => (files[other] = files[vectorFile]), other);
    });

    test('a vector file holding other labels than the passages → corrupt', async () => {
      // Rewrite the generation's vector file with one vector fewer, and its digest to match.
      const other = await writeArticles(new IndexStore(join(root, '..', 'other')), articlesA.slice(1), kind);
      const otherFile = join(root, '..', 'other', other.generation, vectorFile);
      const path = join(dir, 'manifest.json');
      const manifest = JSON.parse(readFileSync(path, 'utf8')) as { files: Record<string, unknown> };
      manifest.files[vectorFile] = other.files[vectorFile];
      writeFileSync(path, JSON.stringify(manifest));
      writeFileSync(join(dir, vectorFile), readFileSync(otherFile));
      await expectLoadError(new IndexStore(root), 'corrupt', /index file disagrees with its manifest/);
    });

    test('no index at all → missing', async () => {
      await expectLoadError(new IndexStore(join(root, 'elsewhere')), 'missing', /^no index found in /);
    });

    test.each(['articles.json', 'passages.bin', vectorFile, 'manifest.json'])(
      'deleted %s → missing',
      async (file) => {
        unlinkSync(join(dir, file));
        await expectLoadError(new IndexStore(root), 'missing', new RegExp(`index file missing: .*${file}$`));
      },
    );

    test.each(['articles.json', 'passages.bin', vectorFile])('truncated %s → corrupt', async (file) => {
      const path = join(dir, file);
      truncateSync(path, readFileSync(path).length - 7);
      await expectLoadError(new IndexStore(root), 'corrupt', /index file is damaged: .*bytes, expected/);
    });

    test.each(['articles.json', 'passages.bin', vectorFile])(
      'one flipped byte in %s → corrupt',
      async (file) => {
        const path = join(dir, file);
        const data = readFileSync(path);
        const at = Math.floor(data.length / 2);
        data[at] = data[at]! ^ 0x01;
        writeFileSync(path, data);
        await expectLoadError(
          new IndexStore(root),
          'corrupt',
          /index file is damaged: .* \(checksum mismatch\)$/,
        );
      },
    );

    test('garbage manifest → corrupt', async () => {
      writeFileSync(join(dir, 'manifest.json'), `{"schemaVersion": ${SCHEMA_VERSION}, "gener`);
      await expectLoadError(new IndexStore(root), 'corrupt', /^index manifest is not valid JSON: /);
      writeFileSync(join(dir, 'manifest.json'), `{"schemaVersion": ${SCHEMA_VERSION}}`);
      await expectLoadError(new IndexStore(root), 'corrupt', /^index manifest is invalid at /);
    });

    test('a manifest whose article hashes are not all strings → corrupt', async () => {
      const path = join(dir, 'manifest.json');
      const manifest = JSON.parse(readFileSync(path, 'utf8')) as { articles: Record<string, unknown> };
      for (const articles of [{ ...manifest.articles, [articlesA[0]!.id]: 42 }, [], null]) {
        writeFileSync(path, JSON.stringify({ ...manifest, articles }));
        await expectLoadError(new IndexStore(root), 'corrupt', /^index manifest is invalid at articles: /);
      }
    });

    test('garbage pointer → corrupt', async () => {
      writeFileSync(join(root, 'CURRENT'), '../../etc\n');
      await expectLoadError(new IndexStore(root), 'corrupt', /^index pointer is damaged: /);
    });

    test.each([
      ['5 (sha256 checksums, block objects)', rewriteAsSchema5, 'passages.json'],
      ['6 (articles.json as one array)', rewriteAsSchema6, 'articles.json'],
    ])(
      'a schema %s generation still loads, with no rebuild, and is still checked',
      async (_schema, rewrite, file) => {
        const before = await new IndexStore(root).load(expected);
        rewrite(dir);
        const loaded = await new IndexStore(root).load(expected);
        expect(loaded.manifest.schemaVersion).toBe(SCHEMA_VERSION);
        expect([...loaded.passages()]).toEqual([...before.passages()]);
        expect([...loaded.articles.values()]).toEqual([...before.articles.values()]);
        const path = join(dir, file);
        const data = readFileSync(path);
        data[10] = data[10]! ^ 0x01;
        writeFileSync(path, data);
        await expectLoadError(
          new IndexStore(root),
          'corrupt',
          new RegExp(`${file.replace('.', '\\.')} \\(checksum mismatch\\)$`),
        );
      },
    );

    test('the manifest records CRC-32 checksums; one of another shape → corrupt', async () => {
      const path = join(dir, 'manifest.json');
      const manifest = JSON.parse(readFileSync(path, 'utf8')) as {
        files: Record<string, { bytes: number; crc32?: string }>;
      };
      const passages = readFileSync(join(dir, 'passages.bin'));
      expect(manifest.files['passages.bin']).toEqual({
        bytes: passages.length,
        crc32: crc32(passages).toString(16).padStart(8, '0'),
      });
      const listed = manifest.files['passages.bin']!;
      for (const digest of [{ bytes: listed.bytes }, { ...listed, crc32: 'xyz' }, { ...listed, md5: 'a' }]) {
        writeFileSync(
          path,
          JSON.stringify({ ...manifest, files: { ...manifest.files, 'passages.bin': digest } }),
        );
        await expectLoadError(new IndexStore(root), 'corrupt', /invalid at files\.passages\.bin/);
      }
    });

    /**
     * Rewrites the generation as schema 4 wrote it: every text inside `articles.json`, no
     * `texts.bin`. Returns the manifest, to edit further.
     */
    function toSchema4(): Record<string, unknown> & {
      vectorIndex: Record<string, unknown>;
      files: Record<string, unknown>;
    } {
      const path = join(dir, 'manifest.json');
      const manifest = JSON.parse(readFileSync(path, 'utf8')) as ReturnType<typeof toSchema4>;
      const texts = readFileSync(join(dir, 'texts.bin'));
      const records = readArticleRecords(dir);
      const inline = records.map(({ textBytes, textLength: _length, blockData, ...fields }) => ({
        ...fields,
        blocks: blockObjects(blockData),
        text: texts.toString('utf8', textBytes[0], textBytes[1]),
      }));
      const articles = Buffer.from(JSON.stringify(inline));
      writeFileSync(join(dir, 'articles.json'), articles);
      unlinkSync(join(dir, 'texts.bin'));
      passagesToJson(dir, manifest.files);
      const { 'texts.bin': _texts, ...files } = manifest.files;
      const sha256 = createHash('sha256').update(articles).digest('hex');
      const legacy = {
        ...manifest,
        schemaVersion: 4,
        files: { ...files, 'articles.json': { bytes: articles.length, sha256 } },
      };
      writeFileSync(path, JSON.stringify(legacy));
      return legacy;
    }

    test('a schema 4 generation (texts inside articles.json) still loads, with no rebuild', async () => {
      const before = await new IndexStore(root).load(expected);
      toSchema4();
      const loaded = await new IndexStore(root).load(expected);
      expect(loaded.passageCount).toBe(30);
      expect([...loaded.passages()]).toEqual([...before.passages()]);
      expect([...loaded.articles.values()]).toEqual([...before.articles.values()]);
    });

    test('a schema 3 manifest (HNSW parameters under "hnsw") still loads, with no rebuild', async () => {
      if (kind !== 'hnsw') return;
      const path = join(dir, 'manifest.json');
      const manifest = toSchema4();
      const { kind: _kind, ...hnsw } = manifest.vectorIndex;
      const { vectorIndex: _vectorIndex, ...rest } = manifest;
      writeFileSync(path, JSON.stringify({ ...rest, schemaVersion: 3, hnsw }));
      const loaded = await new IndexStore(root).load(expected);
      expect(loaded.manifest.vectorIndex).toEqual({ kind: 'hnsw', ...hnsw });
      expect(loaded.passageCount).toBe(30);
    });

    test('texts.bin listed in an old manifest, or missing from a new one → corrupt', async () => {
      const path = join(dir, 'manifest.json');
      const current = readFileSync(path, 'utf8');
      const manifest = JSON.parse(current) as { files: Record<string, unknown> };
      const { 'texts.bin': _texts, ...files } = manifest.files;
      writeFileSync(path, JSON.stringify({ ...manifest, files }));
      await expectLoadError(new IndexStore(root), 'corrupt', /invalid at files\.texts\.bin/);
      writeFileSync(path, JSON.stringify({ ...JSON.parse(current), schemaVersion: 4 }));
      await expectLoadError(new IndexStore(root), 'corrupt', /invalid at files\.texts\.bin/);
    });

    test('article texts are read when a passage needs them, and equal what was written', async () => {
      const loaded = await new IndexStore(root).load(expected);
      for (const article of articlesA) {
        const stored = loaded.articles.get(article.id)!;
        expect(stored.text).toBe(article.text);
        expect({ ...stored }).toEqual(article);
        for (const passage of loaded.passagesOf(article.id))
          expect(passage.text).toBe(article.text.slice(passage.start, passage.end));
      }
    });

    test('opening, counting passages and a filtered search read no text of the articles filtered out', async () => {
      const loaded = await new IndexStore(root).load(expected);
      const decoded = () =>
        articlesA
          .filter(
            (article) => !Object.getOwnPropertyDescriptor(loaded.articles.get(article.id)!, 'text')?.get,
          )
          .map((article) => article.id);
      expect(decoded()).toEqual([]);
      expect(articlesA.map((article) => loaded.passageCountOf(article.id))).toEqual(
        articlesA.map((article) => loaded.passagesOf(article.id).length),
      );
      expect(decoded()).toEqual(articlesA.map((article) => article.id));
      const fresh = await new IndexStore(root).load(expected);
      const wanted = articlesA[2]!.id;
      const hits = fresh.search(embedder.vectorOf(articlesA[2]!.text), 3, {
        filter: (passage) => passage.articleId === wanted,
      });
      expect(hits.map((hit) => hit.passage.articleId)).toEqual([wanted, wanted, wanted]);
      const textRead = articlesA.filter(
        (article) => !Object.getOwnPropertyDescriptor(fresh.articles.get(article.id)!, 'text')?.get,
      );
      expect(textRead.map((article) => article.id)).toEqual([wanted]);
    });

    /** Writes a data file and lists its digest in the manifest, as a checksum-matching edit. */
    function writeListed(name: 'articles.json' | 'passages.bin', bytes: Buffer) {
      writeFileSync(join(dir, name), bytes);
      const manifestPath = join(dir, 'manifest.json');
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { files: Record<string, unknown> };
      manifest.files[name] = { bytes: bytes.length, crc32: crc32(bytes).toString(16).padStart(8, '0') };
      writeFileSync(manifestPath, JSON.stringify(manifest));
    }

    /**
     * Rewrites `articles.json` after `edit` of its records, with a header listing `header`'s ids
     * and lengths (the records' own, before the edit, unless given), as a checksum-matching edit.
     */
    function editArticleRecords(edit: (records: ArticleRecord[]) => void, header?: ArticleRecord[]) {
      const records = readArticleRecords(dir);
      const listed = header ?? records.map((record) => ({ ...record }));
      edit(records);
      const lines = articleLines(records).toString('utf8').split('\n');
      lines[0] = articleLines(listed).toString('utf8').split('\n')[0]!;
      writeListed('articles.json', Buffer.from(lines.join('\n')));
    }

    /**
     * The first article's record, edited with checksums matching: opening the index still works,
     * and the damage shows when that article is first read, naming it, while others read fine.
     */
    async function expectFirstRecordRefused(edit: (record: ArticleRecord) => void, message: string | RegExp) {
      editArticleRecords((records) => edit(records[0]!));
      const loaded = await new IndexStore(root).load(expected);
      expect(() => loaded.articles.get(articlesA[0]!.id)!.text).toThrow(message);
      expect(loaded.articles.get(articlesA[1]!.id)!.text).toBe(articlesA[1]!.text);
    }

    test('an article record whose text length cannot match its bytes is refused when read', async () => {
      await expectFirstRecordRefused((record) => (record.textLength += 1_000), 'bad article record');
    });

    test('an article record that disagrees with the header or the manifest is refused when read', async () => {
      const first = articlesA[0]!.id;
      const original = readFileSync(join(dir, 'articles.json'));
      await expectFirstRecordRefused(
        (record) => (record.textLength -= 1),
        `the record of ${first} disagrees with the header of articles.json`,
      );
      writeListed('articles.json', original);
      await expectFirstRecordRefused(
        (record) => (record.contentHash = 'f'.repeat(64)),
        `the record of ${first} disagrees with the header of articles.json`,
      );
      writeListed('articles.json', original);
      await expectFirstRecordRefused((record) => (record.id = 'other.md'), /disagrees/);
    });

    test('a graph whose header agrees is read while its checksum is computed, and handed out only after', async () => {
      if (kind !== 'hnsw') return;
      const digestFile = durableFs.digestFile;
      let release = (): void => undefined;
      const checksummed = new Promise<void>((resolve) => (release = resolve));
      const digest = jest
        .spyOn(durableFs, 'digestFile')
        .mockImplementation(async (...args) => checksummed.then(() => digestFile(...args)));
      const read = jest.spyOn(vectorIndexKinds, 'readVectorIndex');
      try {
        let settled = false;
        const loading = new IndexStore(root).load(expected).finally(() => (settled = true));
        for (let turn = 0; turn < 200 && read.mock.calls.length === 0; turn += 1) {
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        expect(read).toHaveBeenCalledTimes(1);
        expect(digest).toHaveBeenCalledTimes(1);
        await read.mock.results[0]!.value;
        expect(settled).toBe(false);
        release();
        expect((await loading).passageCount).toBe(30);
      } finally {
        release();
        digest.mockRestore();
        read.mockRestore();
      }
    });

    test("a manifest whose content hash is not the article's → corrupt", async () => {
      const path = join(dir, 'manifest.json');
      const manifest = JSON.parse(readFileSync(path, 'utf8')) as { articles: Record<string, string> };
      manifest.articles[articlesA[3]!.id] = 'f'.repeat(64);
      writeFileSync(path, JSON.stringify(manifest));
      await expectLoadError(new IndexStore(root), 'corrupt', /^index files disagree with their manifest: /);
    });

    test('a header that disagrees with the records → corrupt', async () => {
      const records = readArticleRecords(dir);
      const fewer = 'articles.json has fewer records than its header lists';
      const cases: Array<[() => void, string]> = [
        // A record fewer or more than the header lists.
        [() => editArticleRecords((list) => list.pop(), records), fewer],
        [
          () => editArticleRecords((list) => list.push({ ...list[0]! }), records),
          'articles.json has more records than its header lists',
        ],
        [() => editArticleRecords(() => undefined, [...records, { ...records[0]!, id: 'extra.md' }]), fewer],
        // An article listed twice, a negative length.
        [
          () => editArticleRecords(() => undefined, [records[0]!, records[0]!, ...records.slice(2)]),
          'articles.json lists an article twice',
        ],
        [
          () =>
            editArticleRecords(() => undefined, [{ ...records[0]!, textLength: -1 }, ...records.slice(1)]),
          'the header of articles.json is malformed',
        ],
      ];
      const original = readFileSync(join(dir, 'articles.json'));
      for (const [damage, cause] of cases) {
        damage();
        const error = await new IndexStore(root).load(expected).catch((caught: unknown) => caught);
        expect(error).toMatchObject({
          code: 'corrupt',
          message: expect.stringMatching(/^index file is unreadable: .*articles\.json$/),
        });
        expect(((error as Error).cause as Error).message).toBe(cause);
        writeListed('articles.json', original);
      }
      // An article of the manifest missing from the header.
      editArticleRecords(() => undefined, [{ ...records[0]!, id: 'other.md' }, ...records.slice(1)]);
      await expectLoadError(new IndexStore(root), 'corrupt', /disagree/);
    });

    test('blocks are decoded when first read; malformed ones (checksum matching) throw then, naming the article', async () => {
      const loaded = await new IndexStore(root).load(expected);
      const undecoded = (articles: ReadonlyMap<string, Article>) =>
        [...articles.values()].filter((article) => Object.getOwnPropertyDescriptor(article, 'blocks')?.get);
      expect(undecoded(loaded.articles)).toHaveLength(articlesA.length);
      expect(loaded.articles.get(articlesA[1]!.id)!.blocks).toEqual(articlesA[1]!.blocks);
      expect(undecoded(loaded.articles)).toHaveLength(articlesA.length - 1);

      const first = articlesA[0]!.id;
      const cases: Array<(record: ArticleRecord) => void> = [
        (record) => (record.blockData[2] = 10_000_000),
        (record) => (record.blockData[0] = 7),
        (record) => (record.blockData = record.blockData.slice(1)),
      ];
      const original = readFileSync(join(dir, 'articles.json'));
      for (const edit of cases) {
        editArticleRecords((records) => edit(records[0]!));
        const damaged = await new IndexStore(root).load(expected);
        expect(() => damaged.articles.get(first)!.blocks).toThrow(`the blocks of ${first} are malformed`);
        expect(damaged.articles.get(articlesA[1]!.id)!.blocks).toEqual(articlesA[1]!.blocks);
        writeListed('articles.json', original);
      }
      await expectFirstRecordRefused(
        (record) => delete (record as Partial<ArticleRecord>).blockData,
        'bad article record',
      );
    });

    test('an article record whose text range leaves texts.bin is refused when read', async () => {
      await expectFirstRecordRefused((record) => (record.textBytes = [0, 10_000_000]), 'bad article record');
    });

    /**
     * `passages.bin` as the format describes it: a JSON line (padded to 4 bytes), then the columns
     * label, article, ordinal, section, paragraphStart, paragraphEnd, start, end as 32-bit
     * little-endian integers, then one caption byte per passage. `cell` reads or writes one value.
     */
    function passageFile() {
      const bytes = readFileSync(join(dir, 'passages.bin'));
      const newline = bytes.indexOf(0x0a);
      const { count } = JSON.parse(bytes.toString('utf8', 0, newline)) as { count: number };
      const columns = [
        'label',
        'article',
        'ordinal',
        'section',
        'paragraphStart',
        'paragraphEnd',
        'start',
        'end',
      ];
      const at = (column: string, row: number) => newline + 1 + 4 * (columns.indexOf(column) * count + row);
      return {
        bytes,
        count,
        get: (column: string, row: number) => bytes.readInt32LE(at(column, row)),
        set: (column: string, row: number, value: number) => bytes.writeInt32LE(value, at(column, row)),
        captionAt: newline + 1 + 4 * columns.length * count,
      };
    }

    test('passages.bin holds the records in the documented layout', async () => {
      const loaded = await new IndexStore(root).load(expected);
      const file = passageFile();
      expect(file.count).toBe(30);
      expect(file.bytes.length).toBe(file.captionAt + 30);
      const records = [...loaded.passages()];
      expect(new Set(records.map((_, row) => file.get('label', row))).size).toBe(30);
      expect(records.map((_, row) => file.get('ordinal', row))).toEqual(records.map((p) => p.ordinal));
      expect(records.map((_, row) => file.get('start', row))).toEqual(records.map((p) => p.start));
      expect(records.map((_, row) => file.get('end', row))).toEqual(records.map((p) => p.end));
    });

    test.each([
      ['a label stored twice', (f: ReturnType<typeof passageFile>) => f.set('label', 1, f.get('label', 0))],
      [
        'the same passage stored twice',
        (f: ReturnType<typeof passageFile>) => f.set('ordinal', 1, f.get('ordinal', 0)),
      ],
      ['an offset past its article text', (f: ReturnType<typeof passageFile>) => f.set('end', 0, 10_000_000)],
      ['a negative label', (f: ReturnType<typeof passageFile>) => f.set('label', 0, -1)],
      ['a reference to a missing article', (f: ReturnType<typeof passageFile>) => f.set('article', 0, 999)],
      ['a reference to a missing section', (f: ReturnType<typeof passageFile>) => f.set('section', 0, 999)],
      ['an unknown kind', (f: ReturnType<typeof passageFile>) => (f.bytes[f.captionAt] = 2)],
    ])('passages.bin with %s (checksum matching) → corrupt', async (_, edit) => {
      const file = passageFile();
      edit(file);
      writeListed('passages.bin', file.bytes);
      await expectLoadError(new IndexStore(root), 'corrupt', /passages\.bin|disagree/);
    });

    test('passages.bin cut short, or with a damaged header (checksum matching) → corrupt', async () => {
      const file = passageFile();
      writeListed('passages.bin', file.bytes.subarray(0, file.bytes.length - 1));
      await expectLoadError(new IndexStore(root), 'corrupt', /passages\.bin/);
      writeListed('passages.bin', Buffer.concat([Buffer.from('X'), file.bytes.subarray(1)]));
      await expectLoadError(new IndexStore(root), 'corrupt', /passages\.bin/);
    });

    test('other schema version → schema', async () => {
      const path = join(dir, 'manifest.json');
      writeFileSync(
        path,
        readFileSync(path, 'utf8').replace(`"schemaVersion": ${SCHEMA_VERSION}`, '"schemaVersion": 99'),
      );
      await expectLoadError(
        new IndexStore(root),
        'schema',
        new RegExp(`^index schema version 99 is not supported \\(expected ${SCHEMA_VERSION}\\)`),
      );
    });

    test('other embedder id → mismatch naming both', async () => {
      await expectLoadError(
        new IndexStore(root),
        'mismatch',
        /^index was built with embedder fake:hash:d32 but builtin:hash-v4:d32 is configured$/,
        { ...expected, embedderId: 'builtin:hash-v4:d32' },
      );
    });

    test('same embedder id with other dimensions → mismatch', async () => {
      await expectLoadError(
        new IndexStore(root),
        'mismatch',
        /^index was built with embedder fake:hash:d32 \(32 dims\) but fake:hash:d32 \(64 dims\) is configured$/,
        { ...expected, dimensions: 64 },
      );
    });

    test('other chunking → mismatch', async () => {
      await expectLoadError(
        new IndexStore(root),
        'mismatch',
        /^index was built with chunking maxChars=400, overlapSentences=0 but maxChars=800, overlapSentences=0 is configured$/,
        { ...expected, chunking: { ...FAKE_CHUNKING, maxChars: 800 } },
      );
    });
  });

  test('article metadata and passage sections round-trip', async () => {
    const article = {
      ...makeArticle('x.md', ['# Titel', 'Erster Absatz.', 'Zweiter Absatz.']),
      author: 'A. Autor',
      date: '2017-01',
      url: 'https://example.org/x',
      tags: ['t'],
    };
    const store = new IndexStore(root);
    await writeArticles(store, [article]);
    expect((await store.load(expected)).articles.get('x.md')).toEqual(article);
    expect((await store.load(expected)).passagesOf('x.md')[0]!.section).toBe('Titel');
  });
});
