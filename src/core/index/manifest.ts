import { z } from 'zod';
import type { ChunkingOptions } from '../types';
import { IndexLoadError } from './indexErrors';
import { VECTOR_INDEX_KINDS, vectorFileOf } from './vectorIndex';

/** Version of the on-disk layout and of how articles are read; bump on any incompatible change (2: plain-text articles keep the file's text; 3: a date line under a plain-text title is a block of its own; 4: the vector index's kind is recorded; 5: article texts in `texts.bin`; 6: CRC-32 checksums, blocks as numbers in `articles.json`, passages in `passages.bin`; 7: `articles.json` as a header line and one record per line, read when first asked for; 8: an HNSW index may keep a delta graph beside its base, `segments`, and texts may lie in `texts.delta.bin` beside a kept `texts.bin`; schemas 3 to 7 are read too). */
export const SCHEMA_VERSION = 8;

/** Data files a generation may hold, each listed in the manifest with its size and checksum; one vector file, of its index's kind. */
export const DATA_FILES = [
  'texts.bin',
  'texts.delta.bin',
  'articles.json',
  'passages.bin',
  'passages.json',
  'vectors.hnsw',
  'vectors.delta.hnsw',
  'vectors.flat',
] as const;
export type DataFile = (typeof DATA_FILES)[number];

/** Size and checksum of a data file: CRC-32 since schema 6, sha256 before (see durableFs.ts). */
const digestSchema = z.union([
  z.object({ bytes: z.number().int().nonnegative(), crc32: z.string().regex(/^[0-9a-f]{8}$/) }).strict(),
  z.object({ bytes: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/) }).strict(),
]);

const manifestSchema = z.object({
  schemaVersion: z.number().int(),
  generation: z.string(),
  previousGeneration: z.string().optional(),
  /**
   * Set by an incremental update: the generation whose passages this one kept for every article
   * whose content hash did not change. Absent after a full build, whose passages are all new.
   */
  carriedOverFrom: z.string().optional(),
  embedder: z.object({ id: z.string(), dimensions: z.number().int().positive() }),
  chunking: z.object({ maxChars: z.number(), overlapSentences: z.number() }).catchall(z.unknown()),
  vectorIndex: z.discriminatedUnion('kind', [
    z.object({
      kind: z.literal('hnsw'),
      m: z.number().int().positive(),
      efConstruction: z.number().int().positive(),
      efSearch: z.number().int().positive(),
    }),
    z.object({ kind: z.literal('flat') }),
  ]),
  /** Article id → content hash of the file it was read from. */
  articles: z.custom<Record<string, string>>(isStringRecord),
  nextLabel: z.number().int().nonnegative(),
  counts: z.object({
    articles: z.number().int().nonnegative(),
    passages: z.number().int().nonnegative(),
    /** Labels marked deleted but still stored in the graph. */
    deleted: z.number().int().nonnegative(),
  }),
  /** Labels marked deleted in the vector files (kept so loading needs no scan of the graph). */
  deletedLabels: z.array(z.number().int().nonnegative()),
  /**
   * An HNSW index in segments (see `SegmentedVectorIndex`): the base graph in `vectors.hnsw`, which
   * may be the file of an earlier generation, linked; the vectors added since in
   * `vectors.delta.hnsw` (when `deltaElements` > 0).
   */
  segments: z
    .object({
      /** Labels stored in the delta graph, live and deleted. */
      deltaElements: z.number().int().nonnegative(),
      /** Labels among `deletedLabels` that the base file does not mark: marked on loading. */
      removedSinceWritten: z.array(z.number().int().nonnegative()),
    })
    .optional(),
  builtAt: z.string(),
  skipped: z.array(z.object({ path: z.string(), reason: z.string() })),
  files: z.object({
    /** Absent in generations of schema 4 and before, whose `articles.json` holds the texts. */
    'texts.bin': digestSchema.optional(),
    /**
     * Texts written beside a `texts.bin` kept (linked) from an earlier generation: records with
     * `textFile` 1 point into it (schema 8 on).
     */
    'texts.delta.bin': digestSchema.optional(),
    'articles.json': digestSchema,
    /** Schema 6 on; `passages.json` in generations of schema 5 and before. */
    'passages.bin': digestSchema.optional(),
    'passages.json': digestSchema.optional(),
    'vectors.hnsw': digestSchema.optional(),
    /** The delta graph of an index in `segments`, when it holds any vector. */
    'vectors.delta.hnsw': digestSchema.optional(),
    'vectors.flat': digestSchema.optional(),
  }),
});

/**
 * An object whose every value is a string. Checked in one loop: `z.record` copies the object,
 * which for a million-passage collection's 134k articles took 0.15 s of every start.
 */
function isStringRecord(value: unknown): value is Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  for (const key in value) {
    if (typeof (value as Record<string, unknown>)[key] !== 'string') return false;
  }
  return true;
}

/** Describes one generation of the index: what built it, what it holds, and checksums of its files. */
export type Manifest = z.infer<typeof manifestSchema> & { chunking: ChunkingOptions };

/** What the running configuration expects of an index before it may be used. */
export interface ExpectedIndex {
  embedderId: string;
  dimensions: number;
  chunking: ChunkingOptions;
}

/**
 * Parses manifest JSON; throws {@link IndexLoadError} (`corrupt` for unreadable JSON or
 * fields, `schema` for another schema version).
 */
export function parseManifest(text: string, where: string): Manifest {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new IndexLoadError('corrupt', `index manifest is not valid JSON: ${where}`);
  }
  const version = (raw as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (version === 3 && typeof raw === 'object' && raw !== null)
    raw = fromSchema3(raw as Record<string, unknown>);
  else if (
    (version === 4 || version === 5 || version === 6 || version === 7) &&
    typeof raw === 'object' &&
    raw !== null
  )
    raw = { ...(raw as Record<string, unknown>), schemaVersion: SCHEMA_VERSION };
  else if (
    typeof raw === 'object' &&
    raw !== null &&
    typeof version === 'number' &&
    version !== SCHEMA_VERSION
  ) {
    throw new IndexLoadError(
      'schema',
      `index schema version ${version} is not supported (expected ${SCHEMA_VERSION}): ${where}`,
    );
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue ? issue.path.join('.') || '(root)' : '(root)';
    throw new IndexLoadError('corrupt', `index manifest is invalid at ${field}: ${where}`);
  }
  // Texts apart from the articles since schema 5, inline before.
  const legacy = version === 3 || version === 4;
  if ((parsed.data.files['texts.bin'] !== undefined) === legacy) {
    throw new IndexLoadError('corrupt', `index manifest is invalid at files.texts.bin: ${where}`);
  }
  if (parsed.data.files['texts.delta.bin'] !== undefined && parsed.data.files['texts.bin'] === undefined) {
    throw new IndexLoadError('corrupt', `index manifest is invalid at files.texts.delta.bin: ${where}`);
  }
  // Passages in binary columns since schema 6, as JSON before: exactly the file of its schema.
  const passagesFile =
    version === 6 || version === 7 || version === SCHEMA_VERSION ? 'passages.bin' : 'passages.json';
  for (const file of ['passages.bin', 'passages.json'] as const) {
    if ((parsed.data.files[file] !== undefined) !== (file === passagesFile)) {
      throw new IndexLoadError('corrupt', `index manifest is invalid at files.${file}: ${where}`);
    }
  }
  // Exactly the vector file of the recorded kind: a file of the other kind is not part of it.
  const vectorFile = vectorFileOf(parsed.data.vectorIndex.kind);
  for (const kind of VECTOR_INDEX_KINDS) {
    const file = vectorFileOf(kind);
    if ((parsed.data.files[file] !== undefined) !== (file === vectorFile)) {
      throw new IndexLoadError('corrupt', `index manifest is invalid at files.${file}: ${where}`);
    }
  }
  // A delta graph exactly when segments say it holds vectors, and only beside an HNSW base.
  const { segments } = parsed.data;
  const deltaWanted = vectorFile === 'vectors.hnsw' && (segments?.deltaElements ?? 0) > 0;
  if ((parsed.data.files['vectors.delta.hnsw'] !== undefined) !== deltaWanted) {
    throw new IndexLoadError('corrupt', `index manifest is invalid at files.vectors.delta.hnsw: ${where}`);
  }
  if (segments && vectorFile !== 'vectors.hnsw') {
    throw new IndexLoadError('corrupt', `index manifest is invalid at segments: ${where}`);
  }
  return parsed.data as Manifest;
}

/** The file holding a generation's passages: `passages.bin` since schema 6, `passages.json` before. */
export function passagesFileOf(manifest: Pick<Manifest, 'files'>): 'passages.bin' | 'passages.json' {
  return manifest.files['passages.json'] !== undefined ? 'passages.json' : 'passages.bin';
}

/**
 * A schema 3 manifest as the current schema: its generation is the same on disk as one of
 * schema 4 (texts inside `articles.json`), with an HNSW graph whose parameters sat under `hnsw`.
 * Reading old generations so spares a model user re-embedding the collection.
 */
function fromSchema3(raw: Record<string, unknown>): Record<string, unknown> {
  const { hnsw, ...rest } = raw;
  if (typeof hnsw !== 'object' || hnsw === null) return raw;
  return { ...rest, schemaVersion: SCHEMA_VERSION, vectorIndex: { kind: 'hnsw', ...hnsw } };
}

/** Throws {@link IndexLoadError} `mismatch` when the manifest was built with other settings. */
export function assertCompatible(manifest: Manifest, expected: ExpectedIndex): void {
  const built = manifest.embedder;
  if (built.id !== expected.embedderId || built.dimensions !== expected.dimensions) {
    const describe = (id: string, dims: number) =>
      built.id === expected.embedderId ? `${id} (${dims} dims)` : id;
    throw new IndexLoadError(
      'mismatch',
      `index was built with embedder ${describe(built.id, built.dimensions)} but ` +
        `${describe(expected.embedderId, expected.dimensions)} is configured`,
    );
  }
  if (canonicalJson(manifest.chunking) !== canonicalJson(expected.chunking)) {
    throw new IndexLoadError(
      'mismatch',
      `index was built with chunking ${describeChunking(manifest.chunking)} but ` +
        `${describeChunking(expected.chunking)} is configured`,
    );
  }
}

/** `maxChars=800, overlapSentences=1` (keys sorted). */
export function describeChunking(chunking: ChunkingOptions): string {
  return Object.entries(chunking)
    .filter(([, value]) => value !== undefined)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value]) => `${key}=${JSON.stringify(value)}`)
    .join(', ');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
