import { formatAbstentionCalibration, runAbstentionCalibration } from './abstention';
import { runEvalRunner, setUpEvalRunner } from './runnerSetup';

/**
 * Runs the abstention calibration alone, with the configured embedder and dictionary:
 *   npx tsx tools/eval/abstentionRun.ts [--data ../shared/data] [--all | --max 300] [--json]
 * `--all` uses every question (about 2 minutes here); `npm run eval` runs the default sample.
 */
async function main(): Promise<void> {
  const run = await setUpEvalRunner();
  const result = await runAbstentionCalibration({
    dataDir: run.dataDir,
    embedder: run.embedder,
    chunkMaxChars: run.config.CHUNK_MAX_CHARS,
    overlapSentences: run.config.CHUNK_OVERLAP_SENTENCES,
    topK: run.config.TOP_K,
    maxQuestionsPerSuite: run.maxQuestionsPerSuite,
    log: run.log,
    ...(run.translation ? { translation: run.translation } : {}),
  });
  if (!result) {
    run.log(`no XQuAD or MLQA data under ${run.dataDir}`);
    process.exitCode = 1;
    return;
  }
  process.stdout.write(
    run.json ? `${JSON.stringify(result, null, 2)}\n` : `${formatAbstentionCalibration(result)}\n`,
  );
}

runEvalRunner(main);
