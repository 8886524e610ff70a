import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chunkArticle } from '../../../src/core/chunking/chunker';
import { BuiltinEmbedder } from '../../../src/core/embedding/builtin/builtinEmbedder';
import { Indexer } from '../../../src/core/index/indexer';
import type { LoadedIndex } from '../../../src/core/index/loadedIndex';
import { IndexStore } from '../../../src/core/index/store';
import { unrelatedSimilarity, unrelatedSimilarityOf } from '../../../src/core/index/unrelatedSimilarity';
import { FileArticleSource } from '../../../src/core/ingest/fileSource';
import {
  createPipeline,
  denseFloorFor,
  minRelevanceFor,
  type PipelineOptions,
} from '../../../src/core/pipeline';
import { DEFAULT_MIN_RELEVANCE, MEASURED_FLOOR_MIN_RELEVANCE } from '../../../src/core/answer/extractive';
import { PostingsLexicalIndex } from '../../../src/core/retrieval/postingsLexicalIndex';
import { InProcessSearchIndex } from '../../../src/core/retrieval/inProcessSearchIndex';
import type { Embedder } from '../../../src/core/types';
import { copySamples } from '../../support/samples';

const CHUNKING = { maxChars: 500, overlapSentences: 1 };

/**
 * The built-in embedder's vectors with a constant component added, as models like e5 have:
 * every cosine becomes 0.3·c + 0.7, so unrelated texts sit near 0.75 instead of near 0.15.
 */
class ShiftedEmbedder implements Embedder {
  readonly id: string;
  readonly dimensions: number;
  constructor(private readonly inner: Embedder) {
    this.id = `shifted:${inner.id}`;
    this.dimensions = inner.dimensions + 1;
  }
  private shift(vector: Float32Array): Float32Array {
    const shifted = new Float32Array(this.dimensions);
    vector.forEach((value, i) => (shifted[i] = Math.sqrt(0.3) * value));
    shifted[vector.length] = Math.sqrt(0.7);
    return shifted;
  }
  async embedPassages(texts: readonly string[]): Promise<Float32Array[]> {
    return (await this.inner.embedPassages(texts)).map((vector) => this.shift(vector));
  }
  async embedQuery(text: string): Promise<Float32Array> {
    return this.shift(await this.inner.embedQuery(text));
  }
}

const ON_TOPIC = [
  'Wie viele Menschen werden in Deir al-Sor vom IS belagert?',
  'Wo spielte das Mariinski-Orchester?',
  'Wer hat die Kontrolle über Palmyra verloren?',
];
// About the articles' subjects, asking what they do not state (all answered here).
const NEAR_TOPIC = [
  'Wie viele Zuschauer waren bei dem Konzert in Palmyra?',
  'Wer kommandiert die Regierungstruppen in Deir al-Sor?',
  'Wie viele IS-Kämpfer rücken auf Palmyra vor?',
  'Wann wurde der Flughafen von Deir al-Sor gebaut?',
  'How many soldiers died in Palmyra?',
];
const OFF_TOPIC = [
  'Wie backt man ein Sauerteigbrot?',
  'Welcher Planet hat die meisten Monde?',
  'Wie schnell kann ein Gepard laufen?',
  'Wie viele Beine hat eine Spinne?',
];

describe('relevance measured against the index for embedders the defaults were not calibrated on', () => {
  let root: string;
  const indexes = new Map<string, LoadedIndex>();
  const lexicals = new Map<string, PostingsLexicalIndex>();
  const builtin = new BuiltinEmbedder();
  const shifted = new ShiftedEmbedder(builtin);

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'quellen-floor-'));
    await copySamples(join(root, 'docs'));
    const { articles } = await new FileArticleSource(join(root, 'docs'), { maxBytes: 5_000_000 }).readAll();
    for (const embedder of [builtin, shifted]) {
      const store = new IndexStore(join(root, embedder.id.replace(/\W/g, '_')));
      await new Indexer({
        store,
        embedder,
        chunk: (a) => chunkArticle(a, CHUNKING),
        chunking: CHUNKING,
      }).update({
        articles,
        skipped: [],
      });
      const index = await store.load({
        embedderId: embedder.id,
        dimensions: embedder.dimensions,
        chunking: CHUNKING,
      });
      indexes.set(embedder.id, index);
      const lexical = new PostingsLexicalIndex();
      lexical.add([...index.passages()]);
      lexicals.set(embedder.id, lexical);
    }
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  async function abstentions(embedder: Embedder, denseFloor: PipelineOptions['denseFloor']) {
    return {
      onTopic: await decisions(embedder, denseFloor, ON_TOPIC),
      offTopic: await decisions(embedder, denseFloor, OFF_TOPIC),
    };
  }

  async function decisions(
    embedder: Embedder,
    denseFloor: PipelineOptions['denseFloor'],
    questions: readonly string[],
  ): Promise<boolean[]> {
    const index = indexes.get(embedder.id)!;
    const { retriever, answerer } = createPipeline(
      {
        search: new InProcessSearchIndex({
          dense: index,
          lexical: lexicals.get(embedder.id)!,
          passageById: (id) => index.passageById(id),
          article: (id) => index.articles.get(id),
        }),
        unrelatedSimilarity: () => unrelatedSimilarityOf(index),
      },
      { embedder, denseFloor },
    );
    const decide = async (question: string) => {
      const { passages } = await retriever.retrieve(question, { topK: 6 });
      return (await answerer.answer(question, passages)).abstained;
    };
    return Promise.all(questions.map(decide));
  }

  test('the built-in embedder with its calibrated defaults answers on-topic and refuses off-topic questions', async () => {
    expect(await abstentions(builtin, 'default')).toEqual({
      onTopic: ON_TOPIC.map(() => false),
      offTopic: OFF_TOPIC.map(() => true),
    });
  });

  test('a model-like embedder under the built-in floor answers off-topic questions too', async () => {
    const { offTopic } = await abstentions(shifted, 'default');
    expect(offTopic.filter((abstained) => !abstained).length).toBeGreaterThan(0);
  });

  test('with floors measured on the index, both embedders decide alike, and as calibrated', async () => {
    // Relevance above the measured floor is the same under the shift, question by question.
    const measured = await abstentions(builtin, 'measured');
    expect(await abstentions(shifted, 'measured')).toEqual(measured);
    expect(measured).toEqual({ onTopic: ON_TOPIC.map(() => false), offTopic: OFF_TOPIC.map(() => true) });
  });

  test('a near-topic question is decided alike too', async () => {
    const near = await Promise.all(
      [builtin, shifted].map((embedder) => decisions(embedder, 'measured', NEAR_TOPIC)),
    );
    expect(near[1]).toEqual(near[0]);
  });

  test('the app measures the floor for every embedder but the built-in one, with its own threshold', () => {
    expect(denseFloorFor(builtin)).toBe('default');
    expect(denseFloorFor(shifted)).toBe('measured');
    expect(minRelevanceFor('default')).toBe(DEFAULT_MIN_RELEVANCE);
    expect(minRelevanceFor('measured')).toBe(MEASURED_FLOOR_MIN_RELEVANCE);
  });

  test('the measured floor follows the embedder: the shift moves it to 0.3·u + 0.7', () => {
    const base = unrelatedSimilarityOf(indexes.get(builtin.id)!)!;
    const moved = unrelatedSimilarityOf(indexes.get(shifted.id)!)!;
    expect(base).toBeGreaterThan(0);
    expect(base).toBeLessThan(0.4);
    expect(moved).toBeCloseTo(0.3 * base + 0.7, 5);
  });
});

describe('unrelatedSimilarity', () => {
  const unit = (...values: number[]) => {
    const norm = Math.hypot(...values);
    return Float32Array.from(values, (v) => v / norm);
  };

  test('is the median cosine of pairs from different groups, the same on every call', () => {
    // Group a points one way, group b another: across groups the cosine is 0, within 1.
    const items = [
      ...Array.from({ length: 10 }, () => ({ group: 'a', vector: unit(1, 0) })),
      ...Array.from({ length: 10 }, () => ({ group: 'b', vector: unit(0, 1) })),
    ];
    const measure = () => unrelatedSimilarity(items.length, (i) => items[i]);
    expect(measure()).toBeCloseTo(0, 6);
    expect(measure()).toBe(measure());
  });

  test('with one group only, pairs within it stand in; with fewer than two vectors there is nothing to tell', () => {
    const items = Array.from({ length: 6 }, (_, i) => ({ group: 'only', vector: unit(1, i / 10) }));
    const within = unrelatedSimilarity(items.length, (i) => items[i])!;
    expect(within).toBeGreaterThan(0.9);
    expect(unrelatedSimilarity(1, () => items[0])).toBeUndefined();
    expect(unrelatedSimilarity(0, () => undefined)).toBeUndefined();
  });
});
