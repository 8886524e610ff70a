import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { embedderSelectionOf } from '../app';
import { loadConfig } from '../config';
import { createEmbedder } from '../core/embedding/select';
import { DictionaryTranslator } from '../core/retrieval/translate';
import { formatAbstentionCalibration, runAbstentionCalibration } from './abstention';

/**
 * Runs the abstention calibration alone, with the configured embedder and dictionary:
 *   npx tsx src/eval/abstentionRun.ts [--data ../shared/data] [--all | --max 300] [--json]
 * `--all` uses every question (about 2 minutes here); `quellen eval` runs the default sample.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      data: { type: 'string', default: path.resolve(__dirname, '../../../shared/data') },
      all: { type: 'boolean', default: false },
      max: { type: 'string', default: '300' },
      json: { type: 'boolean', default: false },
    },
  });
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const config = loadConfig();
  const embedder = await createEmbedder(embedderSelectionOf(config), { warn: log, info: () => undefined });
  const translator = await DictionaryTranslator.load(config.DICTIONARY_PATH, {
    cacheDir: path.join(os.tmpdir(), 'quellen-eval-dictionary'),
  });
  const result = await runAbstentionCalibration({
    dataDir: values.data,
    embedder,
    chunkMaxChars: config.CHUNK_MAX_CHARS,
    overlapSentences: config.CHUNK_OVERLAP_SENTENCES,
    topK: config.TOP_K,
    maxQuestionsPerSuite: values.all ? 0 : Number(values.max),
    log,
    ...(translator ? { translate: (question: string) => translator.translate(question).text } : {}),
  });
  if (!result) {
    log(`no XQuAD or MLQA data under ${values.data}`);
    process.exitCode = 1;
    return;
  }
  process.stdout.write(
    values.json ? `${JSON.stringify(result, null, 2)}\n` : `${formatAbstentionCalibration(result)}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
