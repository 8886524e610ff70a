import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { embedderSelectionOf } from '../app';
import { loadConfig } from '../config';
import { createEmbedder } from '../core/embedding/select';
import { DictionaryTranslator } from '../core/retrieval/translate';
import { formatSelection, prepareSelection, scoreSelection } from './answerSelection';

/**
 * Measures which sentences the extractive answerer quotes, on XQuAD and MLQA:
 *   npx tsx src/eval/answerSelectionRun.ts [--data ../shared/data] [--all | --max 300] [--json]
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
  const prepared = await prepareSelection({
    dataDir: values.data,
    embedder,
    topK: config.TOP_K,
    chunkMaxChars: config.CHUNK_MAX_CHARS,
    overlapSentences: config.CHUNK_OVERLAP_SENTENCES,
    maxQuestionsPerSuite: values.all ? 0 : Number(values.max),
    log,
    ...(translator ? { translate: (question: string) => translator.translate(question).text } : {}),
  });
  for (const note of prepared.notes) log(note);
  const results = await scoreSelection(prepared);
  process.stdout.write(
    values.json ? `${JSON.stringify(results, null, 2)}\n` : `${formatSelection(results)}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
