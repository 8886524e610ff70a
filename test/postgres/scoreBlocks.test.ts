import { DEFAULT_LEXICAL_SEARCH_OPTIONS, roundScore } from '../../src/core/retrieval/lexical';
import { type BlockCursor, scoreBlocks } from '../../src/postgres/postgresSearchIndex';
import { BLOCK_ENTRY_BYTES } from '../../src/postgres/schema';
import { seededRandom } from '../fakes/articles';

/** A block as the indexer writes it: entries sorted by number, each less `base`. */
function encode(base: number, entries: Array<{ num: number; tf: number; length: number }>): Buffer {
  const block = Buffer.alloc(entries.length * BLOCK_ENTRY_BYTES);
  entries.forEach(({ num, tf, length }, i) => {
    block.writeInt32BE(num - base, i * BLOCK_ENTRY_BYTES);
    block.writeInt16BE(tf - 32768, i * BLOCK_ENTRY_BYTES + 4);
    block.writeInt32BE(length, i * BLOCK_ENTRY_BYTES + 6);
  });
  return block;
}

const BM25 = DEFAULT_LEXICAL_SEARCH_OPTIONS.bm25;

/** Every passage's score, added up cursor by cursor, and the `k` best with their ties. */
function naive(
  cursors: ReadonlyArray<{
    base: number;
    scale: number;
    source: number;
    averageLength: number;
    entries: Array<{ num: number; tf: number; length: number }>;
  }>,
  k: number,
): Array<{ num: number; score: number }> {
  const sums = new Map<number, number>();
  const sources = new Map<number, Set<number>>();
  for (const cursor of cursors) {
    for (const { num, tf, length } of cursor.entries) {
      const part =
        BM25.d +
        (tf * (BM25.k + 1)) / (tf + BM25.k * (1 - BM25.b + (BM25.b * length) / cursor.averageLength));
      sums.set(num, (sums.get(num) ?? 0) + cursor.scale * part);
      sources.set(num, (sources.get(num) ?? new Set()).add(cursor.source));
    }
  }
  const all = [...sums].map(([num, sum]) => ({ num, score: roundScore(sum * sources.get(num)!.size) }));
  all.sort((a, b) => b.score - a.score || a.num - b.num);
  if (all.length <= k) return all;
  return all.filter((hit) => hit.score >= all[k - 1]!.score);
}

describe('scoreBlocks', () => {
  it.each([
    [1, 1, 3],
    [2, 3, 7],
    [3, 10, 64],
    [4, 3, 32_768],
    [5, 50, 5],
  ])('ranks as a plain sum over all postings (seed %i, k %i, window %i)', (seed, k, window) => {
    const next = seededRandom(seed);
    // Numbers with gaps, far from zero, in two blocks' bases; few distinct frequencies and lengths, so
    // that many passages tie.
    const base = 2 ** 40 + Math.floor(next() * 1000);
    const cursors: Array<{
      base: number;
      scale: number;
      source: number;
      averageLength: number;
      entries: Array<{ num: number; tf: number; length: number }>;
    }> = [];
    for (let source = 0; source < 4; source++) {
      for (let terms = 1 + Math.floor(next() * 2); terms > 0; terms--) {
        for (const field of [0, 1]) {
          const entries: Array<{ num: number; tf: number; length: number }> = [];
          for (
            let num = base + Math.floor(next() * 5);
            num < base + 3_000;
            num += 1 + Math.floor(next() * 6)
          ) {
            entries.push({ num, tf: 1 + Math.floor(next() * 3), length: 10 + 5 * Math.floor(next() * 3) });
          }
          const blockBase = base - Math.floor(next() * 100);
          cursors.push({
            base: blockBase,
            scale: field === 0 ? 1.3 : 0.9,
            source,
            averageLength: 15,
            entries,
          });
        }
      }
    }
    const blockCursors: BlockCursor[] = cursors.map((cursor) => ({
      block: encode(cursor.base, cursor.entries),
      base: cursor.base,
      scale: cursor.scale,
      source: cursor.source,
      averageLength: cursor.averageLength,
      at: 0,
    }));
    const got = scoreBlocks(blockCursors, BM25, k, window).sort((a, b) => b.score - a.score || a.num - b.num);
    const expected = naive(cursors, k);
    expect(got.length).toBeGreaterThanOrEqual(k);
    expect(got).toEqual(expected);
  });

  it('keeps every passage tied with the k-th, however often the best are pruned', () => {
    // 3,000 passages score alike: more than the pruning keeps at once.
    const entries = Array.from({ length: 3_000 }, (_, i) => ({ num: 10 + 2 * i, tf: 1, length: 12 }));
    const cursors = [0, 1].map((source) => ({
      block: encode(5, entries),
      base: 5,
      scale: 1,
      source,
      averageLength: 12,
      at: 0,
    }));
    const hits = scoreBlocks(cursors, BM25, 3, 64);
    expect(hits).toHaveLength(3_000);
    expect(new Set(hits.map((hit) => hit.score)).size).toBe(1);
  });

  it('ignores a trailing partial entry instead of reading past it', () => {
    const block = Buffer.concat([encode(0, [{ num: 4, tf: 2, length: 10 }]), Buffer.from([1, 2, 3])]);
    const hits = scoreBlocks([{ block, base: 0, scale: 1, source: 0, averageLength: 10, at: 0 }], BM25, 5);
    expect(hits.map((hit) => hit.num)).toEqual([4]);
  });
});
