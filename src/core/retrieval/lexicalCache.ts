import type { LoadedIndex } from '../index/loadedIndex';
import type { IndexStore } from '../index/store';
import type { Logger } from '../logger';
import { ANALYSIS_VERSION } from '../text/analysis';
import { MiniSearchLexicalIndex } from './lexical';

/** Name of the lexical index cache inside a generation folder. */
export const LEXICAL_CACHE_FILE = 'lexical.json';

/** Where the cache lives: the index store, which writes everything inside a generation. */
export type LexicalCacheStore = Pick<IndexStore, 'readDerived' | 'writeDerived'>;

/**
 * The BM25 index is derived from a generation's passages, so it is not part of the
 * generation's checksummed manifest; it is cached beside it instead, because building it
 * from scratch takes far longer than loading it (about 10× at 100k passages). A cache that is
 * missing, unreadable, written for other passages or by another text analysis is ignored and rebuilt.
 */
export async function readLexicalCache(
  store: LexicalCacheStore,
  index: LoadedIndex,
  logger: Logger,
): Promise<MiniSearchLexicalIndex | undefined> {
  const text = await store.readDerived(index.generation, LEXICAL_CACHE_FILE);
  if (text === undefined) return undefined;
  try {
    const cached = JSON.parse(text) as {
      generation?: string;
      passages?: number;
      analysis?: number;
      index?: unknown;
    };
    if (
      cached.generation !== index.generation ||
      cached.passages !== index.passageCount ||
      cached.analysis !== ANALYSIS_VERSION ||
      !cached.index
    )
      return undefined;
    const lexical = MiniSearchLexicalIndex.fromJSON(
      cached.index as Parameters<typeof MiniSearchLexicalIndex.fromJSON>[0],
    );
    return lexical.size === index.passageCount ? lexical : undefined;
  } catch (error) {
    logger.warn(
      { generation: index.generation, err: error },
      'ignoring a damaged lexical index cache; rebuilding it',
    );
    return undefined;
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
    const body = JSON.stringify({
      generation: index.generation,
      passages: index.passageCount,
      analysis: ANALYSIS_VERSION,
      index: lexical.toJSON(),
    });
    await store.writeDerived(index.generation, LEXICAL_CACHE_FILE, body);
  } catch (error) {
    logger.warn({ generation: index.generation, err: error }, 'could not write the lexical index cache');
  }
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
