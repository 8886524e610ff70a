import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type EvalReport, runEval } from '../../tools/eval/run';
import { writeTinyData } from './tinyData';

/** A shared folder as `npm run eval` expects it: data/, articles/ and eval/dev_qa.jsonl. */
function writeShared(): string {
  const shared = mkdtempSync(path.join(os.tmpdir(), 'quellen-shared-'));
  const data = writeTinyData();
  cpSync(data, path.join(shared, 'data'), { recursive: true });
  rmSync(data, { recursive: true, force: true });
  mkdirSync(path.join(shared, 'articles'));
  writeFileSync(
    path.join(shared, 'articles', '000_rhein.txt'),
    'Der Rhein fließt durch Basel und Köln.\n\nIm Winter führt er wenig Wasser.\n',
  );
  mkdirSync(path.join(shared, 'eval'));
  const questions = [
    {
      id: 'q1',
      lang: 'de',
      question: 'Durch welche Städte fließt der Rhein?',
      article: '000_rhein',
      gold_passage_contains: 'Basel und Köln',
      answer_any: ['Basel'],
    },
    { id: 'q2', lang: 'de', question: 'Wer erfand das Telefon?', answerable: false },
  ];
  writeFileSync(
    path.join(shared, 'eval', 'dev_qa.jsonl'),
    questions.map((q) => JSON.stringify(q)).join('\n') + '\n',
  );
  return shared;
}

describe('npm run eval', () => {
  const saved = { ...process.env };
  let shared: string;
  let indexDir: string;

  beforeAll(() => {
    shared = writeShared();
    indexDir = mkdtempSync(path.join(os.tmpdir(), 'quellen-eval-index-'));
    // The built-in embedder and no dictionary: the same figures on every machine.
    process.env.EMBEDDINGS = 'builtin';
    process.env.INDEX_DIR = indexDir;
    process.env.DICTIONARY_PATH = path.join(indexDir, 'no-dictionary');
    process.env.THESAURUS_PATH = path.join(indexDir, 'no-thesaurus');
  });

  afterAll(() => {
    process.env = saved;
    for (const dir of [shared, indexDir]) rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  });

  it('prints every suite whose data is present, as a table and as JSON', async () => {
    const lines: string[] = [];
    await runEval({ json: false, sharedDir: shared, out: (line) => lines.push(line), log: () => {} });
    const text = lines.join('\n');
    expect(text).toMatch(/XQuAD de→de\s+hybrid/);
    expect(text).toContain('answer selection (quote contains the gold answer');
    expect(text).toMatch(
      /answers \(dev_qa, 2 questions\): answer right 1\/1, citation at gold passage 1\/1, unanswerable abstained 1\/1/,
    );
    expect(text).toContain('abstention calibration');
    expect(text).toContain('note: no dictionary at');

    const json: string[] = [];
    await runEval({ json: true, sharedDir: shared, out: (line) => json.push(line), log: () => {} });
    expect(json).toHaveLength(1);
    const report = JSON.parse(json[0]!) as EvalReport;
    expect(report.selection?.map((suite) => suite.suite)).toEqual(['XQuAD de→de', 'XQuAD en→de', 'MLQA de']);
    expect(report.answers).toMatchObject({ questions: 2, answerCorrect: 1, abstainedCorrectly: 1 });
    expect(report.retrieval).toBeDefined();
    expect(report.abstention).toBeDefined();
  });

  it('skips what is absent with a note instead of failing', async () => {
    const lines: string[] = [];
    const empty = mkdtempSync(path.join(os.tmpdir(), 'quellen-shared-empty-'));
    try {
      await runEval({ json: false, sharedDir: empty, out: (line) => lines.push(line), log: () => {} });
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
    expect(lines).toEqual([
      `note: reader questions skipped: no ${path.join(empty, 'data', '10kgnad', 'test.jsonl')}`,
      `note: retrieval suites skipped: no ${path.join(empty, 'data')}`,
      `note: answer suite skipped: no ${path.join(empty, 'eval', 'dev_qa.jsonl')} or ${path.join(empty, 'articles')}`,
    ]);
  });
});
