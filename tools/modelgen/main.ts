/**
 * `npm run gen-model -- <dir>`: writes a small BERT-shaped ONNX model with its tokenizer, in
 * the layout transformers.js loads offline, so the transformers path can be tried where no
 * model can be downloaded (its vectors are random: for plumbing, not for quality). A tool for
 * developers, not part of `quellen`.
 */
import { Command } from 'commander';
import { runCommand } from '../../src/bootstrap';
import { writeBertModel } from './model';

const program = new Command('gen-model')
  .description('write a small random BERT-shaped model for offline tests of the transformers path')
  .argument('<dir>', 'model folder, e.g. models/Xenova/multilingual-e5-small')
  .option('--hidden <n>', 'hidden size', '32')
  .option('--layers <n>', 'transformer layers', '2')
  .option('--rerank', 'a cross-encoder (one-logit classification head) for RERANK_MODEL')
  .action((dir: string, options: { hidden: string; layers: string; rerank?: boolean }) =>
    runCommand(async () => {
      const hidden = Number(options.hidden);
      const layers = Number(options.layers);
      if (!Number.isInteger(hidden) || hidden < 4 || !Number.isInteger(layers) || layers < 1) {
        throw new Error('--hidden must be a whole number ≥ 4 and --layers ≥ 1');
      }
      const files = await writeBertModel(dir, {
        hidden,
        layers,
        heads: 2,
        ffn: hidden * 2,
        vocabSize: 2000,
        maxPositions: 512,
        seed: 1,
        ...(options.rerank ? { head: 'sequence-classification' as const } : {}),
      });
      for (const file of files) process.stdout.write(`${file.file}\t${file.bytes} B\n`);
    }),
  );

void program.parseAsync(process.argv);
