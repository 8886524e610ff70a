import { createHash } from 'node:crypto';
import { type ChecksumAlgorithm, crc32Hex, crc32Of } from '../index/durableFs';
import type { LoadedIndex } from '../index/loadedIndex';
import type { IndexStore } from '../index/store';
import type { Logger } from '../logger';
import type { Passage } from '../types';
import { ANALYSIS_VERSION } from '../text/analysis';
import { PostingsLexicalIndex } from './postingsLexicalIndex';

/** Name of the lexical index cache inside a generation folder. */
export const LEXICAL_CACHE_FILE = 'lexical.bin';

/** Where the cache lives: the index store, which writes everything inside a generation. */
export type LexicalCacheStore = Pick<IndexStore, 'readDerived' | 'writeDerived'>;

/** What the cache's first line records about the index on the lines after it. */
interface CacheHeader {
  generation?: string;
  passages?: number;
  analysis?: number;
  /** CRC-32 over the fields above and everything after the first line (see `ChecksumAlgorithm`). */
  crc32?: string;
  /** The same as sha256, in caches written before CRC-32. */
  sha256?: string;
}

/**
 * The BM25 index is derived from a generation's passages, so it is not part of the
 * generation's checksummed manifest; it is cached beside it instead, because building it
 * from scratch takes far longer than loading it. The file is a JSON header line (generation,
 * passage count, text analysis version, a checksum over them and the rest), then the index's binary
 * form, which opens without parsing. A cache that is missing, unreadable, damaged, written for other passages or by another
 * text analysis is ignored and rebuilt: nothing is ever served from it unchecked.
 */
export async function readLexicalCache(
  store: LexicalCacheStore,
  /** The generation the cache must have been written for (its manifest says both before it is loaded). */
  index: Pick<LoadedIndex, 'generation' | 'passageCount'>,
  logger: Logger,
): Promise<PostingsLexicalIndex | undefined> {
  const data = await store.readDerived(index.generation, LEXICAL_CACHE_FILE);
  if (data === undefined) return undefined;
  const ignore = (reason: string): undefined => {
    logger.warn(
      { generation: index.generation, reason },
      'ignoring a damaged lexical index cache; rebuilding it',
    );
    return undefined;
  };
  const newline = data.indexOf(0x0a);
  let parsed: unknown;
  try {
    parsed = JSON.parse((newline < 0 ? data : data.subarray(0, newline)).toString('utf8'));
  } catch {
    return ignore('unreadable header');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return ignore('unreadable header');
  const header = parsed as CacheHeader;
  // Another generation, passage count or analysis: stale rather than damaged, rebuilt quietly.
  if (
    header.generation !== index.generation ||
    header.passages !== index.passageCount ||
    header.analysis !== ANALYSIS_VERSION
  )
    return undefined;
  // A cache of the format before checksums: rebuilt quietly too.
  const algorithm = header.crc32 !== undefined ? 'crc32' : header.sha256 !== undefined ? 'sha256' : undefined;
  if (algorithm === undefined) return undefined;
  // Checked as bytes, as read: no decoding before the check.
  const body = newline < 0 ? Buffer.alloc(0) : data.subarray(newline + 1);
  if (checksum(header, body, algorithm) !== header[algorithm]) return ignore('checksum mismatch');
  try {
    const lexical = PostingsLexicalIndex.fromBuffer(body);
    return lexical.size === index.passageCount ? lexical : ignore('passage count disagrees');
  } catch (error) {
    return ignore(error instanceof Error ? error.message : String(error));
  }
}

/** Writes the cache through the store (atomically); failures are logged, never thrown. */
export async function writeLexicalCache(
  store: LexicalCacheStore,
  index: Pick<LoadedIndex, 'generation' | 'passageCount'>,
  lexical: PostingsLexicalIndex,
  logger: Logger,
): Promise<void> {
  try {
    const body = lexical.toBuffer();
    const header: CacheHeader = {
      generation: index.generation,
      passages: index.passageCount,
      analysis: ANALYSIS_VERSION,
    };
    header.crc32 = checksum(header, body, 'crc32');
    // Padded with spaces to a multiple of 8 bytes, so the index after it is aligned for
    // typed-array views where the file is read into (JSON allows the trailing spaces).
    const json = JSON.stringify(header);
    const padding = (8 - ((Buffer.byteLength(json) + 1) % 8)) % 8;
    const line = Buffer.from(`${json}${' '.repeat(padding)}\n`, 'utf8');
    await store.writeDerived(index.generation, LEXICAL_CACHE_FILE, Buffer.concat([line, body]));
  } catch (error) {
    logger.warn(
      { generation: index.generation, reason: error instanceof Error ? error.message : String(error) },
      'could not write the lexical index cache',
    );
  }
}

/** A checksum over what the header claims and the index bytes, so neither can change unnoticed. */
function checksum(header: CacheHeader, body: Buffer, algorithm: ChecksumAlgorithm): string {
  const claims = `${header.generation}\n${header.passages}\n${header.analysis}\n`;
  if (algorithm === 'sha256') return createHash('sha256').update(claims).update(body).digest('hex');
  return crc32Hex(crc32Of(body, crc32Of(claims)));
}

/**
 * The lexical index of a generation derived from the cache of the generation it was updated from
 * (`carriedOverFrom`; the store keeps that one), when this process holds no index of it: only the
 * passages of articles whose content hash differs between the two manifests are analysed, as in
 * {@link nextLexicalIndex}. Undefined after a full build (its passages may differ even where the
 * articles did not) and when that cache is gone, stale or damaged: build it whole then.
 */
export async function lexicalFromPreviousGeneration(
  store: LexicalCacheStore & Pick<IndexStore, 'manifestOf'>,
  index: LoadedIndex,
  logger: Logger,
): Promise<PostingsLexicalIndex | undefined> {
  const from = index.manifest.carriedOverFrom;
  if (from === undefined) return undefined;
  const previous = await store.manifestOf(from);
  if (!previous) return undefined;
  const cached = await readLexicalCache(
    store,
    { generation: previous.generation, passageCount: previous.counts.passages },
    logger,
  );
  return cached ? updatedLexicalIndex(cached, previous.articles, index) : undefined;
}

/**
 * The lexical index for a new generation. When the index of the generation it was updated from
 * (its `carriedOverFrom`) is at hand, only the passages of new, changed and removed articles are
 * touched (an incremental reindex stays proportional to the change); otherwise it is built from
 * all passages.
 */
export function nextLexicalIndex(
  index: LoadedIndex,
  previous?: { articles: Readonly<Record<string, string>>; lexical: PostingsLexicalIndex },
): PostingsLexicalIndex {
  const updated = previous ? updatedLexicalIndex(previous.lexical, previous.articles, index) : undefined;
  return updated ?? new PostingsLexicalIndex().withChanges([], [...index.passages()]);
}

/**
 * `lexical` (of a generation whose articles had the content hashes `before`) with the passages
 * of every article whose hash differs in `index` replaced by `index`'s; undefined when the
 * result does not hold `index`'s passages. `lexical` itself is left as it is: it may still serve
 * its generation.
 */
function updatedLexicalIndex(
  lexical: PostingsLexicalIndex,
  before: Readonly<Record<string, string>>,
  index: LoadedIndex,
): PostingsLexicalIndex | undefined {
  const after = index.manifest.articles;
  const changed = new Set<string>();
  for (const [id, hash] of Object.entries(before)) if (after[id] !== hash) changed.add(id);
  for (const [id, hash] of Object.entries(after)) if (before[id] !== hash) changed.add(id);
  // Passage ids are `${articleId}#${ordinal}`.
  const removed = [...lexical.passageIds()].filter((id) => changed.has(id.slice(0, id.lastIndexOf('#'))));
  const added: Passage[] = [...changed].flatMap((id) => index.passagesOf(id));
  const updated = lexical.withChanges(removed, added);
  return updated.size === index.passageCount ? updated : undefined;
}
