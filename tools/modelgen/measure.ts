import { existsSync } from 'node:fs';
import type * as OrtModule from 'onnxruntime-node';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { TransformersEmbedder } from '../../src/core/embedding/transformers';
import { E5_SMALL_SHAPE, type BertShape } from './bert';
import { GERMAN_SAMPLE_SENTENCES } from './germanSample';
import { writeBertModel, type WrittenFile } from './model';
import { Prng } from './prng';

/**
 * Throughput of {@link TransformersEmbedder} against raw onnxruntime-node `session.run` on the same
 * token ids and batches, on a generated model of the multilingual-e5-small shape. Reusable by
 * `npm run bench`; also runnable directly:
 * `npx tsx src/modelgen/measure.ts --models-dir /tmp/quellen-bench [--passages 200] [--batch-sizes 8,16,32]`.
 */

/** Options of {@link measureEmbedder}. */
export interface EmbedderBenchOptions {
  /** Where the generated model is written (`<modelsDir>/<modelId>`), reused when present. */
  modelsDir: string;
  /** Default `bench/multilingual-e5-small-shape` (an e5 id, so the e5 prefixes apply). */
  modelId?: string;
  /** Default: the multilingual-e5-small shape. */
  shape?: BertShape;
  /** Regenerate even if the model folder exists. */
  regenerate?: boolean;
  /** Default: 200 synthetic German passages of 250–550 characters (mean ≈ 400). */
  passages?: readonly string[];
  batchSizes?: readonly number[];
  /** Queries timed one at a time (default 20). */
  queries?: number;
  /** Timed repetitions per case; the fastest counts (default 2). */
  repeats?: number;
  /** Progress lines. */
  log?: (line: string) => void;
}

/** One batch size: passages per second for each way of running the same work. */
export interface BatchRow {
  batchSize: number;
  /** `embedPassages` end to end: tokenization, batching, model, pooling. */
  ours: number;
  /** `embedTokenized` on ids tokenized beforehand: batching, model, pooling. */
  oursPretokenized: number;
  /** Raw `InferenceSession.run` on the same ids and batches (length-sorted, padded per batch). */
  raw: number;
  /** Ours without length sorting (padding to the longest text of an arbitrary batch). */
  oursUnsorted: number;
  /** Ours end-to-end wall time / raw wall time (> 1 means overhead). */
  ratio: number;
  /** The same ratio in process CPU time, steadier on a busy machine. */
  cpuRatio: number;
  /** Ours pre-tokenized / raw in CPU time: the overhead of everything but tokenization. */
  pretokenizedCpuRatio: number;
}

export interface EmbedderBenchResult {
  modelId: string;
  shape: BertShape;
  /** Undefined when an existing model folder was reused. */
  generation?: { ms: number; files: WrittenFile[] };
  passages: number;
  meanChars: number;
  meanTokens: number;
  maxTokens: number;
  rows: BatchRow[];
  /** Median milliseconds per single query. */
  queryMs: { ours: number; raw: number; ratio: number };
  /** 1-minute load average when the measurement ended (other processes compete for the cores). */
  loadAverage: number;
}

/** Deterministic German passages from the sample sentences, lengths spread over [minChars, maxChars]. */
export function syntheticGermanPassages(count: number, minChars = 250, maxChars = 550, seed = 7): string[] {
  const rng = new Prng(seed);
  const pick = (): string =>
    GERMAN_SAMPLE_SENTENCES[Math.floor(rng.next() * GERMAN_SAMPLE_SENTENCES.length)] as string;
  return Array.from({ length: count }, () => {
    const target = minChars + Math.floor(rng.next() * (maxChars - minChars + 1));
    let text = pick();
    while (text.length < target) text += ` ${pick()}`;
    return text.length > maxChars ? text.slice(0, text.lastIndexOf(' ', maxChars)) : text;
  });
}

type Ort = typeof OrtModule;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Best wall-clock and best process CPU time (all threads) of one case, in milliseconds. */
interface Timing {
  wall: number;
  cpu: number;
}

/**
 * Times several cases in rounds (a, b, c, a, b, c, …) and keeps each case's fastest run, so a
 * burst of load from other processes hits all cases alike instead of skewing one of them. CPU time
 * is recorded too: on a shared machine it is steadier than wall time (ORT's spinning threads make
 * it an upper bound for both sides alike).
 */
async function fastestInterleaved(repeats: number, cases: Array<() => Promise<unknown>>): Promise<Timing[]> {
  const best = cases.map(() => ({ wall: Infinity, cpu: Infinity }));
  for (let round = 0; round < repeats; round++) {
    for (const [index, run] of cases.entries()) {
      const cpuStart = process.cpuUsage();
      const start = performance.now();
      await run();
      const wall = performance.now() - start;
      const cpuUsed = process.cpuUsage(cpuStart);
      const timing = best[index] as Timing;
      timing.wall = Math.min(timing.wall, wall);
      timing.cpu = Math.min(timing.cpu, (cpuUsed.user + cpuUsed.system) / 1000);
    }
  }
  return best;
}

/** The reference: onnxruntime-node alone, fed exactly what the embedder feeds it. */
class RawRunner {
  private constructor(
    private readonly ort: Ort,
    private readonly session: OrtModule.InferenceSession,
    private readonly padId: number,
  ) {}

  static async create(modelFile: string, padId: number): Promise<RawRunner> {
    // Compiled to CommonJS, import() of this CommonJS package yields `{ default: module }`.
    const loaded = (await import('onnxruntime-node')) as Ort & { default?: Ort };
    const ort = loaded.default ?? loaded;
    // The same session options transformers.js v2 uses in Node.
    const session = await ort.InferenceSession.create(modelFile, { executionProviders: ['cpu'] });
    return new RawRunner(ort, session, padId);
  }

  async run(rows: readonly number[][]): Promise<void> {
    const width = Math.max(1, ...rows.map((ids) => ids.length));
    const size = rows.length * width;
    const inputIds = new BigInt64Array(size).fill(BigInt(this.padId));
    const mask = new BigInt64Array(size);
    rows.forEach((ids, row) => {
      for (let index = 0; index < ids.length; index++) {
        inputIds[row * width + index] = BigInt(ids[index] as number);
        mask[row * width + index] = 1n;
      }
    });
    const dims = [rows.length, width];
    await this.session.run({
      input_ids: new this.ort.Tensor('int64', inputIds, dims),
      attention_mask: new this.ort.Tensor('int64', mask, dims),
      token_type_ids: new this.ort.Tensor('int64', new BigInt64Array(size), dims),
    });
  }

  /** Same batches as the embedder: sorted by length, `batchSize` at a time. */
  async runAll(tokenized: readonly number[][], batchSize: number): Promise<void> {
    const sorted = [...tokenized].sort((a, b) => a.length - b.length);
    for (let start = 0; start < sorted.length; start += batchSize)
      await this.run(sorted.slice(start, start + batchSize));
  }
}

/**
 * Generates (or reuses) the model, then times ours vs raw per batch size and per query.
 *
 * @example
 * const result = await measureEmbedder({ modelsDir: '/tmp/quellen-bench' });
 * console.log(formatEmbedderBench(result));
 */
export async function measureEmbedder(options: EmbedderBenchOptions): Promise<EmbedderBenchResult> {
  const {
    modelsDir,
    modelId = 'bench/multilingual-e5-small-shape',
    shape = E5_SMALL_SHAPE,
    regenerate = false,
    passages = syntheticGermanPassages(200),
    batchSizes = [8, 16, 32],
    queries = 20,
    repeats = 2,
    log = () => undefined,
  } = options;
  const dir = path.join(modelsDir, modelId);
  const modelFile = path.join(dir, 'onnx/model_quantized.onnx');
  let generation: EmbedderBenchResult['generation'];
  if (regenerate || !existsSync(modelFile)) {
    log(`generating ${modelId} (${JSON.stringify(shape)}) …`);
    const start = performance.now();
    const files = await writeBertModel(dir, { ...shape, variants: ['quantized'] });
    generation = { ms: performance.now() - start, files };
    log(`generated in ${(generation.ms / 1000).toFixed(1)} s`);
  }

  const embedders = new Map<string, TransformersEmbedder>();
  const embedder = async (batchSize: number, sortByLength = true): Promise<TransformersEmbedder> => {
    const key = `${batchSize}:${sortByLength}`;
    let found = embedders.get(key);
    if (!found) {
      found = await TransformersEmbedder.create({ modelsDir, modelId, batchSize, sortByLength });
      embedders.set(key, found);
    }
    return found;
  };
  const first = await embedder(batchSizes[0] ?? 16);
  const tokenized = passages.map((text) => first.encode(first.passagePrefix + text));
  const raw = await RawRunner.create(modelFile, 1);

  // Warm both paths (session initialisation, allocator growth) before timing.
  await first.embedPassages(passages.slice(0, 8));
  await raw.run(tokenized.slice(0, 8));

  const rows: BatchRow[] = [];
  for (const batchSize of batchSizes) {
    const ours = await embedder(batchSize);
    const unsorted = await embedder(batchSize, false);
    const [oursTime, pretokenizedTime, rawTime] = (await fastestInterleaved(repeats, [
      () => ours.embedPassages(passages),
      () => ours.embedTokenized(tokenized),
      () => raw.runAll(tokenized, batchSize),
    ])) as [Timing, Timing, Timing];
    const [unsortedTime] = (await fastestInterleaved(1, [() => unsorted.embedPassages(passages)])) as [
      Timing,
    ];
    const [oursMs, pretokenizedMs, rawMs, unsortedMs] = [
      oursTime,
      pretokenizedTime,
      rawTime,
      unsortedTime,
    ].map((timing) => timing.wall) as [number, number, number, number];
    const perSecond = (ms: number): number => (passages.length * 1000) / ms;
    rows.push({
      batchSize,
      ours: perSecond(oursMs),
      oursPretokenized: perSecond(pretokenizedMs),
      raw: perSecond(rawMs),
      oursUnsorted: perSecond(unsortedMs),
      ratio: oursMs / rawMs,
      cpuRatio: oursTime.cpu / rawTime.cpu,
      pretokenizedCpuRatio: pretokenizedTime.cpu / rawTime.cpu,
    });
    log(
      `batch ${batchSize}: ours ${perSecond(oursMs).toFixed(1)}/s, raw ${perSecond(rawMs).toFixed(1)}/s, ratio ${(oursMs / rawMs).toFixed(3)}, CPU ratio ${(oursTime.cpu / rawTime.cpu).toFixed(3)}`,
    );
  }

  const questions = passages
    .slice(0, queries)
    .map((text) => `${text.slice(0, text.indexOf(' ', 60) + 1 || 60)}?`);
  const oursQuery: number[] = [];
  const rawQuery: number[] = [];
  for (const question of questions) {
    const ids = first.encode(first.queryPrefix + question);
    let start = performance.now();
    await first.embedQuery(question);
    oursQuery.push(performance.now() - start);
    start = performance.now();
    await raw.run([ids]);
    rawQuery.push(performance.now() - start);
  }
  const lengths = tokenized.map((ids) => ids.length);
  return {
    modelId,
    shape,
    ...(generation ? { generation } : {}),
    passages: passages.length,
    meanChars: passages.reduce((sum, text) => sum + text.length, 0) / Math.max(1, passages.length),
    meanTokens: lengths.reduce((sum, length) => sum + length, 0) / Math.max(1, lengths.length),
    maxTokens: Math.max(0, ...lengths),
    rows,
    queryMs: { ours: median(oursQuery), raw: median(rawQuery), ratio: median(oursQuery) / median(rawQuery) },
    loadAverage: os.loadavg()[0] ?? 0,
  };
}

/** A Markdown report of a {@link measureEmbedder} result. */
export function formatEmbedderBench(result: EmbedderBenchResult): string {
  const lines: string[] = [];
  if (result.generation) {
    const sizes = result.generation.files.map(
      (file) => `${file.file} ${(file.bytes / 2 ** 20).toFixed(1)} MiB`,
    );
    lines.push(`generated in ${(result.generation.ms / 1000).toFixed(1)} s: ${sizes.join(', ')}`);
  }
  lines.push(
    `${os.cpus().length} cores, load average ${result.loadAverage.toFixed(1)} at the end`,
    `${result.passages} passages, mean ${result.meanChars.toFixed(0)} chars, mean ${result.meanTokens.toFixed(1)} tokens (max ${result.maxTokens})`,
    '',
    '| batch | ours passages/s | ours pre-tokenized | raw session.run | ours unsorted | ours/raw wall | ours/raw CPU | pre-tokenized/raw CPU |',
    '|---|---|---|---|---|---|---|---|',
    ...result.rows.map(
      (row) =>
        `| ${row.batchSize} | ${row.ours.toFixed(1)} | ${row.oursPretokenized.toFixed(1)} | ${row.raw.toFixed(1)} | ${row.oursUnsorted.toFixed(1)} | ${row.ratio.toFixed(3)} | ${row.cpuRatio.toFixed(3)} | ${row.pretokenizedCpuRatio.toFixed(3)} |`,
    ),
    '',
    `query (median): ours ${result.queryMs.ours.toFixed(1)} ms, raw ${result.queryMs.raw.toFixed(1)} ms, ratio ${result.queryMs.ratio.toFixed(3)}`,
  );
  return lines.join('\n');
}

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

if (require.main === module) {
  const modelsDir = argument('models-dir') ?? path.resolve('bench-models');
  const count = Number(argument('passages') ?? 200);
  const batchSizes = (argument('batch-sizes') ?? '8,16,32').split(',').map(Number);
  measureEmbedder({
    modelsDir,
    passages: syntheticGermanPassages(count),
    batchSizes,
    regenerate: process.argv.includes('--regenerate'),
    repeats: Number(argument('repeats') ?? 2),
    log: (line) => console.error(line),
  })
    .then((result) => console.log(formatEmbedderBench(result)))
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    });
}
