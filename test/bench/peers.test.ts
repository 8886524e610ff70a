import { HnswVectorIndex } from '../../src/core/index/hnswVectorIndex';
import type { Article } from '../../src/core/types';
import { keywordEmbedder, keywordVector } from '../fakes/keywordEmbedder';
import { wholeTextPassage } from '../fakes/passages';
import {
  characterChunks,
  compareWithExact,
  cosine,
  MiniSearchPeer,
  NaiveDensePipeline,
  OramaPeer,
  tieAwareRecall,
} from '../../tools/bench/peers';

describe('characterChunks', () => {
  it('cuts fixed windows that share the overlap', () => {
    expect(characterChunks('abcdefghij', 4, 1)).toEqual(['abcd', 'defg', 'ghij']);
    expect(characterChunks('abcdefghijk', 4, 1)).toEqual(['abcd', 'defg', 'ghij', 'jk']);
  });

  it('keeps a short text whole and covers every character of a long one', () => {
    expect(characterChunks('kurz', 1000, 200)).toEqual(['kurz']);
    const text = 'x'.repeat(2500);
    const chunks = characterChunks(text, 1000, 200);
    expect(chunks.map((c) => c.length)).toEqual([1000, 1000, 900]);
  });

  it('rejects an overlap as large as the chunk', () => {
    expect(() => characterChunks('abc', 2, 2)).toThrow(RangeError);
  });
});

describe('cosine', () => {
  it('normalises both vectors', () => {
    expect(cosine(Float32Array.from([2, 0]), Float32Array.from([5, 5]))).toBeCloseTo(Math.SQRT1_2, 6);
    expect(cosine(Float32Array.from([0, 0]), Float32Array.from([1, 0]))).toBe(0);
  });
});

describe('tieAwareRecall', () => {
  const exact = [
    { label: 1, distance: 0.1 },
    { label: 2, distance: 0.2 },
  ];

  it('counts hits from the exact list', () => {
    expect(
      tieAwareRecall(
        [
          { label: 1, distance: 0.1 },
          { label: 9, distance: 0.5 },
        ],
        exact,
      ),
    ).toBe(0.5);
  });

  it('accepts a different label exactly as close as the cut-off (a duplicate vector)', () => {
    expect(
      tieAwareRecall(
        [
          { label: 1, distance: 0.1 },
          { label: 7, distance: 0.2 },
        ],
        exact,
      ),
    ).toBe(1);
  });
});

/** Vectors from a seeded generator, unit length. */
function randomVectors(count: number, dims: number, seed: number): Float32Array[] {
  let state = seed;
  const next = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32 - 0.5;
  };
  return Array.from({ length: count }, () => {
    const v = Float32Array.from({ length: dims }, next);
    const norm = Math.hypot(...v);
    return v.map((x) => x / norm);
  });
}

describe('compareWithExact', () => {
  it('finds full recall on a small graph and lower recall when the graph search is starved', () => {
    const vectors = randomVectors(2000, 16, 3);
    const queries = randomVectors(30, 16, 99);
    const good = new HnswVectorIndex(16, { initialCapacity: 2000 });
    vectors.forEach((v, i) => good.add(i, v));
    expect(compareWithExact(good, queries, 10).recall).toBe(1);
    const starved = new HnswVectorIndex(16, { initialCapacity: 2000, m: 2, efConstruction: 4, efSearch: 1 });
    vectors.forEach((v, i) => starved.add(i, v));
    const result = compareWithExact(starved, queries, 10, [400]);
    expect(result.recall).toBeLessThan(0.99);
    expect(result.hnswMs).toHaveLength(30);
    // A wider search list finds more of the exact neighbours, and the index keeps its own setting.
    expect(result.sweep[0]!.recall).toBeGreaterThan(result.recall);
    expect(starved.params.efSearch).toBe(1);
    expect(starved.effectiveEfSearch).toBe(Math.ceil(2 * Math.sqrt(2000)));
  });
});

function article(id: string, text: string): Article {
  return { id, title: id, tags: [], text, blocks: [], contentHash: id, format: 'txt' };
}

describe('peer rankers', () => {
  it('NaiveDensePipeline ranks the article whose chunk is most similar first', async () => {
    const naive = await new NaiveDensePipeline(keywordEmbedder, 40, 10).build([
      article('a', 'Ein langer Text über Berlin und noch mehr Füllwörter hier.'),
      article('b', 'Paris ist die Hauptstadt Frankreichs, sagt man.'),
    ]);
    expect(naive.size).toBe(4);
    expect(await naive.rank('Was ist mit Paris?', 1)).toEqual(['b']);
  });

  it('MiniSearchPeer maps passage hits to their articles', async () => {
    const peer = new MiniSearchPeer().build([
      wholeTextPassage('a', 0, 'Rom ist alt'),
      wholeTextPassage('b', 0, 'Berlin ist neu'),
    ]);
    expect(await peer.rank('berlin', 5)).toEqual(['b']);
    expect(peer.buildMs).toBeGreaterThanOrEqual(0);
  });

  it('OramaPeer finds a passage by a German word form its stemmer joins, and by its vector', async () => {
    const passages = [
      wholeTextPassage('a', 0, 'Die Kämpfer zogen sich aus Palmyra zurück'),
      wholeTextPassage('b', 0, 'Berlin plant neue Häuser'),
      wholeTextPassage('c', 0, 'In Paris regnet es'),
    ];
    const peer = await OramaPeer.build(
      await Promise.all(
        passages.map(async (passage) => ({
          passage,
          vector: await keywordEmbedder.embedQuery(passage.text),
        })),
      ),
      keywordEmbedder,
    );
    // "Kämpfern" only meets "Kämpfer" through stemming; no keyword dimension points at it.
    expect((await peer.rank('Wo sind die Kämpfern?', 1))[0]).toBe('a');
    // No shared word, the vector alone: the keyword embedder maps "Paris" to its dimension.
    expect((await peer.search('xyz', keywordVector('paris'), 1))[0]).toBe('c#0');
    expect(peer.savedBytes()).toBeGreaterThan(0);
  });
});
