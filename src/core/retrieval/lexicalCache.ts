import { createHash } from 'node:crypto';
import type { LoadedIndex } from '../index/loadedIndex';
import type { IndexStore } from '../index/store';
import type { Logger } from '../logger';
import { ANALYSIS_VERSION } from '../text/analysis';
import { MiniSearchLexicalIndex } from './lexical';

/** Name of the lexical index cache inside a generation folder. */
export const LEXICAL_CACHE_FILE = 'lexical.json';

/** Where the cache lives: the index store, which writes everything inside a generation. */
export type LexicalCacheStore = Pick<IndexStore, 'readDerived' | 'writeDerived'>;

/** What the cache's first line records about the index on the lines after it. */
interface CacheHeader {
  generation?: string;
  passages?: number;
  analysis?: number;
  /** sha256 of everything after the first line. */
  sha256?: string;
}

/**
 * The BM25 index is derived from a generation's passages, so it is not part of the
 * generation's checksummed manifest; it is cached beside it instead, because building it
 * from scratch takes far longer than loading it (about 10× at 100k passages). The file is a
 * header line (generation, passage count, text analysis version, sha256 of the rest), then the
 * index. A cache that is missing, unreadable, damaged, written for other passages or by another
 * text analysis is ignored and rebuilt: nothing is ever served from it unchecked.
 */
export async function readLexicalCache(
  store: LexicalCacheStore,
  index: LoadedIndex,
  logger: Logger,
): Promise<MiniSearchLexicalIndex | undefined> {
  const text = await store.readDerived(index.generation, LEXICAL_CACHE_FILE);
  if (text === undefined) return undefined;
  const ignore = (reason: string): undefined => {
    logger.warn(
      { generation: index.generation, reason },
      'ignoring a damaged lexical index cache; rebuilding it',
    );
    return undefined;
  };
  const newline = text.indexOf('\n');
  let header: CacheHeader;
  try {
    header = JSON.parse(newline < 0 ? text : text.slice(0, newline)) as CacheHeader;
  } catch {
    return ignore('unreadable header');
  }
  // Another generation, passage count or analysis: stale rather than damaged, rebuilt quietly.
  if (
    header.generation !== index.generation ||
    header.passages !== index.passageCount ||
    header.analysis !== ANALYSIS_VERSION
  )
    return undefined;
  // A cache of the format before checksums: rebuilt quietly too.
  if (header.sha256 === undefined) return undefined;
  const body = newline < 0 ? '' : text.slice(newline + 1);
  if (sha256(body) !== header.sha256) return ignore('checksum mismatch');
  try {
    const lexical = MiniSearchLexicalIndex.fromJSON(
      JSON.parse(body) as Parameters<typeof MiniSearchLexicalIndex.fromJSON>[0],
    );
    return lexical.size === index.passageCount ? lexical : ignore('passage count disagrees');
  } catch (error) {
    return ignore(error instanceof Error ? error.message : String(error));
  }
}

/** Writes the cache through the store (atomically); failures are logged, never thrown. */
export async function writeLexicalCache(
  store: LexicalCacheStore,
  index: LoadedIndex,
  lexical: MiniSearchLexicalIndex,
  logger: Logger,
): Promise<void> {
  try {
    const body = JSON.stringify(lexical.toJSON());
    const header: CacheHeader = {
      generation: index.generation,
      passages: index.passageCount,
      analysis: ANALYSIS_VERSION,
      sha256: sha256(body),
    };
    await store.writeDerived(index.generation, LEXICAL_CACHE_FILE, `${JSON.stringify(header)}\n${body}`);
  } catch (error) {
    logger.warn(
      { generation: index.generation, reason: error instanceof Error ? error.message : String(error) },
      'could not write the lexical index cache',
    );
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * The lexical index for a new generation. When the previous generation's index is at hand,
 * only the passages of new, changed and removed articles are touched (an incremental reindex
 * stays proportional to the change); otherwise it is built from all passages.
 */
export function nextLexicalIndex(
  index: LoadedIndex,
  previous?: { index: LoadedIndex; lexical: MiniSearchLexicalIndex },
): MiniSearchLexicalIndex {
  if (!previous) {
    const lexical = new MiniSearchLexicalIndex();
    lexical.add([...index.passages()]);
    return lexical;
  }
  const lexical = previous.lexical;
  const before = previous.index.articles;
  const after = index.articles;
  for (const [id, article] of before) {
    if (after.get(id)?.contentHash === article.contentHash) continue;
    lexical.remove(previous.index.passagesOf(id).map((passage) => passage.id));
  }
  for (const [id, article] of after) {
    if (before.get(id)?.contentHash === article.contentHash) continue;
    lexical.add(index.passagesOf(id));
  }
  return lexical;
}
