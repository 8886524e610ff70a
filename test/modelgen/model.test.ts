import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type * as OrtModule from 'onnxruntime-node';
import { writeBertModel } from '../../tools/modelgen/model';
import { createTinyModel, shareTypedArraysWithNative, TINY_MODEL_SHAPE } from '../support/tinyModel';
import { decodeOnnx } from './decodeOnnx';

shareTypedArraysWithNative();

type Ort = typeof OrtModule;
let ort: Ort;
let modelsDir: string;
let modelDir: string;

beforeAll(async () => {
  ort = (await import('onnxruntime-node')) as Ort;
  modelsDir = mkdtempSync(path.join(os.tmpdir(), 'quellen-modelgen-'));
  modelDir = (await createTinyModel(modelsDir)).dir;
});

afterAll(() => {
  rmSync(modelsDir, { recursive: true, force: true });
});

async function run(
  file: string,
  rows: number[][],
  width: number,
): Promise<{ data: Float32Array; dims: readonly number[] }> {
  const session = await ort.InferenceSession.create(path.join(modelDir, file));
  const ids = new BigInt64Array(rows.length * width).fill(1n);
  const mask = new BigInt64Array(rows.length * width);
  rows.forEach((row, r) =>
    row.forEach((id, t) => {
      ids[r * width + t] = BigInt(id);
      mask[r * width + t] = 1n;
    }),
  );
  const dims = [rows.length, width];
  const output = await session.run({
    input_ids: new ort.Tensor('int64', ids, dims),
    attention_mask: new ort.Tensor('int64', mask, dims),
    token_type_ids: new ort.Tensor('int64', new BigInt64Array(ids.length), dims),
  });
  const hidden = output.last_hidden_state as OrtModule.Tensor;
  return { data: hidden.data as Float32Array, dims: hidden.dims };
}

describe('writeBertModel', () => {
  it('writes the transformers.js layout with a config describing the architecture', () => {
    const config = JSON.parse(readFileSync(path.join(modelDir, 'config.json'), 'utf8'));
    expect(config).toMatchObject({
      model_type: 'bert',
      hidden_size: TINY_MODEL_SHAPE.hidden,
      num_hidden_layers: TINY_MODEL_SHAPE.layers,
      num_attention_heads: TINY_MODEL_SHAPE.heads,
      intermediate_size: TINY_MODEL_SHAPE.ffn,
      vocab_size: TINY_MODEL_SHAPE.vocabSize,
      max_position_embeddings: TINY_MODEL_SHAPE.maxPositions,
    });
    const tokenizerConfig = JSON.parse(readFileSync(path.join(modelDir, 'tokenizer_config.json'), 'utf8'));
    expect(tokenizerConfig.model_max_length).toBe(TINY_MODEL_SHAPE.maxPositions);
    const tokenizer = JSON.parse(readFileSync(path.join(modelDir, 'tokenizer.json'), 'utf8'));
    expect(tokenizer.model.vocab).toHaveLength(TINY_MODEL_SHAPE.vocabSize);
  });

  it('writes ONNX files whose graphs have the requested layers and vocabulary', () => {
    for (const file of ['onnx/model_quantized.onnx', 'onnx/model.onnx']) {
      const graph = decodeOnnx(readFileSync(path.join(modelDir, file))).graph;
      const layerScopes = new Set(
        (graph.node as Array<{ name: string }>)
          .map((node) => node.name.split('/')[0])
          .filter((scope) => scope?.startsWith('layer.')),
      );
      expect(layerScopes.size).toBe(TINY_MODEL_SHAPE.layers);
      const word = graph.initializer.find((tensor) =>
        tensor.name.startsWith('embeddings.word_embeddings.weight'),
      );
      expect(word?.dims).toEqual([TINY_MODEL_SHAPE.vocabSize, TINY_MODEL_SHAPE.hidden]);
    }
  });

  it('runs in onnxruntime-node with [batch, sequence, hidden] finite output, float32 and int8 variants agreeing', async () => {
    const rows = [
      [0, 17, 230, 401, 2],
      [0, 55, 2],
    ];
    const fp32 = await run('onnx/model.onnx', rows, 5);
    const int8 = await run('onnx/model_quantized.onnx', rows, 5);
    expect(fp32.dims).toEqual([2, 5, TINY_MODEL_SHAPE.hidden]);
    expect(int8.dims).toEqual([2, 5, TINY_MODEL_SHAPE.hidden]);
    expect(fp32.data.every(Number.isFinite)).toBe(true);
    let dot = 0;
    let normA = 0;
    let normB = 0;
    for (let index = 0; index < fp32.data.length; index++) {
      dot += (fp32.data[index] as number) * (int8.data[index] as number);
      normA += (fp32.data[index] as number) ** 2;
      normB += (int8.data[index] as number) ** 2;
    }
    expect(dot / Math.sqrt(normA * normB)).toBeGreaterThan(0.99);
  });

  it('masks padding: real tokens get the same output alone as next to a longer, padded row', async () => {
    const alone = await run('onnx/model.onnx', [[0, 55, 2]], 3);
    const padded = await run(
      'onnx/model.onnx',
      [
        [0, 55, 2],
        [0, 17, 230, 401, 500, 600, 2],
      ],
      7,
    );
    for (let index = 0; index < 3 * TINY_MODEL_SHAPE.hidden; index++) {
      expect(Math.abs((alone.data[index] as number) - (padded.data[index] as number))).toBeLessThan(1e-5);
    }
    // Different tokens must give different states, or the check above proves nothing.
    const other = await run('onnx/model.onnx', [[0, 56, 2]], 3);
    expect(
      Math.abs(
        (other.data[TINY_MODEL_SHAPE.hidden] as number) - (alone.data[TINY_MODEL_SHAPE.hidden] as number),
      ),
    ).toBeGreaterThan(1e-4);
  });

  it('is deterministic for a seed and changes with it', async () => {
    const again = mkdtempSync(path.join(os.tmpdir(), 'quellen-modelgen-'));
    try {
      const same = await createTinyModel(again, 'a/same');
      const other = await createTinyModel(again, 'a/other', { seed: TINY_MODEL_SHAPE.seed + 1 });
      const file = 'onnx/model_quantized.onnx';
      const original = readFileSync(path.join(modelDir, file));
      expect(readFileSync(path.join(same.dir, file)).equals(original)).toBe(true);
      expect(readFileSync(path.join(other.dir, file)).equals(original)).toBe(false);
      expect(same.files.map((entry) => entry.file)).toEqual([
        'config.json',
        'tokenizer.json',
        'tokenizer_config.json',
        'onnx/model_quantized.onnx',
        'onnx/model.onnx',
      ]);
    } finally {
      rmSync(again, { recursive: true, force: true });
    }
  });

  it('writes a tokenizer transformers.js loads, with the full vocabulary and no unknown pieces for German text', async () => {
    const { AutoTokenizer, env } = await import('@xenova/transformers');
    env.localModelPath = modelsDir;
    env.allowRemoteModels = false;
    const tokenizer = (await AutoTokenizer.from_pretrained('test/tiny-bert')) as unknown as {
      encode(text: string): number[];
      model: { vocab: string[] };
    };
    expect(tokenizer.model.vocab).toHaveLength(TINY_MODEL_SHAPE.vocabSize);
    const ids = tokenizer.encode('Die Ärztin betonte, dass regelmäßige Bewegung hilft.');
    expect(ids[0]).toBe(0);
    expect(ids[ids.length - 1]).toBe(2);
    expect(ids.slice(1, -1)).not.toContain(3);
    expect(ids.length).toBeGreaterThan(8);
  });

  it('writes only the requested variants', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'quellen-modelgen-'));
    try {
      const files = await writeBertModel(dir, { ...TINY_MODEL_SHAPE, layers: 1, variants: ['quantized'] });
      expect(files.map((entry) => entry.file)).not.toContain('onnx/model.onnx');
      expect(files.every((entry) => entry.bytes > 0)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
