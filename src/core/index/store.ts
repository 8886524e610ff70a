import { randomBytes } from 'node:crypto';
import { link, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Article, ChunkingOptions, SkippedFile } from '../types';
import {
  algorithmOf,
  digestFile,
  digestOf,
  fsyncDir,
  fsyncFile,
  replaceFileAtomic,
  writeFileDurable,
  type FileDigest,
} from './durableFs';
import { IndexLoadError } from './indexErrors';
import { vectorFileOf, type VectorFile, type VectorIndex } from './vectorIndex';
import { readsWholeFile, readVectorIndex } from './vectorIndexKinds';
import { graphHeaderAgrees, HnswVectorIndex } from './hnswVectorIndex';
import { SegmentedVectorIndex, type GraphSource } from './segmentedVectorIndex';
import { LoadedIndex, PassageTable, type StoredPassage, type TextsSource } from './loadedIndex';
import {
  decodePassageColumns,
  decodePassagesBinary,
  encodePassagesBinary,
  type PassageColumns,
} from './passageCodec';
import { decodeArticles, decodeInlineArticles, encodeArticles, type DecodedArticles } from './articleCodec';
import { acquireIndexLock, type IndexLock, type LockOptions } from './lock';
import {
  assertCompatible,
  parseManifest,
  passagesFileOf,
  SCHEMA_VERSION,
  type DataFile,
  type ExpectedIndex,
  type Manifest,
} from './manifest';

/** Files derived from a generation that may be cached beside it (see {@link IndexStore.readDerived}). */
export type DerivedFile = 'lexical.bin';

/** Default index root, relative to the working directory. */
export const DEFAULT_INDEX_ROOT = 'embeddings';
/** Pointer file naming the live generation directory. */
export const CURRENT_FILE = 'CURRENT';
const GENERATION_PATTERN = /^gen-[0-9A-Za-z-]+$/;

/**
 * Fault-injection seam for tests: throwing from a hook aborts a write at that point, as a
 * crash would (minus the cleanup a crash cannot do).
 */
export interface StoreHooks {
  /** After a file of the new generation is written and fsynced (data files, then `manifest.json`). */
  afterFile?(name: DataFile | 'manifest.json'): void | Promise<void>;
  /** After the new generation is complete on disk, just before `CURRENT` is switched to it. */
  beforeCommit?(): void | Promise<void>;
}

/** Options of {@link IndexStore}. */
export interface IndexStoreOptions {
  hooks?: StoreHooks;
  now?: () => Date;
}

/** Everything one generation holds. */
export interface GenerationInput {
  embedder: { id: string; dimensions: number };
  chunking: ChunkingOptions;
  articles: readonly Article[];
  /** Passages of live labels only. */
  passages: readonly StoredPassage[];
  vectors: VectorIndex;
  /** Next unused vector label (a label never passes to another text: removed labels are not handed out again). */
  nextLabel: number;
  /**
   * The `texts.bin` the articles' stored texts were read from: kept (linked) by the new generation
   * when most of its texts are still in use (see `encodeArticles`).
   */
  texts?: TextsSource;
  /** The generation whose passages of unchanged articles this one kept (see `Manifest.carriedOverFrom`). */
  carriedOverFrom?: string;
  skipped: readonly SkippedFile[];
}

/** Options of {@link IndexStore.load}. */
export interface LoadOptions {
  /** The HNSW search list's lower bound (see `HnswParams.efSearch`). */
  efSearch?: number;
  /**
   * Called once, after every file but the vector index is verified and parsed, while the vector
   * index may still be verified and read on worker threads: work a first query needs that does
   * not need the index (building lookup tables, loading modules) costs no time there. Not called
   * when loading fails before that point.
   */
  whileVectorsLoad?: (manifest: Manifest) => void;
}

/**
 * The index on disk: `<root>/CURRENT` names the live `gen-<time>-<rand>/` directory holding
 * `manifest.json`, `texts.bin` and `articles.json` (article texts and the rest, see
 * `articleCodec.ts`), `passages.bin` (column-wise, see `passageCodec.ts`) and the vector
 * index (`vectors.hnsw` or `vectors.flat`, see `vectorIndex.ts`; an HNSW index in segments adds
 * `vectors.delta.hnsw`, and its base file may be a hard link to an earlier generation's, see
 * `segmentedVectorIndex.ts`). Generations are
 * immutable; a write builds a new one and switches `CURRENT` atomically, so a crash at any
 * moment leaves the previous generation loadable.
 *
 * @example
 * const store = new IndexStore('embeddings');
 * const index = await store.load({ embedderId: embedder.id, dimensions: embedder.dimensions, chunking });
 */
export class IndexStore {
  private readonly hooks: StoreHooks;
  private readonly now: () => Date;

  constructor(
    readonly root: string = DEFAULT_INDEX_ROOT,
    options: IndexStoreOptions = {},
  ) {
    this.hooks = options.hooks ?? {};
    this.now = options.now ?? (() => new Date());
  }

  /** Name of the live generation, or `undefined` when there is none (or `CURRENT` is unreadable). */
  async currentGeneration(): Promise<string | undefined> {
    try {
      const name = (await readFile(join(this.root, CURRENT_FILE), 'utf8')).trim();
      return GENERATION_PATTERN.test(name) ? name : undefined;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  /** Manifest of the live generation; throws {@link IndexLoadError}. */
  async readManifest(): Promise<Manifest> {
    return (await this.readCurrentManifest()).manifest;
  }

  /**
   * Loads and verifies the live generation: schema version, embedder and chunking against
   * `expected`, then size and checksum of every data file before it is parsed or read.
   *
   * @throws IndexLoadError `missing` | `corrupt` | `mismatch` | `schema`, with a one-line message
   */
  async load(expected: ExpectedIndex, options: LoadOptions = {}): Promise<LoadedIndex> {
    const { manifest, dir } = await this.readCurrentManifest();
    assertCompatible(manifest, expected);
    const vectorFile = vectorFileOf(manifest.vectorIndex.kind);
    const whole = readsWholeFile(manifest.vectorIndex.kind);
    const separateTexts = manifest.files['texts.bin'] !== undefined;
    const vectorsPath = join(dir, vectorFile);
    // Reading an HNSW graph is the longest step of opening and runs on a worker thread, so the
    // other files are read, verified and parsed here meanwhile. hnswlib trusts its input: the
    // graph is read while its checksum is computed only when its header agrees with the manifest
    // (see `graphHeaderAgrees`), else once the checksum matched; either way it is handed out only
    // after (`await verified` below).
    const verified = whole
      ? this.readVerified(dir, vectorFile, manifest)
      : this.verifyFile(dir, vectorFile, manifest).then(() => undefined);
    const read = (vectorBytes?: Buffer) =>
      readVectorIndex(vectorsPath, manifest.embedder.dimensions, manifest.vectorIndex, {
        ...(options.efSearch !== undefined ? { efSearch: options.efSearch } : {}),
        ...(vectorBytes ? { bytes: vectorBytes } : {}),
      });
    const { vectorIndex } = manifest;
    const early =
      vectorIndex.kind === 'hnsw'
        ? graphHeaderAgrees(vectorsPath, {
            dimensions: manifest.embedder.dimensions,
            m: vectorIndex.m,
            efConstruction: vectorIndex.efConstruction,
            // The base graph's share: the rest is in the delta.
            elements:
              manifest.counts.passages + manifest.counts.deleted - (manifest.segments?.deltaElements ?? 0),
          })
        : Promise.resolve(false);
    const reading = early.then((agrees) => (agrees ? read() : verified.then(read)));
    verified.catch(() => undefined);
    reading.catch(() => undefined);
    // A delta graph is small: verified, then read.
    const deltaPath = join(dir, DELTA_FILE);
    const deltaReading =
      manifest.files[DELTA_FILE] !== undefined
        ? this.verifyFile(dir, DELTA_FILE, manifest).then(() =>
            HnswVectorIndex.readGraph(deltaPath, manifest.embedder.dimensions).catch((error: unknown) => {
              throw new IndexLoadError('corrupt', `index file is unreadable: ${deltaPath}`, { cause: error });
            }),
          )
        : undefined;
    deltaReading?.catch(() => undefined);
    const passagesFile = passagesFileOf(manifest);
    const [textsBytes, textsDeltaBytes, articlesBytes, passagesBytes] = await Promise.all([
      separateTexts ? this.readVerified(dir, 'texts.bin', manifest) : undefined,
      manifest.files['texts.delta.bin'] ? this.readVerified(dir, 'texts.delta.bin', manifest) : undefined,
      this.readVerified(dir, 'articles.json', manifest),
      this.readVerified(dir, passagesFile, manifest),
    ]);
    // Parsing takes a few hundred milliseconds at 100k passages. Between its steps the event loop
    // gets a turn, so the vector file's verification (on the worker) is seen when it completes and
    // the graph read starts then, not after the parse.
    await nextTurn();
    const decoded = parseData(dir, 'articles.json', () =>
      textsBytes
        ? decodeArticles(articlesBytes, textsDeltaBytes ? [textsBytes, textsDeltaBytes] : [textsBytes])
        : decodeInlineArticles(articlesBytes.toString('utf8')),
    );
    const { articles, textLengthOf } = decoded;
    await nextTurn();
    const passages = parseData(dir, passagesFile, () =>
      passagesFile === 'passages.bin'
        ? decodePassagesBinary(passagesBytes)
        : decodePassageColumns(passagesBytes.toString('utf8')),
    );
    await nextTurn();
    checkCounts(dir, manifest, decoded, passages);
    const table = parseData(dir, passagesFile, () => new PassageTable(articles, passages, textLengthOf));
    // The graph is being read on a worker thread, or is verified first and read then: work the
    // caller's first query needs costs no time here.
    options.whileVectorsLoad?.(manifest);
    await verified;
    let vectors: VectorIndex;
    try {
      const deltaGraph = await deltaReading;
      const attach = await reading;
      if (vectorIndex.kind !== 'hnsw') {
        vectors = attach({ live: passages.label, deleted: manifest.deletedLabels });
      } else {
        // The delta's labels are read from its graph (it is small); every other label is the base's.
        const inDelta = new Set(deltaGraph?.getIdsList() ?? []);
        const split = (labels: Iterable<number>): [number[] | Iterable<number>, number[]] => {
          if (inDelta.size === 0) return [labels, []];
          const base: number[] = [];
          const delta: number[] = [];
          for (const label of labels) (inDelta.has(label) ? delta : base).push(label);
          return [base, delta];
        };
        const [baseLive, deltaLive] = split(passages.label);
        const [baseDeleted, deltaDeleted] = split(manifest.deletedLabels);
        const removedSinceWritten = manifest.segments?.removedSinceWritten ?? [];
        const base = attach({ live: baseLive, deleted: baseDeleted, markDeleted: removedSinceWritten });
        if (!(base instanceof HnswVectorIndex)) throw new Error('the base of an HNSW index is no graph');
        const delta = deltaGraph
          ? HnswVectorIndex.fromGraph(deltaGraph, manifest.embedder.dimensions, {
              ...base.params,
              liveLabels: deltaLive,
              deletedLabels: deltaDeleted,
            })
          : undefined;
        vectors = SegmentedVectorIndex.over(
          base,
          { path: vectorsPath, digest: listedDigest(manifest, vectorFile, vectorsPath) },
          { ...(delta ? { delta } : {}), removedSinceWritten },
        );
      }
    } catch (error) {
      if (error instanceof IndexLoadError) throw error;
      throw new IndexLoadError('corrupt', `index file disagrees with its manifest: ${vectorsPath}`, {
        cause: error,
      });
    }
    const textsPath = join(dir, 'texts.bin');
    const textsDigest = manifest.files['texts.bin'];
    return new LoadedIndex(
      manifest,
      articles,
      table,
      vectors,
      textsBytes && textsDigest ? { path: textsPath, digest: textsDigest, bytes: textsBytes } : undefined,
    );
  }

  /**
   * Writes a new generation and makes it the live one. First removes leftovers of
   * interrupted writes; after the switch keeps only the new and the previous generation.
   * The caller must hold the lock ({@link lock}).
   */
  async write(
    input: GenerationInput,
    options: { onProgress?: (done: number, total: number) => void } = {},
  ): Promise<Manifest> {
    const total = 6;
    const progress = (done: number) => options.onProgress?.(done, total);
    await mkdir(this.root, { recursive: true });
    const previous = await this.currentGeneration();
    const keepOld = previous ? await this.previousOf(previous) : undefined;
    await this.removeGenerations([previous, keepOld]);

    const generation = this.newGenerationName();
    const dir = join(this.root, generation);
    await mkdir(dir);
    const files = {} as Partial<Record<DataFile, FileDigest>> & Record<'articles.json', FileDigest>;

    // The graph is the largest file and hnswlib writes it on a worker thread: it is written,
    // fsynced and checksummed while the other files are encoded and written here.
    const vectorFile = vectorFileOf(input.vectors.settings.kind);
    const graphWritten = this.writeVectors(dir, vectorFile, input.vectors);
    // Awaited below; a failure before then must not count as an unhandled rejection.
    graphWritten.catch(() => undefined);
    try {
      const source = input.texts;
      const { records, texts, linked } = encodeArticles(input.articles, source ? { base: source.bytes } : {});
      if (linked && source) {
        // The texts of the generation before are kept: linked, or written from memory where that fails.
        if (await linkUnchanged(source, join(dir, 'texts.bin'))) {
          files['texts.bin'] = source.digest;
          await this.hooks.afterFile?.('texts.bin');
        } else {
          files['texts.bin'] = await this.writeData(dir, 'texts.bin', source.bytes);
        }
        if (texts.length > 0) files['texts.delta.bin'] = await this.writeData(dir, 'texts.delta.bin', texts);
      } else {
        files['texts.bin'] = await this.writeData(dir, 'texts.bin', texts);
      }
      progress(1);
      files['articles.json'] = await this.writeData(dir, 'articles.json', records);
      progress(2);
      files['passages.bin'] = await this.writeData(dir, 'passages.bin', encodePassagesBinary(input.passages));
      progress(3);
    } catch (error) {
      // Nothing may still be writing into the folder when the caller retries or cleans up.
      await graphWritten.catch(() => undefined);
      throw error;
    }
    const { digest: vectorsDigest, delta, segments } = await graphWritten;
    files[vectorFile] = vectorsDigest;
    await this.hooks.afterFile?.(vectorFile);
    if (delta) {
      files[DELTA_FILE] = delta;
      await this.hooks.afterFile?.(DELTA_FILE);
    }
    progress(4);

    const manifest: Manifest = {
      schemaVersion: SCHEMA_VERSION,
      generation,
      ...(previous ? { previousGeneration: previous } : {}),
      ...(input.carriedOverFrom !== undefined ? { carriedOverFrom: input.carriedOverFrom } : {}),
      embedder: { id: input.embedder.id, dimensions: input.embedder.dimensions },
      chunking: { ...input.chunking },
      vectorIndex: { ...input.vectors.settings },
      articles: Object.fromEntries(input.articles.map((article) => [article.id, article.contentHash])),
      nextLabel: input.nextLabel,
      counts: {
        articles: input.articles.length,
        passages: input.passages.length,
        deleted: input.vectors.deletedCount,
      },
      deletedLabels: input.vectors.deletedLabels(),
      ...(segments ? { segments } : {}),
      builtAt: this.now().toISOString(),
      skipped: input.skipped.map(({ path, reason }) => ({ path, reason })),
      files,
    };
    await writeFileDurable(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    await this.hooks.afterFile?.('manifest.json');
    await fsyncDir(dir);
    await fsyncDir(this.root);
    progress(5);

    await this.hooks.beforeCommit?.();
    await replaceFileAtomic(join(this.root, CURRENT_FILE), this.root, `${generation}\n`);
    await this.removeGenerations([generation, previous]).catch(() => undefined);
    progress(6);
    return manifest;
  }

  /**
   * Writes, fsyncs and checksums the vector files of a new generation in `dir`. An index in
   * segments whose base is unchanged since it was read links the base's file into `dir` (same
   * bytes, same checksum: nothing is written or read) and writes its delta; where the link fails
   * (a file system without hard links, the file gone), the base is written whole.
   */
  private async writeVectors(
    dir: string,
    vectorFile: VectorFile,
    vectors: VectorIndex,
  ): Promise<{ digest: FileDigest; delta?: FileDigest; segments?: NonNullable<Manifest['segments']> }> {
    const vectorsPath = join(dir, vectorFile);
    if (!(vectors instanceof SegmentedVectorIndex)) {
      await vectors.save(vectorsPath);
      await fsyncFile(vectorsPath);
      return { digest: await digestFile(vectorsPath) };
    }
    const { base, source, removedSinceWritten, delta } = vectors.segments();
    let digest: FileDigest;
    let linked = false;
    if (source && (await linkUnchanged(source, vectorsPath))) {
      digest = source.digest;
      linked = true;
    } else {
      await base.save(vectorsPath);
      await fsyncFile(vectorsPath);
      digest = await digestFile(vectorsPath);
    }
    let deltaDigest: FileDigest | undefined;
    if (delta.storedCount > 0) {
      const deltaPath = join(dir, DELTA_FILE);
      await delta.save(deltaPath);
      await fsyncFile(deltaPath);
      deltaDigest = await digestFile(deltaPath);
    }
    const removed = linked ? removedSinceWritten : [];
    const segments =
      delta.storedCount > 0 || removed.length > 0
        ? { deltaElements: delta.storedCount, removedSinceWritten: removed }
        : undefined;
    return { digest, ...(deltaDigest ? { delta: deltaDigest } : {}), ...(segments ? { segments } : {}) };
  }

  /** Takes the index lock (`<root>/.lock`), creating the root if needed. */
  async lock(by: string, options: Omit<LockOptions, 'by'> = {}): Promise<IndexLock> {
    await mkdir(this.root, { recursive: true });
    return acquireIndexLock(this.root, { ...options, by });
  }

  /**
   * Reads data derived from a generation and cached beside it (not listed in its manifest: a
   * reader checks it is current and rebuilds it otherwise). Undefined when absent or unreadable.
   */
  async readDerived(generation: string, name: DerivedFile): Promise<Buffer | undefined> {
    if (!GENERATION_PATTERN.test(generation)) return undefined;
    try {
      return await readFile(join(this.root, generation, name));
    } catch {
      return undefined;
    }
  }

  /**
   * Caches data derived from a generation beside it, atomically (temp file + rename), so the
   * store stays the only writer of generation folders. Throws on failure; callers treat the
   * cache as optional.
   */
  async writeDerived(generation: string, name: DerivedFile, body: string | Buffer): Promise<void> {
    if (!GENERATION_PATTERN.test(generation)) throw new Error(`not a generation: ${generation}`);
    const file = join(this.root, generation, name);
    const temp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await writeFile(temp, body);
      await rename(temp, file);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  /**
   * The manifest of a generation still on disk (the live one or the one kept before it), or
   * undefined when it is gone or unreadable. For reading what that generation held, e.g. to
   * derive data for the next one from its caches; never for loading it.
   */
  async manifestOf(generation: string): Promise<Manifest | undefined> {
    if (!GENERATION_PATTERN.test(generation)) return undefined;
    const path = join(this.root, generation, 'manifest.json');
    try {
      const manifest = parseManifest(await readFile(path, 'utf8'), path);
      return manifest.generation === generation ? manifest : undefined;
    } catch {
      return undefined;
    }
  }

  /** Generation directories present under the root, oldest first by name. */
  async generations(): Promise<string[]> {
    try {
      const entries = await readdir(this.root, { withFileTypes: true });
      return entries
        .filter((entry) => entry.isDirectory() && GENERATION_PATTERN.test(entry.name))
        .map((entry) => entry.name)
        .sort();
    } catch (error) {
      if (isNotFound(error)) return [];
      throw error;
    }
  }

  private async readCurrentManifest(): Promise<{ manifest: Manifest; dir: string }> {
    let pointer: string;
    try {
      pointer = (await readFile(join(this.root, CURRENT_FILE), 'utf8')).trim();
    } catch (error) {
      if (isNotFound(error)) throw new IndexLoadError('missing', `no index found in ${this.root}`);
      throw error;
    }
    if (!GENERATION_PATTERN.test(pointer)) {
      throw new IndexLoadError('corrupt', `index pointer is damaged: ${join(this.root, CURRENT_FILE)}`);
    }
    const dir = join(this.root, pointer);
    const path = join(dir, 'manifest.json');
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if (isNotFound(error)) throw new IndexLoadError('missing', `index file missing: ${path}`);
      throw error;
    }
    const manifest = parseManifest(text, path);
    if (manifest.generation !== pointer) {
      throw new IndexLoadError('corrupt', `index manifest belongs to another generation: ${path}`);
    }
    return { manifest, dir };
  }

  private async readVerified(dir: string, name: DataFile, manifest: Manifest): Promise<Buffer> {
    const path = join(dir, name);
    let data: Buffer;
    try {
      data = await readFile(path);
    } catch (error) {
      if (isNotFound(error)) throw new IndexLoadError('missing', `index file missing: ${path}`);
      throw error;
    }
    const expected = listedDigest(manifest, name, path);
    assertDigest(path, digestOf(data, algorithmOf(expected)), expected);
    return data;
  }

  private async verifyFile(dir: string, name: DataFile, manifest: Manifest): Promise<void> {
    const path = join(dir, name);
    const expected = listedDigest(manifest, name, path);
    try {
      // The size check is free and catches truncation before hashing ~160 MB.
      const { size } = await stat(path);
      if (size !== expected.bytes) assertDigest(path, { bytes: size, crc32: '' }, expected);
      assertDigest(path, await digestFile(path, algorithmOf(expected)), expected);
    } catch (error) {
      if (isNotFound(error)) throw new IndexLoadError('missing', `index file missing: ${path}`);
      throw error;
    }
  }

  private async writeData(dir: string, name: DataFile, content: string | Buffer): Promise<FileDigest> {
    const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    await writeFileDurable(join(dir, name), data);
    await this.hooks.afterFile?.(name);
    return digestOf(data);
  }

  private async previousOf(generation: string): Promise<string | undefined> {
    const previous = (await this.manifestOf(generation))?.previousGeneration;
    return previous !== undefined && GENERATION_PATTERN.test(previous) ? previous : undefined;
  }

  /** Deletes every generation directory not in `keep`, and a stale `CURRENT.tmp`. */
  private async removeGenerations(keep: ReadonlyArray<string | undefined>): Promise<void> {
    for (const name of await this.generations()) {
      if (!keep.includes(name)) await rm(join(this.root, name), { recursive: true, force: true });
    }
    await rm(join(this.root, `${CURRENT_FILE}.tmp`), { force: true });
  }

  private newGenerationName(): string {
    const time = this.now().toISOString().replace(/[-:.]/g, '');
    return `gen-${time}-${randomBytes(4).toString('hex')}`;
  }
}

/** The delta graph of an HNSW index in segments (see `SegmentedVectorIndex`). */
const DELTA_FILE = 'vectors.delta.hnsw';

/**
 * Links a base graph's file into a new generation when it still has the size recorded for it
 * (its checksum is verified whenever a generation is loaded). False when that fails: the caller
 * then writes the graph from memory.
 */
async function linkUnchanged(source: GraphSource, target: string): Promise<boolean> {
  // A file of an older schema has another checksum: the new generation writes its own.
  if (algorithmOf(source.digest) !== 'crc32') return false;
  try {
    if ((await stat(source.path)).size !== source.digest.bytes) return false;
    await link(source.path, target);
    return true;
  } catch {
    await rm(target, { force: true }).catch(() => undefined);
    return false;
  }
}

/** The manifest's digest of a data file; a file it does not list is not part of the generation. */
function listedDigest(manifest: Manifest, name: DataFile, path: string): FileDigest {
  const digest = manifest.files[name];
  if (!digest) throw new IndexLoadError('corrupt', `index manifest does not list ${path}`);
  return digest;
}

function assertDigest(path: string, actual: FileDigest, expected: FileDigest): void {
  if (actual.bytes !== expected.bytes) {
    throw new IndexLoadError(
      'corrupt',
      `index file is damaged: ${path} (${actual.bytes} bytes, expected ${expected.bytes})`,
    );
  }
  if (checksumOf(actual) !== checksumOf(expected) || algorithmOf(actual) !== algorithmOf(expected)) {
    throw new IndexLoadError('corrupt', `index file is damaged: ${path} (checksum mismatch)`);
  }
}

function checksumOf(digest: FileDigest): string {
  return 'crc32' in digest ? digest.crc32 : digest.sha256;
}

function parseData<T>(dir: string, name: DataFile, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof IndexLoadError) throw error;
    throw new IndexLoadError('corrupt', `index file is unreadable: ${join(dir, name)}`, { cause: error });
  }
}

function checkCounts(
  dir: string,
  manifest: Manifest,
  { articles, contentHashOf }: DecodedArticles,
  passages: PassageColumns,
): void {
  // The manifest has no checksum of its own: its hashes must be the articles'. (A loop, not
  // `Object.entries`: a million-passage index lists 134k articles.)
  let listed = 0;
  let hashesAgree = true;
  for (const id in manifest.articles) {
    listed += 1;
    if (contentHashOf(id) !== manifest.articles[id]) {
      hashesAgree = false;
      break;
    }
  }
  const consistent =
    articles.size === manifest.counts.articles &&
    hashesAgree &&
    listed === articles.size &&
    passages.count === manifest.counts.passages &&
    manifest.deletedLabels.length === manifest.counts.deleted &&
    passages.label.every((label) => label < manifest.nextLabel);
  if (!consistent) throw new IndexLoadError('corrupt', `index files disagree with their manifest: ${dir}`);
}

function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

/** Resolves after the event loop has handled what was pending (I/O, worker messages). */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
