import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { type Translation, translationOf } from '../../src/app';
import { DictionaryTranslator } from '../../src/core/retrieval/translate/dictionaryTranslator';
import { formatRetrievalResults, runRetrievalSuites } from './retrieval';
import { benchLexicalIndex } from './retrievalBench';
import { tuneRetrieval } from './retrievalTune';

/**
 * Runs the retrieval evaluation from a shell until the CLI wires it up:
 *   npx tsx src/eval/retrievalRun.ts [--data ../shared/data] [--chunk 500] [--translate] [--json]
 *   npx tsx src/eval/retrievalRun.ts --tune      (parameter search on the tuning halves only)
 *   npx tsx src/eval/retrievalRun.ts --bench 100000   (lexical index build/load/query times)
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      data: { type: 'string', default: path.resolve(__dirname, '../../../shared/data') },
      chunk: { type: 'string', default: '500' },
      json: { type: 'boolean', default: false },
      translate: { type: 'boolean', default: false },
      tune: { type: 'boolean', default: false },
      bench: { type: 'string' },
    },
  });
  const log = (line: string) => process.stderr.write(`${line}\n`);
  if (values.bench !== undefined) {
    process.stdout.write(`${JSON.stringify(benchLexicalIndex(Number(values.bench)), null, 2)}\n`);
    return;
  }
  const chunkMaxChars = Number(values.chunk);
  if (values.tune) {
    const result = await tuneRetrieval({ dataDir: values.data, chunkMaxChars, log });
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return;
  }
  let translation: Translation | undefined;
  if (values.translate) {
    const translator = await DictionaryTranslator.load(undefined, {
      cacheDir: path.join(os.tmpdir(), 'quellen-eval-dictionary'),
    });
    if (!translator) log('no dictionary found: running without translation');
    else translation = translationOf(translator);
  }
  const result = await runRetrievalSuites({
    dataDir: values.data,
    chunkMaxChars,
    log,
    ...(translation ? { translation } : {}),
  });
  process.stdout.write(
    values.json ? `${JSON.stringify(result, null, 2)}\n` : `${formatRetrievalResults(result)}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
