import os from 'node:os';
import path from 'node:path';
import { DEFAULT_CHUNKING, chunkArticle } from '../../src/core/chunking/chunker';
import { readArticle } from '../../src/core/ingest/readArticle';
import { measureEmbedder, type EmbedderBenchResult } from '../modelgen/measure';
import { generateCorpus, type SourceMaterial } from './corpus';

/**
 * The neural path on a model of real size: a generated BERT with multilingual-e5-small's shape
 * (12 layers, hidden 384, 12 heads, FFN 1536, vocabulary 250,037; random weights, so only the
 * timings mean anything), our `TransformersEmbedder` next to raw onnxruntime-node `session.run`
 * on the same token ids, via `src/modelgen/measure.ts`.
 */

/** Options of {@link measureNeural}. */
export interface NeuralOptions {
  material: SourceMaterial;
  /** Passages embedded per timed case. */
  passages: number;
  batchSizes: number[];
  queries: number;
  repeats: number;
  seed: number;
  /** Where the generated model is kept between runs (default: the system temp folder). */
  modelsDir?: string;
  log: (line: string) => void;
}

/** Passage texts cut from the benchmark corpus exactly as the indexer cuts them. */
export function corpusPassageTexts(material: SourceMaterial, count: number, seed: number): string[] {
  const texts: string[] = [];
  const noGold = { ...material, goldArticles: [] };
  generateCorpus(noGold, {
    targetPassages: count,
    seed,
    countPassages: (article) => {
      const read = readArticle(article.file, Buffer.from(article.content), { maxBytes: 5 * 2 ** 20 });
      if (!read.ok) return 0;
      const passages = chunkArticle(read.article, DEFAULT_CHUNKING);
      for (const passage of passages) texts.push(passage.text);
      return passages.length;
    },
  });
  return texts.slice(0, count);
}

/** Generates the model on first use (about 15 s, 120 MB) and times both paths. */
export async function measureNeural(options: NeuralOptions): Promise<EmbedderBenchResult> {
  return measureEmbedder({
    modelsDir: options.modelsDir ?? path.join(os.tmpdir(), 'quellen-bench-models'),
    passages: corpusPassageTexts(options.material, options.passages, options.seed),
    batchSizes: options.batchSizes,
    queries: options.queries,
    repeats: options.repeats,
    log: options.log,
  });
}
