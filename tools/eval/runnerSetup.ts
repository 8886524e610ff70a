import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { embedderSelectionOf, loadSynonymsOf, loadTranslation, type Translation } from '../../src/app';
import type { SynonymLookup } from '../../src/core/text/synonyms';
import { type Config, loadConfig } from '../../src/config';
import { createEmbedder } from '../../src/core/embedding/select';
import type { Embedder } from '../../src/core/types';

/** What the stand-alone eval runners share: their options, the configured embedder and dictionary. */
export interface EvalRunner {
  dataDir: string;
  /** Questions per suite: 0 with `--all`, else `--max` (default 300). */
  maxQuestionsPerSuite: number;
  json: boolean;
  config: Config;
  embedder: Embedder;
  translation?: Translation;
  synonyms?: SynonymLookup;
  /** Progress to stderr, so stdout holds only the report. */
  log: (line: string) => void;
}

/** Parses `[--data DIR] [--all | --max N] [--json]` and loads the configured embedder and dictionary. */
export async function setUpEvalRunner(): Promise<EvalRunner> {
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
  const translation = await loadTranslation(config, {
    cacheDir: path.join(os.tmpdir(), 'quellen-eval-dictionary'),
  });
  const synonyms = loadSynonymsOf(config, { cacheDir: path.join(os.tmpdir(), 'quellen-eval-dictionary') });
  return {
    dataDir: values.data,
    maxQuestionsPerSuite: values.all ? 0 : Number(values.max),
    json: values.json,
    config,
    embedder,
    log,
    ...(translation ? { translation } : {}),
    ...(synonyms ? { synonyms } : {}),
  };
}

/** Runs a runner's main, turning a failure into one line on stderr and exit code 1. */
export function runEvalRunner(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
