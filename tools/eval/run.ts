import { existsSync } from 'node:fs';
import path from 'node:path';
import { formatReaderEval, READER_QUESTIONS_DIR, runReaderEval, type ReaderEvalResult } from './readers';
import { embedderSelectionOf, loadSynonymsOf, loadTranslation } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createEmbedder } from '../../src/core/embedding/select';
import {
  formatAbstentionCalibration,
  runAbstentionCalibration,
  type AbstentionCalibrationResult,
} from './abstention';
import {
  formatSelection,
  prepareSelection,
  scoreSelection,
  type SelectionSuiteResult,
} from './answerSelection';
import { formatAnswerEval, runAnswerEval, type AnswerEvalResult } from './answers';
import { formatRetrievalResults, runRetrievalSuites, type RetrievalEvalResult } from './retrieval';

/** Options of `npm run eval`. */
export interface EvalOptions {
  json: boolean;
  /** The folder holding `data/`, `articles/` and `eval/` (default: ../shared next to the working directory). */
  sharedDir?: string;
  out: (line: string) => void;
  /** Unrelated 10kGNAD articles added to the reader questions' collection (default 0). */
  distractors?: number;
  /** Progress lines (default: stderr). */
  log?: (line: string) => void;
}

/** Everything `npm run eval -- --json` prints. */
export interface EvalReport {
  sharedDir: string;
  /** Reader questions (src/eval/readers.ts): reported first, the figure that matters most. */
  readers?: ReaderEvalResult;
  retrieval?: RetrievalEvalResult;
  answers?: AnswerEvalResult;
  /** Which sentences the extractive answerer quotes on XQuAD and MLQA (src/eval/answerSelection.ts). */
  selection?: SelectionSuiteResult[];
  abstention?: AbstentionCalibrationResult;
  notes: string[];
}

/**
 * Runs the evaluation suites whose data is present: paragraph retrieval on XQuAD and MLQA
 * (with the baselines, in the same run), the quotes the answerer picks there, abstention, and
 * the development questions on the sample articles. Missing data is skipped with a note, never
 * an error.
 */
export async function runEval(options: EvalOptions): Promise<void> {
  const log = options.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const sharedDir = path.resolve(options.sharedDir ?? path.join(process.cwd(), '..', 'shared'));
  const report: EvalReport = { sharedDir, notes: [] };
  const config = loadConfig();

  const dataDir = path.join(sharedDir, 'data');
  if (existsSync(path.join(dataDir, '10kgnad', 'test.jsonl'))) {
    log('asking the reader questions');
    report.readers = await runReaderEval({
      questionsDir: READER_QUESTIONS_DIR,
      sharedDir,
      ...(options.distractors ? { distractors: options.distractors } : {}),
    });
  } else {
    report.notes.push(`reader questions skipped: no ${path.join(dataDir, '10kgnad', 'test.jsonl')}`);
  }
  if (existsSync(dataDir)) {
    const embedder = await createEmbedder(embedderSelectionOf(config), { warn: log, info: () => undefined });
    const translation = await loadTranslation(config, { cacheDir: config.INDEX_DIR });
    if (!translation)
      report.notes.push(`no dictionary at ${config.DICTIONARY_PATH}: English questions are not translated`);
    const synonyms = loadSynonymsOf(config, { cacheDir: config.INDEX_DIR });
    if (!synonyms)
      report.notes.push(
        `no thesaurus at ${config.THESAURUS_PATH}: German questions are scored without synonyms`,
      );
    report.retrieval = await runRetrievalSuites({
      dataDir,
      embedder,
      ...(translation ? { translation } : {}),
      chunkMaxChars: config.CHUNK_MAX_CHARS,
      overlapSentences: config.CHUNK_OVERLAP_SENTENCES,
      log,
    });

    log('measuring answer selection');
    const selection = await prepareSelection({
      dataDir,
      embedder,
      topK: config.TOP_K,
      chunkMaxChars: config.CHUNK_MAX_CHARS,
      overlapSentences: config.CHUNK_OVERLAP_SENTENCES,
      log,
      ...(translation ? { translation } : {}),
      ...(synonyms ? { synonyms } : {}),
    });
    if (selection.cases.length > 0) report.selection = await scoreSelection(selection);

    // Abstention calibration (src/eval/abstention.ts): threshold and weighting chosen on the tuning half.
    log('calibrating abstention');
    report.abstention = await runAbstentionCalibration({
      dataDir,
      embedder,
      ...(translation ? { translation } : {}),
      chunkMaxChars: config.CHUNK_MAX_CHARS,
      overlapSentences: config.CHUNK_OVERLAP_SENTENCES,
      topK: config.TOP_K,
      log,
    });
    if (!report.abstention)
      report.notes.push(`abstention calibration skipped: no XQuAD or MLQA data in ${dataDir}`);
  } else {
    report.notes.push(`retrieval suites skipped: no ${dataDir}`);
  }

  const articlesDir = path.join(sharedDir, 'articles');
  const questionsFile = path.join(sharedDir, 'eval', 'dev_qa.jsonl');
  if (existsSync(articlesDir) && existsSync(questionsFile)) {
    log('evaluating answers on dev_qa');
    report.answers = await runAnswerEval({ articlesDir, questionsFile });
  } else {
    report.notes.push(`answer suite skipped: no ${questionsFile} or ${articlesDir}`);
  }

  if (options.json) {
    options.out(JSON.stringify(report));
    return;
  }
  if (report.readers) options.out(formatReaderEval(report.readers));
  if (report.retrieval) options.out(formatRetrievalResults(report.retrieval));
  if (report.selection) options.out(formatSelection(report.selection));
  if (report.answers) options.out(formatAnswerEval(report.answers));
  if (report.abstention) options.out(formatAbstentionCalibration(report.abstention));
  for (const note of report.notes) options.out(`note: ${note}`);
}
