import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { TransformersReranker } from '../../../src/core/rerank/transformersReranker';
import { UserError } from '../../../src/core/errors';
import {
  loadTransformers,
  type LoadTransformers,
  type TransformersModule,
} from '../../../src/core/embedding/transformersLoader';
import { createTinyModel, shareTypedArraysWithNative } from '../../support/tinyModel';
import { tempApp, tempCollection } from '../../support/tempCollection';

shareTypedArraysWithNative();

const MODEL = 'test/tiny-cross-encoder';

describe('TransformersReranker on a generated cross-encoder', () => {
  let modelsDir: string;
  let reranker: TransformersReranker;

  beforeAll(async () => {
    modelsDir = await mkdtemp(path.join(os.tmpdir(), 'quellen-rerank-'));
    await createTinyModel(modelsDir, MODEL, { head: 'sequence-classification' });
    reranker = await TransformersReranker.create({ modelId: MODEL, modelsDir });
  }, 60_000);

  afterAll(async () => {
    await rm(modelsDir, { recursive: true, force: true });
  });

  const texts = [
    'Die Musiker unter Leitung von Dirigent Waleri Gergijew spielten Stücke von Bach.',
    'Palmyra ist eine der bedeutendsten historischen Stätten im Nahen Osten.',
    'Rund 30 syrische Soldaten wurden bei den Gefechten getötet.',
  ];

  it('scores each question–text pair in [0, 1], in input order, the same on every call', async () => {
    const scores = await reranker.score('Wer dirigierte das Konzert?', texts);
    expect(scores).toHaveLength(3);
    for (const score of scores) {
      expect(Number.isFinite(score)).toBe(true);
      expect(score).toBeGreaterThan(0);
      expect(score).toBeLessThan(1);
    }
    // Different pairs get different scores: the model reads the text, not only the question.
    expect(new Set(scores).size).toBe(3);
    expect(await reranker.score('Wer dirigierte das Konzert?', texts)).toEqual(scores);
    const reversed = await reranker.score('Wer dirigierte das Konzert?', [...texts].reverse());
    expect(reversed.reverse().map((s) => s.toFixed(6))).toEqual(scores.map((s) => s.toFixed(6)));
    expect(await reranker.score('Wer dirigierte das Konzert?', [])).toEqual([]);
  });

  it('gives the same scores batched one by one, and bounds a huge text by the token limit', async () => {
    // The float32 model: int8 models quantize each batch as a whole, so padding moves scores slightly.
    const fp32 = { modelId: MODEL, modelsDir, quantized: false };
    const batched = await (await TransformersReranker.create(fp32)).score('Wer dirigierte?', texts);
    const alone = await (
      await TransformersReranker.create({ ...fp32, batchSize: 1 })
    ).score('Wer dirigierte?', texts);
    alone.forEach((score, i) => expect(score).toBeCloseTo(batched[i]!, 6));
    expect(reranker.maxLength).toBeLessThanOrEqual(128);
    const [long] = await reranker.score('Wer dirigierte?', ['Gergijew dirigierte. '.repeat(20_000)]);
    expect(Number.isFinite(long)).toBe(true);
  });

  it('keeps room for the text under a long question, and pads a batch only to its longest pair', async () => {
    const widths: number[] = [];
    const recording: LoadTransformers = async () => {
      const transformers = await loadTransformers();
      const from_pretrained = async (
        ...args: Parameters<typeof transformers.AutoModelForSequenceClassification.from_pretrained>
      ) => {
        const model = await transformers.AutoModelForSequenceClassification.from_pretrained(...args);
        const call = (inputs: { input_ids: { dims: number[] } }) => {
          widths.push(inputs.input_ids.dims[1]!);
          return model(inputs);
        };
        return Object.assign(call, { config: model.config });
      };
      return {
        ...transformers,
        AutoModelForSequenceClassification: { from_pretrained },
      } as unknown as TransformersModule;
    };
    // Float32: the int8 model rounds away the small differences random weights make under a long input.
    const watched = await TransformersReranker.create({
      modelId: MODEL,
      modelsDir,
      quantized: false,
      loader: recording,
    });
    widths.length = 0; // the probe at load
    await watched.score('Wer dirigierte?', texts);
    expect(widths).toHaveLength(1);
    // The batch is as wide as its longest pair, not as the token limit.
    const transformers = await loadTransformers();
    const tokenizer = (await transformers.AutoTokenizer.from_pretrained(MODEL)) as unknown as (
      q: string[],
      o: { text_pair: string[] },
    ) => { input_ids: { dims: number[] } };
    const longest = Math.max(
      ...texts.map((text) => tokenizer(['Wer dirigierte?'], { text_pair: [text] }).input_ids.dims[1]!),
    );
    expect(widths[0]).toBe(longest);
    expect(longest).toBeLessThan(watched.maxLength);

    const long = `Ich habe gelesen, dass ${'in der Wüstenstadt ein großes Konzert stattfand und '.repeat(30)}wer dirigierte?`;
    expect(long.length).toBeGreaterThan(1000);
    const scores = await watched.score(long, texts);
    // Every text still reaches the model: the three pairs differ.
    expect(new Set(scores).size).toBe(3);
    expect(widths.at(-1)).toBeLessThanOrEqual(watched.maxLength);
  });

  it('refuses a missing model with one line naming the fix', async () => {
    const attempt = TransformersReranker.create({ modelId: 'test/absent', modelsDir });
    await expect(attempt).rejects.toBeInstanceOf(UserError);
    await expect(attempt).rejects.toThrow(
      /^re-ranking model test\/absent is not available \(missing .*\); run "quellen model fetch --rerank" .*RERANK_MODEL$/,
    );
  });

  it('refuses, when loading, a model that is no cross-encoder: no classification head, or too many labels', async () => {
    await createTinyModel(modelsDir, 'test/plain-encoder');
    await expect(TransformersReranker.create({ modelId: 'test/plain-encoder', modelsDir })).rejects.toThrow(
      /^test\/plain-encoder is not a re-ranking model \(.*\); set RERANK_MODEL to a cross-encoder .*, or unset it$/,
    );
    await createTinyModel(modelsDir, 'test/three-labels', { head: 'sequence-classification' });
    const configFile = path.join(modelsDir, 'test/three-labels', 'config.json');
    const config = JSON.parse(await readFile(configFile, 'utf8')) as Record<string, unknown>;
    await writeFile(configFile, JSON.stringify({ ...config, id2label: { 0: 'a', 1: 'b', 2: 'c' } }));
    await expect(TransformersReranker.create({ modelId: 'test/three-labels', modelsDir })).rejects.toThrow(
      /^test\/three-labels is not a re-ranking model \(it has 3 labels; a re-ranker has one or two\)/,
    );
  });
});

describe('the app with RERANK_MODEL', () => {
  it('answers through the re-ranker with exact quotes; a missing model fails questions with its fix, nothing else', async () => {
    const collection = await tempCollection();
    try {
      const modelsDir = path.join(collection.root, 'models');
      await createTinyModel(modelsDir, MODEL, { head: 'sequence-classification' });
      const app = await tempApp(collection, {
        RERANK_MODEL: MODEL,
        MODELS_DIR: modelsDir,
        ALLOW_REMOTE_MODELS: 'false',
      });
      await app.service.open();
      const { answer } = await app.service.ask('Welches Orchester spielte in Palmyra?');
      // The generated model scores every sentence near 0.5: above the minimum, so it answers.
      expect(answer.abstained).toBe(false);
      expect(answer.citations.length).toBeGreaterThan(0);
      for (const citation of answer.citations) {
        // The sample articles are plain text: a citation is the file's text between its offsets.
        const file = await readFile(path.join(collection.docs, citation.articleId), 'utf8');
        expect(file.slice(citation.quoteStart, citation.quoteEnd)).toBe(citation.quote);
      }
      const strict = await tempApp(collection, {
        RERANK_MODEL: MODEL,
        MODELS_DIR: modelsDir,
        RERANK_MIN_SCORE: '0.9',
        INDEX_DIR: path.join(collection.root, 'strict'),
      });
      await strict.service.open();
      expect((await strict.service.ask('Welches Orchester spielte in Palmyra?')).answer.abstained).toBe(true);

      // A missing model costs questions only: status, listings and indexing still work.
      const missing = await tempApp(collection, {
        RERANK_MODEL: 'test/absent',
        MODELS_DIR: modelsDir,
        ALLOW_REMOTE_MODELS: 'false',
        INDEX_DIR: path.join(collection.root, 'missing'),
      });
      await missing.service.open();
      expect(missing.service.status().articles).toBe(2);
      await expect(missing.reranker!.ready()).rejects.toThrow(
        /re-ranking model test\/absent is not available/,
      );
      await expect(missing.service.ask('Welches Orchester spielte in Palmyra?')).rejects.toThrow(
        /re-ranking model test\/absent is not available/,
      );
    } finally {
      await collection.cleanup();
    }
  }, 120_000);
});
