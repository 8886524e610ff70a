import { HnswVectorIndex } from '../../../src/core/index/hnswVectorIndex';
import { SegmentedVectorIndex } from '../../../src/core/index/segmentedVectorIndex';
import { randomUnitVectors } from '../../fakes/articles';
import { exactTop } from '../../support/exactTop';

const DIMS = 24;
const SOURCE = { path: '/nowhere/vectors.hnsw', digest: { bytes: 1, crc32: '00000000' } };

/** 150 vectors in a base graph and 50 more added after, so that they land in the delta. */
function build(): { index: SegmentedVectorIndex; base: HnswVectorIndex; vectors: Map<number, Float32Array> } {
  const vectors = new Map<number, Float32Array>();
  const base = new HnswVectorIndex(DIMS, { initialCapacity: 150 });
  const all = randomUnitVectors(200, DIMS, 5);
  all.slice(0, 150).forEach((vector, label) => {
    base.add(label, vector);
    vectors.set(label, vector);
  });
  const index = SegmentedVectorIndex.over(base, SOURCE);
  all.slice(150).forEach((vector, i) => {
    index.add(150 + i, vector);
    vectors.set(150 + i, vector);
  });
  return { index, base, vectors };
}

describe('SegmentedVectorIndex', () => {
  test('new labels go into the delta; the base stays attached to its file', () => {
    const { index, base } = build();
    const { delta, source } = index.segments();
    expect(base.size).toBe(150);
    expect(delta.size).toBe(50);
    expect(index.size).toBe(200);
    expect(index.storedCount).toBe(200);
    expect(source).toBe(SOURCE);
    expect(index.has(3)).toBe(true);
    expect(index.has(170)).toBe(true);
    expect(index.labels().sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, i) => i));
  });

  test('searches both segments and merges their hits, best first, as one exact search would', () => {
    const { index, vectors } = build();
    for (const seed of [1, 2, 3]) {
      const query = randomUnitVectors(1, DIMS, 100 + seed)[0]!;
      const hits = index.search(query, 10);
      expect(hits.map((hit) => hit.label)).toEqual(exactTop(vectors, query, 10));
      for (let i = 1; i < hits.length; i += 1) expect(hits[i]!.score).toBeLessThanOrEqual(hits[i - 1]!.score);
    }
  });

  test('a filter applies to both segments', () => {
    const { index, vectors } = build();
    const query = randomUnitVectors(1, DIMS, 42)[0]!;
    const odd = (label: number) => label % 2 === 1;
    const hits = index.search(query, 8, odd);
    const allowed = new Map([...vectors].filter(([label]) => odd(label)));
    expect(hits.map((hit) => hit.label)).toEqual(exactTop(allowed, query, 8));
    expect(hits.some((hit) => hit.label >= 150)).toBe(true);
  });

  test('a label removed from the base is listed for the manifest; one removed from the delta is not', () => {
    const { index } = build();
    index.remove(4);
    index.remove(160);
    index.remove(999);
    expect(index.has(4)).toBe(false);
    expect(index.has(160)).toBe(false);
    expect(index.getVector(4)).toBeUndefined();
    expect(index.deletedLabels()).toEqual([4, 160]);
    expect(index.deletedCount).toBe(2);
    expect(index.size).toBe(198);
    expect(index.segments().removedSinceWritten).toEqual([4]);
    const query = index.getVector(5)!;
    expect(index.search(query, 200).map((hit) => hit.label)).not.toContain(4);
  });

  test('replacing a vector of the base detaches the base from its file', () => {
    const { index } = build();
    index.remove(4);
    const replacement = randomUnitVectors(1, DIMS, 77)[0]!;
    index.add(7, replacement);
    const { source, removedSinceWritten, delta } = index.segments();
    expect(source).toBeUndefined();
    expect(removedSinceWritten).toEqual([]);
    expect(delta.has(7)).toBe(false);
    expect(index.search(replacement, 1)[0]).toMatchObject({ label: 7 });
  });

  test('merges the delta into the base only once it outgrows the given share', async () => {
    const { index, vectors } = build();
    expect(await index.mergeIfLarger(0.5)).toBe(false);
    expect(index.segments().source).toBe(SOURCE);
    expect(await index.mergeIfLarger(0.1)).toBe(true);
    const { base, delta, source } = index.segments();
    expect(source).toBeUndefined();
    expect(delta.storedCount).toBe(0);
    expect(base.size).toBe(200);
    const query = randomUnitVectors(1, DIMS, 8)[0]!;
    expect(index.search(query, 10).map((hit) => hit.label)).toEqual(exactTop(vectors, query, 10));
    expect(await index.mergeIfLarger(0)).toBe(false);
  });

  test('a merge gives the event loop a turn between inserts, and stops when aborted', async () => {
    const { index } = build();
    // Immediates run in the order queued: one queued before the merge runs at its first yield.
    let turns = 0;
    let spinning = true;
    const spin = (): void => {
      if (!spinning) return;
      turns += 1;
      setImmediate(spin);
    };
    setImmediate(spin);
    await index.merge({ yieldEvery: 5 });
    spinning = false;
    expect(turns).toBeGreaterThan(3);
    const other = build().index;
    const controller = new AbortController();
    controller.abort();
    await expect(other.merge({ yieldEvery: 5, signal: controller.signal })).rejects.toThrow();
  });

  test('refuses segments that disagree: other dimensions, a label in both, a removal the base lacks', () => {
    const base = new HnswVectorIndex(DIMS);
    const [a, b] = randomUnitVectors(2, DIMS, 3);
    base.add(1, a!);
    const other = new HnswVectorIndex(DIMS + 1);
    expect(() => SegmentedVectorIndex.over(base, SOURCE, { delta: other })).toThrow(/dimensions/);
    const both = new HnswVectorIndex(DIMS);
    both.add(1, b!);
    expect(() => SegmentedVectorIndex.over(base, SOURCE, { delta: both })).toThrow(/both segments/);
    const denser = new HnswVectorIndex(DIMS, { m: 32 });
    expect(() => SegmentedVectorIndex.over(base, SOURCE, { delta: denser })).toThrow(/graph parameters/);
    expect(() => SegmentedVectorIndex.over(base, SOURCE, { removedSinceWritten: [1] })).toThrow(
      /not deleted/,
    );
  });
});
