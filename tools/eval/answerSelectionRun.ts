import { formatSelection, prepareSelection, scoreSelection } from './answerSelection';
import { runEvalRunner, setUpEvalRunner } from './runnerSetup';

/**
 * Measures which sentences the extractive answerer quotes, on XQuAD and MLQA:
 *   npx tsx src/eval/answerSelectionRun.ts [--data ../shared/data] [--all | --max 300] [--json]
 */
async function main(): Promise<void> {
  const run = await setUpEvalRunner();
  const prepared = await prepareSelection({
    dataDir: run.dataDir,
    embedder: run.embedder,
    topK: run.config.TOP_K,
    chunkMaxChars: run.config.CHUNK_MAX_CHARS,
    overlapSentences: run.config.CHUNK_OVERLAP_SENTENCES,
    maxQuestionsPerSuite: run.maxQuestionsPerSuite,
    log: run.log,
    ...(run.translation ? { translation: run.translation } : {}),
    ...(run.synonyms ? { synonyms: run.synonyms } : {}),
  });
  for (const note of prepared.notes) run.log(note);
  if (prepared.cases.length === 0) {
    run.log(`no XQuAD or MLQA data under ${run.dataDir}`);
    process.exitCode = 1;
    return;
  }
  const results = await scoreSelection(prepared);
  process.stdout.write(run.json ? `${JSON.stringify(results, null, 2)}\n` : `${formatSelection(results)}\n`);
}

runEvalRunner(main);
