import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { graphHeaderAgrees, HnswVectorIndex } from '../../../src/core/index/hnswVectorIndex';
import { randomUnitVectors } from '../../fakes/articles';

const DIMS = 32;

function exactTop(vectors: Map<number, Float32Array>, query: Float32Array, k: number): number[] {
  const scored = [...vectors].map(([label, vector]) => {
    let dot = 0;
    for (let i = 0; i < DIMS; i += 1) dot += vector[i]! * query[i]!;
    return { label, dot };
  });
  scored.sort((a, b) => b.dot - a.dot);
  return scored.slice(0, k).map((hit) => hit.label);
}

function build(count: number, options = {}): { index: HnswVectorIndex; vectors: Map<number, Float32Array> } {
  const index = new HnswVectorIndex(DIMS, options);
  const vectors = new Map<number, Float32Array>();
  randomUnitVectors(count, DIMS, 7).forEach((vector, label) => {
    index.add(label, vector);
    vectors.set(label, vector);
  });
  return { index, vectors };
}

describe('HnswVectorIndex', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'quellen-hnsw-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('search returns cosine similarities of the nearest vectors, best first', () => {
    const { index, vectors } = build(500);
    const query = randomUnitVectors(1, DIMS, 99)[0]!;
    const hits = index.search(query, 10);
    expect(hits.map((hit) => hit.label)).toEqual(exactTop(vectors, query, 10));
    const best = vectors.get(hits[0]!.label)!;
    const dot = best.reduce((sum, value, i) => sum + value * query[i]!, 0);
    expect(hits[0]!.score).toBeCloseTo(dot, 5);
    for (let i = 1; i < hits.length; i += 1) expect(hits[i]!.score).toBeLessThanOrEqual(hits[i - 1]!.score);
  });

  test('reaches recall@10 of at least 0.99 against exact search with default parameters', () => {
    const { index, vectors } = build(3000);
    const queries = randomUnitVectors(100, DIMS, 1234);
    let found = 0;
    for (const query of queries) {
      const truth = new Set(exactTop(vectors, query, 10));
      found += index.search(query, 10).filter((hit) => truth.has(hit.label)).length;
    }
    expect(found / (queries.length * 10)).toBeGreaterThanOrEqual(0.99);
  });

  test('searches with a candidate list that grows with the square root of the index size', () => {
    const small = build(100, { efSearch: 128 }).index;
    expect(small.effectiveEfSearch).toBe(128);
    const { index, vectors } = build(6_000, { efSearch: 16, m: 4, efConstruction: 16 });
    expect(index.effectiveEfSearch).toBe(Math.ceil(2 * Math.sqrt(6_000)));
    const queries = randomUnitVectors(40, DIMS, 5);
    const recall = (efSearch?: number): number => {
      let found = 0;
      for (const query of queries) {
        const truth = new Set(exactTop(vectors, query, 10));
        found += index.search(query, 10, undefined, efSearch).filter((hit) => truth.has(hit.label)).length;
      }
      return found / (queries.length * 10);
    };
    const automatic = recall();
    // One search with a list of 16 does not change the index's own list.
    const starved = recall(16);
    expect(recall()).toBe(automatic);
    // A sparse graph (m 4) searched with the floor alone misses neighbours the grown list finds.
    expect(automatic).toBeGreaterThan(starved);
  });

  test('grows beyond its initial capacity by resizing', () => {
    const { index } = build(300, { initialCapacity: 8 });
    expect(index.size).toBe(300);
    expect(index.capacity).toBeGreaterThanOrEqual(300);
    const vector = randomUnitVectors(300, DIMS, 7)[299]!;
    expect(index.search(vector, 1)[0]).toMatchObject({ label: 299 });
  });

  test('asking for more results than live vectors returns all live ones', () => {
    const { index } = build(5, { initialCapacity: 5 });
    index.remove(2);
    const hits = index.search(randomUnitVectors(1, DIMS, 3)[0]!, 50);
    expect(hits.map((hit) => hit.label).sort()).toEqual([0, 1, 3, 4]);
    expect(new HnswVectorIndex(DIMS).search(randomUnitVectors(1, DIMS, 3)[0]!, 5)).toEqual([]);
  });

  test('removed labels are never returned and are counted as deleted', () => {
    const { index, vectors } = build(200);
    const target = vectors.get(17)!;
    expect(index.search(target, 1)[0]!.label).toBe(17);
    index.remove(17);
    index.remove(17);
    expect(index.search(target, 200).map((hit) => hit.label)).not.toContain(17);
    expect(index.size).toBe(199);
    expect(index.deletedCount).toBe(1);
    expect(index.storedCount).toBe(200);
    expect(index.getVector(17)).toBeUndefined();
  });

  test('re-adding a deleted label brings it back with the new vector', () => {
    const { index } = build(50);
    const replacement = randomUnitVectors(1, DIMS, 555)[0]!;
    index.remove(3);
    index.add(3, replacement);
    expect(index.deletedCount).toBe(0);
    expect(index.size).toBe(50);
    expect(index.search(replacement, 1)[0]).toMatchObject({ label: 3 });
  });

  test('a label filter restricts results to accepted labels', () => {
    const { index, vectors } = build(400);
    const query = randomUnitVectors(1, DIMS, 42)[0]!;
    const even = (label: number) => label % 2 === 0;
    const hits = index.search(query, 10, even);
    expect(hits).toHaveLength(10);
    expect(hits.every((hit) => even(hit.label))).toBe(true);
    const evenVectors = new Map([...vectors].filter(([label]) => even(label)));
    expect(hits.map((hit) => hit.label)).toEqual(exactTop(evenVectors, query, 10));
  });

  test('searchExact scores only the given labels', () => {
    const { index, vectors } = build(100);
    const query = randomUnitVectors(1, DIMS, 8)[0]!;
    const subset = [5, 10, 15, 20, 25];
    index.remove(10);
    const hits = index.searchExact(query, 3, subset);
    const expected = exactTop(
      new Map(subset.filter((l) => l !== 10).map((l) => [l, vectors.get(l)!])),
      query,
      3,
    );
    expect(hits.map((hit) => hit.label)).toEqual(expected);
  });

  test('getVector returns the stored unit vector', () => {
    const { index, vectors } = build(20);
    const stored = index.getVector(4)!;
    stored.forEach((value, i) => expect(value).toBeCloseTo(vectors.get(4)![i]!, 5));
  });

  test('save and load give the same results and keep deletions', async () => {
    const { index } = build(600);
    index.remove(1);
    index.remove(2);
    const path = join(dir, 'vectors.hnsw');
    await index.save(path);
    const queries = randomUnitVectors(20, DIMS, 77);
    for (const liveLabels of [index.labels(), undefined]) {
      const loaded = await HnswVectorIndex.load(path, DIMS, liveLabels ? { liveLabels } : {});
      expect(loaded.size).toBe(598);
      expect(loaded.deletedCount).toBe(2);
      expect(loaded.params).toEqual(index.params);
      for (const query of queries) expect(loaded.search(query, 10)).toEqual(index.search(query, 10));
    }
  });

  test("a graph file's header agrees only with the settings, size and element count it was written with", async () => {
    const { index } = build(300, { m: 12, efConstruction: 80, initialCapacity: 200 });
    index.remove(5);
    const path = join(dir, 'vectors.hnsw');
    await index.save(path);
    // The capacity doubled from 200 to 400 on the way: up to twice the elements is allowed.
    expect(index.capacity).toBe(400);
    const expected = { dimensions: DIMS, m: 12, efConstruction: 80, elements: 300 };
    expect(await graphHeaderAgrees(path, expected)).toBe(true);
    for (const other of [
      { dimensions: DIMS * 2 },
      { m: 16 },
      { efConstruction: 100 },
      { elements: 299 },
      { elements: 301 },
    ]) {
      expect(await graphHeaderAgrees(path, { ...expected, ...other })).toBe(false);
    }
    expect(await graphHeaderAgrees(join(dir, 'missing.hnsw'), expected)).toBe(false);
    // Damage in the header, or a file too short for its elements.
    const bytes = readFileSync(path);
    for (const at of [0, 8, 16, 24, 32, 40, 56, 64, 72, 88]) {
      const damaged = Buffer.from(bytes);
      damaged[at + 1] = damaged[at + 1]! ^ 0x10;
      writeFileSync(path, damaged);
      expect(await graphHeaderAgrees(path, expected)).toBe(false);
    }
    // A capacity below the elements (hnswlib would read them past its allocation), or beyond both
    // twice the elements and 1,024 slots.
    for (const capacity of [299, 1025]) {
      const damaged = Buffer.from(bytes);
      damaged.writeBigUInt64LE(BigInt(capacity), 8);
      writeFileSync(path, damaged);
      expect(await graphHeaderAgrees(path, expected)).toBe(false);
    }
    writeFileSync(path, bytes);
    // Each element's vector, level-0 links and label come first (236 bytes here, a link count each after).
    truncateSync(path, 96 + 300 * (236 + 4) - 1);
    expect(await graphHeaderAgrees(path, expected)).toBe(false);
    truncateSync(path, 50);
    expect(await graphHeaderAgrees(path, expected)).toBe(false);
  });

  test('an efConstruction below m is stored as m, and the header still agrees', async () => {
    const { index } = build(20, { m: 12, efConstruction: 8 });
    const path = join(dir, 'small-ef.hnsw');
    await index.save(path);
    expect(await graphHeaderAgrees(path, { dimensions: DIMS, m: 12, efConstruction: 8, elements: 20 })).toBe(
      true,
    );
  });

  test('a filter that throws fails the search with its error, and the index keeps working', () => {
    const { index, vectors } = build(200);
    const query = randomUnitVectors(1, DIMS, 3)[0]!;
    let calls = 0;
    expect(() =>
      index.search(query, 5, () => {
        calls += 1;
        if (calls === 3) throw new Error('record damaged');
        return true;
      }),
    ).toThrow('record damaged');
    expect(index.search(query, 5).map((hit) => hit.label)).toEqual(exactTop(vectors, query, 5));
  });

  test('a graph holding other labels than expected is refused when loaded', async () => {
    const { index } = build(50);
    index.remove(3);
    const path = join(dir, 'vectors.hnsw');
    await index.save(path);
    const live = index.labels();
    await expect(
      HnswVectorIndex.load(path, DIMS, { liveLabels: live.slice(1), deletedLabels: [3] }),
    ).rejects.toThrow('graph holds 50 labels, expected 49');
    await expect(HnswVectorIndex.load(path, DIMS, { liveLabels: [...live, 999] })).rejects.toThrow(
      'graph lacks some expected labels',
    );
  });

  test('keeps live labels across word boundaries and far apart, through removal and re-adding', async () => {
    const index = new HnswVectorIndex(DIMS, { initialCapacity: 8 });
    const labels = [0, 31, 32, 33, 63, 64, 1000, 70_000];
    const vectors = randomUnitVectors(labels.length, DIMS, 5);
    labels.forEach((label, i) => index.add(label, vectors[i]!));
    index.add(31, vectors[0]!);
    expect(index.size).toBe(8);
    expect(index.labels()).toEqual(labels);
    index.remove(32);
    index.remove(32);
    expect(index.size).toBe(7);
    expect(index.has(32)).toBe(false);
    expect([index.has(31), index.has(33), index.has(-1), index.has(1_000_000_000)]).toEqual([
      true,
      true,
      false,
      false,
    ]);
    const path = join(dir, 'labels.hnsw');
    await index.save(path);
    const loaded = await HnswVectorIndex.load(path, DIMS, {
      liveLabels: index.labels(),
      deletedLabels: [32],
    });
    expect(loaded.labels()).toEqual(labels.filter((label) => label !== 32));
    expect(loaded.size).toBe(7);
    // A label listed twice is one label, as in a Set.
    const twice = [...loaded.labels(), 31];
    expect((await HnswVectorIndex.load(path, DIMS, { liveLabels: twice, deletedLabels: [32] })).size).toBe(7);
    loaded.add(32, vectors[2]!);
    expect(loaded.size).toBe(8);
    expect(loaded.deletedCount).toBe(0);
    expect(loaded.search(vectors[2]!, 1)[0]!.label).toBe(32);
  });

  test('rejects vectors of the wrong length', () => {
    const index = new HnswVectorIndex(DIMS);
    expect(() => index.add(0, new Float32Array(DIMS + 1))).toThrow(/33 dimensions/);
    expect(() => index.search(new Float32Array(3), 1)).toThrow(/3 dimensions/);
  });
});
