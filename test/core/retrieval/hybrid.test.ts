import fc from 'fast-check';
import { fuseRankings } from '../../../src/core/retrieval/hybrid';
import type { Passage, ScoredPassage } from '../../../src/core/types';

function passage(id: string): Passage {
  return {
    id,
    articleId: id,
    ordinal: 0,
    paragraphStart: 1,
    paragraphEnd: 1,
    start: 0,
    end: 1,
    text: id,
    kind: 'text',
  };
}
const byId = (id: string) => (id.startsWith('unknown') ? undefined : passage(id));
const dense = (ids: string[]): ScoredPassage[] =>
  ids.map((id, i) => ({ passage: passage(id), score: 1 - i / 100, dense: 1 - i / 100 }));
const lexical = (ids: string[]) => ids.map((id, i) => ({ id, score: 10 - i }));
const EQUAL = { k: 60, denseWeight: 1, lexicalWeight: 1 };

describe('fuseRankings', () => {
  it('ranks a passage found by both searches above passages found by one at the same ranks', () => {
    const fused = fuseRankings(dense(['a', 'b']), lexical(['c', 'b']), byId, EQUAL);
    expect(fused[0]!.passage.id).toBe('b');
  });

  it('keeps the raw dense and lexical scores beside the fused score', () => {
    const fused = fuseRankings(dense(['a', 'b']), lexical(['b']), byId, EQUAL);
    const b = fused.find((hit) => hit.passage.id === 'b')!;
    expect(b.dense).toBeCloseTo(0.99);
    expect(b.lexical).toBe(10);
    const a = fused.find((hit) => hit.passage.id === 'a')!;
    expect(a.lexical).toBeUndefined();
    expect(a.score).toBeCloseTo(1 / 61);
  });

  it('follows the dense order alone when the lexical weight is zero', () => {
    const fused = fuseRankings(dense(['a', 'b', 'c']), lexical(['c', 'b', 'x']), byId, {
      k: 60,
      denseWeight: 1,
      lexicalWeight: 0,
    });
    expect(fused.slice(0, 3).map((hit) => hit.passage.id)).toEqual(['a', 'b', 'c']);
  });

  it('lets a heavier lexical weight put the lexical top hit first', () => {
    const fused = fuseRankings(dense(['a', 'b']), lexical(['b', 'a']), byId, {
      k: 10,
      denseWeight: 0.3,
      lexicalWeight: 1,
    });
    expect(fused.map((hit) => hit.passage.id)).toEqual(['b', 'a']);
  });

  it('by default lets the lexical top hit win over the dense top hit', () => {
    const fused = fuseRankings(dense(['a', 'b']), lexical(['b', 'a']), byId);
    expect(fused.map((hit) => hit.passage.id)).toEqual(['b', 'a']);
  });

  it('drops lexical hits whose passage is unknown', () => {
    const fused = fuseRankings([], lexical(['unknown-1', 'a']), byId);
    expect(fused.map((hit) => hit.passage.id)).toEqual(['a']);
  });

  it('returns every passage of either list once, sorted by fused score', () => {
    const ids = fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'), { maxLength: 8 });
    fc.assert(
      fc.property(
        ids,
        ids,
        fc.integer({ min: 1, max: 100 }),
        fc.double({ min: 0, max: 2, noNaN: true }),
        (d, l, k, w) => {
          const fused = fuseRankings(dense(d), lexical(l), byId, { k, denseWeight: w, lexicalWeight: 1 });
          const out = fused.map((hit) => hit.passage.id);
          expect(new Set(out).size).toBe(out.length);
          expect([...out].sort()).toEqual([...new Set([...d, ...l])].sort());
          for (let i = 1; i < fused.length; i++)
            expect(fused[i - 1]!.score).toBeGreaterThanOrEqual(fused[i]!.score);
        },
      ),
    );
  });

  it('never ranks a passage below one it beats in both lists', () => {
    const ids = fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), { minLength: 2, maxLength: 6 });
    fc.assert(
      fc.property(ids, fc.integer({ min: 1, max: 100 }), (order, k) => {
        // Same order in both lists: fusion must keep it.
        const fused = fuseRankings(dense(order), lexical(order), byId, {
          k,
          denseWeight: 1,
          lexicalWeight: 1,
        });
        expect(fused.map((hit) => hit.passage.id)).toEqual(order);
      }),
    );
  });
});
