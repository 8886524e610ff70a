import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FlatVectorIndex } from '../../../src/core/index/flatVectorIndex';
import { vectorFileOf, type VectorIndex, type VectorIndexKind } from '../../../src/core/index/vectorIndex';
import {
  createVectorIndex,
  readVectorIndex,
  rebuildVectorIndex,
  resolveVectorIndexSettings,
} from '../../../src/core/index/vectorIndexKinds';
import { randomUnitVectors } from '../../fakes/articles';
import { exactTop } from '../../support/exactTop';

const DIMS = 24;

const KINDS: VectorIndexKind[] = ['hnsw', 'flat'];

describe.each(KINDS)('VectorIndex contract: %s', (kind) => {
  const settings = resolveVectorIndexSettings(kind);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), `quellen-vectors-${kind}-`));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  // Few enough vectors that the HNSW graph is exact too: the contract is about behaviour, not recall.
  function build(
    count: number,
    capacity = count,
  ): { index: VectorIndex; vectors: Map<number, Float32Array> } {
    const index = createVectorIndex(settings, DIMS, capacity);
    const vectors = new Map<number, Float32Array>();
    randomUnitVectors(count, DIMS, 11).forEach((vector, i) => {
      const label = i * 3 + 1;
      index.add(label, vector);
      vectors.set(label, vector);
    });
    return { index, vectors };
  }

  test('records its kind and finds the most similar vectors with cosine scores, best first', () => {
    const { index, vectors } = build(200);
    expect(index.settings.kind).toBe(kind);
    const query = randomUnitVectors(1, DIMS, 99)[0]!;
    const hits = index.search(query, 10);
    expect(hits.map((hit) => hit.label)).toEqual(exactTop(vectors, query, 10));
    const best = vectors.get(hits[0]!.label)!;
    expect(hits[0]!.score).toBeCloseTo(
      best.reduce((sum, v, i) => sum + v * query[i]!, 0),
      5,
    );
    for (let i = 1; i < hits.length; i += 1) expect(hits[i]!.score).toBeLessThanOrEqual(hits[i - 1]!.score);
  });

  test('normalises what it stores and what it is asked: a scaled query scores the same', () => {
    const { index } = build(50);
    const query = randomUnitVectors(1, DIMS, 3)[0]!;
    const scaled = query.map((v) => v * 7);
    const [plain, fromScaled] = [index.search(query, 5), index.search(scaled, 5)];
    expect(fromScaled.map((hit) => hit.label)).toEqual(plain.map((hit) => hit.label));
    fromScaled.forEach((hit, i) => expect(hit.score).toBeCloseTo(plain[i]!.score, 5));
    const stored = index.getVector(1)!;
    expect(Math.hypot(...stored)).toBeCloseTo(1, 5);
  });

  test('grows past its initial capacity', () => {
    const { index, vectors } = build(300, 4);
    expect(index.size).toBe(300);
    const last = [...vectors][299]!;
    expect(index.search(last[1], 1)[0]).toMatchObject({ label: last[0] });
  });

  test('returns every live vector when asked for more, and nothing when empty', () => {
    const { index } = build(5);
    index.remove(4);
    expect(
      index
        .search(randomUnitVectors(1, DIMS, 3)[0]!, 50)
        .map((hit) => hit.label)
        .sort((a, b) => a - b),
    ).toEqual([1, 7, 10, 13]);
    expect(createVectorIndex(settings, DIMS, 1).search(randomUnitVectors(1, DIMS, 3)[0]!, 5)).toEqual([]);
    expect(index.search(randomUnitVectors(1, DIMS, 3)[0]!, 0)).toEqual([]);
  });

  test('a removed label is never returned, not live, and has no vector', () => {
    const { index, vectors } = build(100);
    const target = vectors.get(16)!;
    expect(index.search(target, 1)[0]!.label).toBe(16);
    index.remove(16);
    index.remove(16);
    index.remove(99_999);
    expect(index.search(target, 100).map((hit) => hit.label)).not.toContain(16);
    expect(index.has(16)).toBe(false);
    expect(index.getVector(16)).toBeUndefined();
    expect(index.size).toBe(99);
    expect(index.labels()).toHaveLength(99);
    expect(index.storedCount - index.deletedCount).toBe(99);
  });

  test('adding a label again replaces its vector; a removed label comes back', () => {
    const { index } = build(50);
    const [first, second] = randomUnitVectors(2, DIMS, 555);
    index.add(7, first!);
    expect(index.size).toBe(50);
    expect(index.search(first!, 1)[0]).toMatchObject({ label: 7 });
    index.remove(10);
    index.add(10, second!);
    expect(index.size).toBe(50);
    expect(index.deletedCount).toBe(0);
    expect(index.search(second!, 1)[0]).toMatchObject({ label: 10 });
  });

  test('a filter restricts results to accepted labels, still the best of them', () => {
    const { index, vectors } = build(200);
    const query = randomUnitVectors(1, DIMS, 42)[0]!;
    const even = (label: number) => label % 2 === 0;
    const hits = index.search(query, 10, even);
    expect(hits.every((hit) => even(hit.label))).toBe(true);
    expect(hits.map((hit) => hit.label)).toEqual(
      exactTop(new Map([...vectors].filter(([label]) => even(label))), query, 10),
    );
  });

  test('searchExact scores only the given live labels', () => {
    const { index, vectors } = build(60);
    const query = randomUnitVectors(1, DIMS, 8)[0]!;
    const subset = [1, 4, 7, 10, 13, 424242];
    index.remove(4);
    const kept = new Map([1, 7, 10, 13].map((label) => [label, vectors.get(label)!]));
    expect(index.searchExact(query, 3, subset).map((hit) => hit.label)).toEqual(exactTop(kept, query, 3));
  });

  test('rejects a vector with a component that is no finite number: it would rank first everywhere', () => {
    const index = createVectorIndex(settings, DIMS, 4);
    const broken = new Float32Array(DIMS).fill(0.1);
    broken[3] = Number.NaN;
    expect(() => index.add(0, broken)).toThrow(/component 3 is not a finite number/);
    broken[3] = Number.POSITIVE_INFINITY;
    expect(() => index.add(0, broken)).toThrow(/finite/);
    expect(index.size).toBe(0);
  });

  test('rejects vectors and queries of the wrong length, and labels that are not integers', () => {
    const index = createVectorIndex(settings, DIMS, 4);
    expect(() => index.add(0, new Float32Array(DIMS + 1))).toThrow(/25 dimensions/);
    expect(() => index.add(-1, new Float32Array(DIMS))).toThrow(/label/);
    expect(() => index.add(1.5, new Float32Array(DIMS))).toThrow(/label/);
    expect(() => index.search(new Float32Array(3), 1)).toThrow(/3 dimensions/);
  });

  test('saved and read back with its labels, it answers the same and keeps its removals', async () => {
    const { index } = build(150);
    index.remove(4);
    index.remove(7);
    const path = join(dir, vectorFileOf(kind));
    await index.save(path);
    const attach = await readVectorIndex(path, DIMS, index.settings);
    const loaded = attach({ live: index.labels(), deleted: index.deletedLabels() });
    expect(loaded.settings).toEqual(index.settings);
    expect(loaded.size).toBe(148);
    expect(loaded.deletedCount).toBe(index.deletedCount);
    for (const query of randomUnitVectors(10, DIMS, 77)) {
      expect(loaded.search(query, 10)).toEqual(index.search(query, 10));
    }
    // Updates continue on the loaded index.
    const extra = randomUnitVectors(1, DIMS, 5)[0]!;
    loaded.add(10_000, extra);
    expect(loaded.search(extra, 1)[0]).toMatchObject({ label: 10_000 });
  });

  test('read back against labels its generation does not expect, it refuses', async () => {
    const { index } = build(20);
    const path = join(dir, vectorFileOf(kind));
    await index.save(path);
    const attach = await readVectorIndex(path, DIMS, index.settings);
    expect(() => attach({ live: [...index.labels(), 5_000], deleted: [] })).toThrow();
    expect(() => attach({ live: index.labels().slice(1), deleted: [] })).toThrow();
  });

  test.each(KINDS)(
    'rebuilt as %s from its stored vectors, it keeps only the given labels',
    async (target) => {
      const { index, vectors } = build(300);
      for (const label of [...vectors.keys()].filter((_, i) => i % 3 === 0)) {
        index.remove(label);
        vectors.delete(label);
      }
      const rebuilt = await rebuildVectorIndex(index, resolveVectorIndexSettings(target), index.labels(), {
        yieldEvery: 50,
      });
      expect(rebuilt.settings.kind).toBe(target);
      expect(rebuilt.size).toBe(vectors.size);
      expect(rebuilt.deletedCount).toBe(0);
      expect(rebuilt.storedCount).toBe(vectors.size);
      for (const query of randomUnitVectors(10, DIMS, 5)) {
        expect(rebuilt.search(query, 10).map((hit) => hit.label)).toEqual(exactTop(vectors, query, 10));
      }
      await expect(rebuildVectorIndex(index, settings, [123_456])).rejects.toThrow(/not live/);
    },
  );
});

describe('FlatVectorIndex', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'quellen-flat-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('frees a removed slot at once: the moved row keeps its label and vector', () => {
    const index = new FlatVectorIndex(DIMS, { initialCapacity: 2 });
    const vectors = randomUnitVectors(4, DIMS, 21);
    vectors.forEach((vector, label) => index.add(label, vector));
    index.remove(0);
    expect(index.storedCount).toBe(3);
    expect(index.deletedCount).toBe(0);
    expect(index.deletedLabels()).toEqual([]);
    // Label 3 moved into the freed first row.
    expect(index.search(vectors[3]!, 1)[0]).toMatchObject({ label: 3 });
    expect(index.getVector(3)!.every((v, i) => Math.abs(v - vectors[3]![i]!) < 1e-6)).toBe(true);
    expect(index.search(vectors[0]!, 3).map((hit) => hit.label)).not.toContain(0);
  });

  test('equal scores come back by label, so results do not depend on insertion order', () => {
    const [vector, other] = randomUnitVectors(2, DIMS, 1);
    const index = new FlatVectorIndex(DIMS);
    for (const label of [9, 5, 3, 6]) index.add(label, vector!);
    index.add(1, other!);
    expect(index.search(vector!, 3).map((hit) => hit.label)).toEqual([3, 5, 6]);
    // Fewer wanted than tie: the lowest labels, as exact search over the same labels gives.
    expect(index.search(vector!, 1).map((hit) => hit.label)).toEqual([3]);
    expect(index.searchExact(vector!, 1, [9, 5, 3, 6])).toEqual(index.search(vector!, 1));
  });

  test('odd sizes are no errors: a fractional capacity, a k that is no number', () => {
    const index = new FlatVectorIndex(3, { initialCapacity: 1 });
    index.reserve(2.5);
    index.add(0, [1, 0, 0]);
    expect(index.search([1, 0, 0], Number.NaN)).toEqual([]);
  });

  test('a damaged or foreign file is refused with a reason', async () => {
    const index = new FlatVectorIndex(DIMS);
    randomUnitVectors(5, DIMS, 2).forEach((vector, label) => index.add(label, vector));
    const path = join(dir, 'vectors.flat');
    await index.save(path);
    const bytes = readFileSync(path);
    expect(() => FlatVectorIndex.decode(bytes, DIMS + 1)).toThrow(/24 dimensions, expected 25/);
    expect(() => FlatVectorIndex.decode(bytes.subarray(0, bytes.length - 4), DIMS)).toThrow(/bytes/);
    expect(() => FlatVectorIndex.decode(Buffer.from('hnsw graph'), DIMS)).toThrow(/not a flat vector index/);
    const twice = Buffer.from(bytes);
    twice.writeUInt32LE(twice.readUInt32LE(16), 20);
    expect(() => FlatVectorIndex.decode(twice, DIMS)).toThrow(/twice/);
    writeFileSync(path, bytes);
    const loaded = await FlatVectorIndex.load(path, DIMS);
    expect(() => FlatVectorIndex.checkLabels(loaded, { live: loaded.labels(), deleted: [7] })).toThrow(
      /removed/,
    );
  });

  test('the file is little-endian: header, labels, then float32 rows', async () => {
    const index = new FlatVectorIndex(2);
    index.add(258, [3, 4]);
    const path = join(dir, 'vectors.flat');
    await index.save(path);
    const bytes = readFileSync(path);
    expect(bytes.toString('latin1', 0, 8)).toBe('QFLAT01\n');
    expect(bytes.readUInt32LE(8)).toBe(2);
    expect(bytes.readUInt32LE(12)).toBe(1);
    expect(bytes.readUInt32LE(16)).toBe(258);
    expect(bytes.readFloatLE(20)).toBeCloseTo(0.6, 6);
    expect(bytes.readFloatLE(24)).toBeCloseTo(0.8, 6);
    expect(bytes.length).toBe(28);
  });
});
