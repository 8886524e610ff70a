import { createReadStream, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fetchModel } from '../../../src/core/embedding/fetch';
import {
  isE5Model,
  meanPoolNormalized,
  TransformersEmbedder,
} from '../../../src/core/embedding/transformers';
import type { LoadTransformers, TransformersModule } from '../../../src/core/embedding/transformersLoader';
import { createTinyModel, shareTypedArraysWithNative, TINY_MODEL_SHAPE } from '../../support/tinyModel';

shareTypedArraysWithNative();

const GERMAN = [
  'Die Bundesregierung hat am Mittwoch einen Gesetzentwurf beschlossen.',
  'Hitze',
  'Nach Angaben des Statistischen Bundesamtes stieg die Zahl der Beschäftigten im vergangenen Jahr um 1,4 Prozent, teilte die Behörde mit.',
  'Die Polizei sucht Zeugen.',
];

let modelsDir: string;

beforeAll(async () => {
  modelsDir = mkdtempSync(path.join(os.tmpdir(), 'quellen-transformers-'));
  await createTinyModel(modelsDir, 'test/tiny-bert');
  await createTinyModel(modelsDir, 'test/tiny-e5-small');
});

afterAll(() => {
  rmSync(modelsDir, { recursive: true, force: true });
});

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  for (let index = 0; index < a.length; index++) dot += (a[index] as number) * (b[index] as number);
  return dot;
}

function maxDifference(a: Float32Array, b: Float32Array): number {
  let max = 0;
  for (let index = 0; index < a.length; index++)
    max = Math.max(max, Math.abs((a[index] as number) - (b[index] as number)));
  return max;
}

describe('TransformersEmbedder with a generated model, offline', () => {
  it('loads through transformers.js and returns unit vectors of the model hidden size', async () => {
    const embedder = await TransformersEmbedder.create({ modelsDir, modelId: 'test/tiny-bert' });
    expect(embedder.id).toBe('transformers:test/tiny-bert:q8');
    expect(embedder.dimensions).toBe(TINY_MODEL_SHAPE.hidden);
    const vectors = await embedder.embedPassages(GERMAN);
    expect(vectors).toHaveLength(GERMAN.length);
    for (const vector of vectors) {
      expect(vector).toBeInstanceOf(Float32Array);
      expect(vector).toHaveLength(TINY_MODEL_SHAPE.hidden);
      expect(Math.hypot(...vector)).toBeCloseTo(1, 5);
    }
    expect(maxDifference(vectors[0] as Float32Array, vectors[1] as Float32Array)).toBeGreaterThan(1e-3);
  });

  it('gives identical vectors for the same text across calls and instances', async () => {
    const first = await TransformersEmbedder.create({ modelsDir, modelId: 'test/tiny-bert' });
    const second = await TransformersEmbedder.create({ modelsDir, modelId: 'test/tiny-bert' });
    const [a] = await first.embedPassages([GERMAN[2] as string]);
    const [b] = await first.embedPassages([GERMAN[2] as string]);
    const [c] = await second.embedPassages([GERMAN[2] as string]);
    expect(Array.from(b as Float32Array)).toEqual(Array.from(a as Float32Array));
    expect(Array.from(c as Float32Array)).toEqual(Array.from(a as Float32Array));
  });

  it('returns the same vectors batched (length-sorted, padded) as one by one, in input order (float32 model)', async () => {
    const embedder = await TransformersEmbedder.create({
      modelsDir,
      modelId: 'test/tiny-bert',
      quantized: false,
      batchSize: 3,
    });
    expect(embedder.id).toBe('transformers:test/tiny-bert:fp32');
    const batched = await embedder.embedPassages(GERMAN);
    const unsorted = await (
      await TransformersEmbedder.create({
        modelsDir,
        modelId: 'test/tiny-bert',
        quantized: false,
        sortByLength: false,
      })
    ).embedPassages(GERMAN);
    for (const [index, text] of GERMAN.entries()) {
      const [single] = await embedder.embedPassages([text]);
      expect(maxDifference(batched[index] as Float32Array, single as Float32Array)).toBeLessThan(1e-5);
      expect(maxDifference(unsorted[index] as Float32Array, single as Float32Array)).toBeLessThan(1e-5);
    }
  });

  it('keeps batched vectors close to single ones with the int8 model, whose activation scale is per batch', async () => {
    const embedder = await TransformersEmbedder.create({
      modelsDir,
      modelId: 'test/tiny-bert',
      batchSize: 4,
    });
    const batched = await embedder.embedPassages(GERMAN);
    for (const [index, text] of GERMAN.entries()) {
      const [single] = await embedder.embedPassages([text]);
      expect(cosine(batched[index] as Float32Array, single as Float32Array)).toBeGreaterThan(0.999);
    }
  });

  it('applies "query: " and "passage: " prefixes for e5-family model ids', async () => {
    const embedder = await TransformersEmbedder.create({
      modelsDir,
      modelId: 'test/tiny-e5-small',
      quantized: false,
    });
    expect([embedder.queryPrefix, embedder.passagePrefix]).toEqual(['query: ', 'passage: ']);
    const text = 'Wie viele Menschen demonstrierten in der Hauptstadt?';
    const query = await embedder.embedQuery(text);
    const [passage] = await embedder.embedPassages([text]);
    const [plain] = await embedder.embedTokenized([embedder.encode(text)]);
    const [explicitQuery] = await embedder.embedTokenized([embedder.encode(`query: ${text}`)]);
    expect(maxDifference(query, passage as Float32Array)).toBeGreaterThan(1e-3);
    expect(maxDifference(query, plain as Float32Array)).toBeGreaterThan(1e-3);
    expect(maxDifference(query, explicitQuery as Float32Array)).toBeLessThan(1e-6);
  });

  it('uses no prefixes for other models, and custom prefixes change the id', async () => {
    const plain = await TransformersEmbedder.create({
      modelsDir,
      modelId: 'test/tiny-bert',
      quantized: false,
    });
    const text = 'Wie viele Menschen demonstrierten?';
    expect(
      maxDifference(await plain.embedQuery(text), (await plain.embedPassages([text]))[0] as Float32Array),
    ).toBeLessThan(1e-6);
    const custom = await TransformersEmbedder.create({
      modelsDir,
      modelId: 'test/tiny-bert',
      quantized: false,
      queryPrefix: 'frage: ',
    });
    expect(custom.id).not.toBe(plain.id);
    expect(maxDifference(await custom.embedQuery(text), await plain.embedQuery(text))).toBeGreaterThan(1e-3);
  });

  it('truncates long texts to the model maximum, keeping the closing </s>', async () => {
    const embedder = await TransformersEmbedder.create({ modelsDir, modelId: 'test/tiny-bert' });
    expect(embedder.maxLength).toBe(TINY_MODEL_SHAPE.maxPositions);
    const long = GERMAN.join(' ').repeat(40);
    const ids = embedder.encode(long);
    expect(ids).toHaveLength(TINY_MODEL_SHAPE.maxPositions);
    expect(ids[0]).toBe(0);
    expect(ids[ids.length - 1]).toBe(2);
    const [vector] = await embedder.embedPassages([long]);
    expect(Math.hypot(...(vector as Float32Array))).toBeCloseTo(1, 5);

    const short = await TransformersEmbedder.create({ modelsDir, modelId: 'test/tiny-bert', maxLength: 16 });
    expect(short.encode(long)).toHaveLength(16);
    expect(short.id).toBe('transformers:test/tiny-bert:q8:len16');
  });

  it('fails with one line naming the missing file and the fix when the model folder is absent', async () => {
    const attempt = TransformersEmbedder.create({ modelsDir, modelId: 'Xenova/multilingual-e5-small' });
    await expect(attempt).rejects.toThrow(
      `embedding model Xenova/multilingual-e5-small is not available (missing ${path.join(modelsDir, 'Xenova/multilingual-e5-small/config.json')}); ` +
        `run "quellen model fetch" on a machine with internet access, or copy the folder Xenova/multilingual-e5-small into MODELS_DIR (${modelsDir})`,
    );
    // A user error: the adapters show their translated one-liner, not "something went wrong".
    await expect(attempt).rejects.toMatchObject({
      code: 'MODEL_UNAVAILABLE',
      details: { model: 'Xenova/multilingual-e5-small' },
    });
  });

  it('names the missing ONNX file when only the weights are absent', async () => {
    const { dir } = await createTinyModel(modelsDir, 'test/no-weights', { variants: ['fp32'] });
    await expect(TransformersEmbedder.create({ modelsDir, modelId: 'test/no-weights' })).rejects.toThrow(
      `missing ${path.join(dir, 'onnx/model_quantized.onnx')}`,
    );
  });

  it('reports a corrupt model file as a one-line error with the fix', async () => {
    const { dir } = await createTinyModel(modelsDir, 'test/corrupt');
    writeFileSync(path.join(dir, 'onnx/model_quantized.onnx'), 'not an onnx model');
    // transformers.js prints the parse failure with its stack before rethrowing; the test expects
    // the failure, so the stack stays out of the output (and the error must still reach us).
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const error = await TransformersEmbedder.create({ modelsDir, modelId: 'test/corrupt' })
      .catch((caught: Error) => caught)
      .finally(() => warn.mockRestore());
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(
      /^embedding model test\/corrupt is not available \(.+\); run "quellen model fetch"/,
    );
    expect((error as Error).message).not.toContain('\n');
  });

  it('embeds an empty list to an empty list without calling the model', async () => {
    const embedder = await TransformersEmbedder.create({ modelsDir, modelId: 'test/tiny-bert' });
    await expect(embedder.embedPassages([])).resolves.toEqual([]);
  });
});

describe('isE5Model', () => {
  it('recognises e5 model ids and nothing else', () => {
    expect(isE5Model('Xenova/multilingual-e5-small')).toBe(true);
    expect(isE5Model('intfloat/e5-base-v2')).toBe(true);
    expect(isE5Model('Xenova/paraphrase-multilingual-MiniLM-L12-v2')).toBe(false);
    expect(isE5Model('test/bge5-small')).toBe(false);
  });
});

describe('meanPoolNormalized', () => {
  it('averages only each row’s real tokens and scales to unit length', () => {
    // 2 rows × width 3 × 2 dims; row 0 has 1 real token, row 1 has 3. Padding holds huge values.
    const data = Float32Array.from([3, 4, 1000, 1000, 1000, 1000, 1, 0, 0, 1, 1, 1]);
    const [first, second] = meanPoolNormalized(data, [1, 3], 3, 2);
    expect(Array.from(first as Float32Array)).toEqual([expect.closeTo(0.6, 6), expect.closeTo(0.8, 6)]);
    expect(Array.from(second as Float32Array)).toEqual([
      expect.closeTo(Math.SQRT1_2, 6),
      expect.closeTo(Math.SQRT1_2, 6),
    ]);
  });
});

describe('fetchModel', () => {
  it('downloads a model from the hub address into MODELS_DIR and lists files with sizes', async () => {
    const served = new Set<string>();
    const server = http.createServer((request, response) => {
      // Hub layout: /<org>/<name>/resolve/main/<file>
      const match = /^\/test\/tiny-bert\/resolve\/main\/(.+)$/.exec(decodeURIComponent(request.url ?? ''));
      const file = match ? path.join(modelsDir, 'test/tiny-bert', match[1] as string) : '';
      if (!match || !existsSync(file)) {
        response.writeHead(404).end();
        return;
      }
      served.add(match[1] as string);
      response.writeHead(200, { 'content-length': statSync(file).size });
      createReadStream(file).pipe(response);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const target = mkdtempSync(path.join(os.tmpdir(), 'quellen-fetch-'));
    try {
      const { port } = server.address() as AddressInfo;
      const fetched = await fetchModel({
        modelId: 'test/tiny-bert',
        modelsDir: target,
        remoteHost: `http://127.0.0.1:${port}/`,
      });
      const names = fetched.files.map((entry) => entry.file);
      expect(names).toEqual(
        expect.arrayContaining([
          'config.json',
          'tokenizer.json',
          'tokenizer_config.json',
          'onnx/model_quantized.onnx',
        ]),
      );
      expect(served.has('onnx/model_quantized.onnx')).toBe(true);
      const onnx = fetched.files.find((entry) => entry.file === 'onnx/model_quantized.onnx');
      expect(onnx?.bytes).toBe(
        statSync(path.join(modelsDir, 'test/tiny-bert/onnx/model_quantized.onnx')).size,
      );
      expect(fetched.totalBytes).toBe(fetched.files.reduce((sum, entry) => sum + entry.bytes, 0));
      // The fetched folder now loads offline.
      const embedder = await TransformersEmbedder.create({ modelsDir: target, modelId: 'test/tiny-bert' });
      expect(embedder.dimensions).toBe(TINY_MODEL_SHAPE.hidden);
    } finally {
      server.close();
      rmSync(target, { recursive: true, force: true });
    }
  });

  it('says the hub could not be reached when the network fails', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const target = mkdtempSync(path.join(os.tmpdir(), 'quellen-fetch-'));
    try {
      await expect(
        fetchModel({ modelId: 'test/absent', modelsDir: target, remoteHost: `http://127.0.0.1:${port}` }),
      ).rejects.toThrow(/^could not reach the Hugging Face hub: /);
    } finally {
      rmSync(target, { recursive: true, force: true });
    }
  });

  it('passes other failures through as a one-line fetch error', async () => {
    const loader: LoadTransformers = async () =>
      ({
        env: {},
        pipeline: async () => {
          throw new Error('Unsupported model type: foo\nstack details');
        },
      }) as unknown as TransformersModule;
    await expect(fetchModel({ modelId: 'x/y', modelsDir: os.tmpdir(), loader })).rejects.toThrow(
      /^could not fetch model x\/y: Unsupported model type: foo$/,
    );
  });
});
