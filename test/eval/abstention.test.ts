import { existsSync } from 'node:fs';
import path from 'node:path';
import { relevanceScore } from '../../src/core/answer/scoring';
import { BuiltinEmbedder } from '../../src/core/embedding/builtin/builtinEmbedder';
import type { ScoredPassage } from '../../src/core/types';
import {
  formatAbstentionCalibration,
  runAbstentionCalibration,
  sampleQuestions,
} from '../../tools/eval/abstention';
import {
  type ScoredCase,
  calibrate,
  chooseThreshold,
  evaluateThreshold,
  quantiles,
  relevanceOf,
  weightGrid,
} from '../../tools/eval/abstentionCalibrate';
import { buildCases, memoizingEmbedder, unitArticle } from '../../tools/eval/abstentionCases';
import { chunkUnit, type EvalQuestion, type EvalUnit, loadMLQA } from '../../tools/eval/datasets';
import { buildCorpus } from '../../tools/eval/retrievalSystems';
import { writeTinyData } from './tinyData';

const SHARED_DATA = path.resolve(__dirname, '../../../shared/data');

const yes = (score: number): ScoredCase => ({ score, answerable: true });
const no = (score: number): ScoredCase => ({ score, answerable: false });

describe('evaluateThreshold', () => {
  it('abstains below the threshold and counts precision, recall, answered rate and balanced accuracy', () => {
    // Answerable 0.2 0.5 0.6 0.9, unanswerable 0.1 0.3 0.55; threshold 0.4 abstains on 0.1 0.2 0.3.
    const cases = [yes(0.2), yes(0.5), yes(0.6), yes(0.9), no(0.1), no(0.3), no(0.55)];
    const m = evaluateThreshold(cases, 0.4);
    expect(m).toMatchObject({ answerable: 4, unanswerable: 3, answered: 3, abstainedCorrectly: 2 });
    expect(m.abstentionPrecision).toBeCloseTo(2 / 3);
    expect(m.abstentionRecall).toBeCloseTo(2 / 3);
    expect(m.answeredWhenAnswerable).toBeCloseTo(3 / 4);
    expect(m.balancedAccuracy).toBeCloseTo((2 / 3 + 3 / 4) / 2);
    expect(m.abstentionF1).toBeCloseTo(2 / 3);
  });

  it('answers a case whose score equals the threshold, as the answerer does', () => {
    expect(evaluateThreshold([yes(0.4)], 0.4).answered).toBe(1);
    expect(evaluateThreshold([no(0.4)], 0.4).abstainedCorrectly).toBe(0);
  });

  it('reports zero rates instead of NaN when a class or the abstentions are empty', () => {
    const m = evaluateThreshold([yes(0.9)], 0.5);
    expect([m.abstentionPrecision, m.abstentionRecall, m.abstentionF1]).toEqual([0, 0, 0]);
    expect(m.answeredWhenAnswerable).toBe(1);
  });
});

describe('chooseThreshold', () => {
  it('puts the threshold midway between the classes when they separate', () => {
    const { threshold, metrics } = chooseThreshold([no(0.1), no(0.2), yes(0.5), yes(0.7)]);
    expect(threshold).toBeCloseTo(0.35);
    expect(metrics.balancedAccuracy).toBe(1);
  });

  it('maximises balanced accuracy, not accuracy, when the classes are imbalanced', () => {
    // Answering everything is right 9 times in 10; balanced accuracy prefers abstaining below
    // 0.46, which catches the one unanswerable case at the cost of two answerable ones.
    const cases = [...[0.4, 0.41, 0.5, 0.6, 0.7, 0.8, 0.8, 0.9, 0.95].map(yes), no(0.42)];
    const accuracy = (t: number) => {
      const m = evaluateThreshold(cases, t);
      return (m.answered + m.abstainedCorrectly) / cases.length;
    };
    const { threshold, metrics } = chooseThreshold(cases);
    expect(threshold).toBeCloseTo(0.46);
    expect(accuracy(threshold)).toBeLessThan(accuracy(0));
    expect(metrics.abstentionRecall).toBe(1);
    expect(metrics.answeredWhenAnswerable).toBeCloseTo(7 / 9);
    expect(metrics.balancedAccuracy).toBeGreaterThan(evaluateThreshold(cases, 0).balancedAccuracy);
  });

  it('takes the lowest of equally good thresholds', () => {
    // 0.25 and 0.65 both give balanced accuracy 0.75.
    const { threshold } = chooseThreshold([no(0.2), yes(0.3), no(0.6), yes(0.7)]);
    expect(threshold).toBeCloseTo(0.25);
  });

  it('never does worse on its own cases than any other threshold', () => {
    const cases = [0.12, 0.33, 0.35, 0.5, 0.51, 0.8].flatMap((s, i) => [yes(s + 0.05 * (i % 2)), no(s)]);
    const best = chooseThreshold(cases).metrics.balancedAccuracy;
    for (let t = 0; t <= 1; t += 0.01)
      expect(best).toBeGreaterThanOrEqual(evaluateThreshold(cases, t).balancedAccuracy);
  });
});

describe('relevance weighting', () => {
  it('recomputes exactly the score the answerer computes from the same parts', async () => {
    const embedder = new BuiltinEmbedder({ dimensions: 64 });
    const unit: EvalUnit = {
      id: 'u',
      text: 'Der Rhein fließt durch Basel. Köln liegt am Rhein und hat einen Dom.',
    };
    const article = unitArticle(unit);
    const [passage] = chunkUnit(unit, 0);
    const retrieved: ScoredPassage[] = [{ passage: passage!, score: 1, dense: 0.42 }];
    const deps = { embedder, lookup: (id: string) => (id === 'u' ? article : undefined) };
    for (const weights of [
      { coverageWeight: 0.6, denseFloor: 0 },
      { coverageWeight: 0.3, denseFloor: 0.2 },
    ]) {
      const report = await relevanceScore('Durch welche Stadt fließt der Rhein?', retrieved, deps, weights);
      expect(relevanceOf(report, weights)).toBeCloseTo(report.score, 10);
    }
  });

  it('finds the weighting under which the classes separate, keeping the first of equal ones', () => {
    // Coverage is useless here (same for all), dense separates: only weight 0 on coverage is perfect.
    const parts = [
      { coverage: 0.5, dense: 0.6, answerable: true },
      { coverage: 0.5, dense: 0.5, answerable: true },
      { coverage: 0.5, dense: 0.3, answerable: false },
      { coverage: 0.5, dense: 0.2, answerable: false },
    ];
    const grid = weightGrid({ coverageWeight: 0.6, denseFloor: 0 }, [1, 0.5, 0], [0, 0.1]);
    expect(grid).toHaveLength(7);
    const best = calibrate(parts, grid);
    // Every weighting with dense weight > 0 separates; the shipped one comes first and is kept.
    expect(best).toMatchObject({ coverageWeight: 0.6, denseFloor: 0 });
    expect(best.metrics.balancedAccuracy).toBe(1);
    const onlyCoverage = calibrate(parts, [{ coverageWeight: 1, denseFloor: 0 }]);
    expect(onlyCoverage.metrics.balancedAccuracy).toBe(0.5);
  });
});

describe('sampleQuestions', () => {
  const questions: EvalQuestion[] = Array.from({ length: 50 }, (_, i) => ({
    id: `q${i}`,
    question: `Q${i}?`,
    unitId: 'u',
    answers: [],
  }));

  it('keeps the same questions on every call, in their original order', () => {
    const a = sampleQuestions(questions, 10);
    expect(a).toHaveLength(10);
    expect(
      sampleQuestions([...questions].reverse(), 10)
        .map((q) => q.id)
        .sort(),
    ).toEqual(a.map((q) => q.id).sort());
    const order = a.map((q) => Number(q.id.slice(1)));
    expect(order).toEqual([...order].sort((x, y) => x - y));
  });

  it('keeps everything with 0 or a maximum above the count', () => {
    expect(sampleQuestions(questions, 0)).toHaveLength(50);
    expect(sampleQuestions(questions, 80)).toHaveLength(50);
  });
});

describe('buildCases', () => {
  const units: EvalUnit[] = [
    { id: 'a/0', text: 'Der Rhein fließt durch Basel und Köln. Er mündet in die Nordsee.' },
    { id: 'a/1', text: 'In Köln steht ein gotischer Dom am Ufer des Rheins.' },
    { id: 'b/0', text: 'Basalt ist ein vulkanisches Gestein aus erstarrter Lava.' },
  ];
  const question: EvalQuestion = {
    id: 'q1',
    question: 'Fließt der Rhein durch Basel?',
    unitId: 'a/0',
    answers: ['Basel'],
  };

  it('asks each question with and without its gold group, never retrieving the removed units', async () => {
    const embedder = memoizingEmbedder(new BuiltinEmbedder({ dimensions: 64 }));
    const corpus = await buildCorpus(units, embedder, { maxChars: 500, overlapSentences: 1 }, new Map());
    const suite = {
      name: 'tiny',
      questions: [question],
      units,
      corpus,
      removedFor: () => new Set(['a/0', 'a/1']),
    };
    const [answerable, unanswerable] = await buildCases(suite, { embedder, topK: 6 });
    expect(answerable).toMatchObject({ answerable: true, goldRead: true, questionId: 'q1', suite: 'tiny' });
    expect(answerable!.coverage).toBe(1);
    expect(unanswerable).toMatchObject({ answerable: false });
    // Only the basalt paragraph is left: it shares no term with the question.
    expect(unanswerable!.coverage).toBe(0);
    expect(unanswerable!.score).toBeLessThan(answerable!.score);
  });
});

describe('runAbstentionCalibration', () => {
  it('builds one answerable and one unanswerable case per question and notes the missing translator', async () => {
    const result = await runAbstentionCalibration({
      dataDir: writeTinyData(),
      embedder: new BuiltinEmbedder({ dimensions: 64 }),
    });
    expect(result).toBeDefined();
    expect(result!.suites).toEqual([
      { name: 'XQuAD de→de', questions: 3 },
      { name: 'MLQA de', questions: 3 },
    ]);
    expect(result!.cases.tune + result!.cases.report).toBe(12);
    expect(result!.current.tune.answerable + result!.current.report.answerable).toBe(6);
    expect(result!.notes.join('\n')).toContain('XQuAD en→de skipped');
    expect(formatAbstentionCalibration(result!)).toContain('abstention calibration');
  });

  it('returns undefined when neither dataset is present', async () => {
    expect(await runAbstentionCalibration({ dataDir: path.join(__dirname, 'no-such-dir') })).toBeUndefined();
  });

  it('on a slice of MLQA, separates answerable from unanswerable questions better than chance', async () => {
    if (!existsSync(SHARED_DATA)) {
      console.log(`skipped: ${SHARED_DATA} not found (shared evaluation data is absent)`);
      return;
    }
    // A slice keeps this fast (Snowball stemming is slow under jest); the full run is `npm run eval`.
    const mlqa = loadMLQA(SHARED_DATA);
    const units = mlqa.units.slice(0, 30);
    const kept = new Set(units.map((u) => u.id));
    const embedder = memoizingEmbedder(new BuiltinEmbedder());
    const corpus = await buildCorpus(units, embedder, { maxChars: 500, overlapSentences: 1 }, new Map());
    const questions = mlqa.questions.filter((q) => kept.has(q.unitId));
    const suite = {
      name: 'MLQA slice',
      questions,
      units,
      corpus,
      removedFor: (q: EvalQuestion) => new Set([q.unitId]),
    };
    const cases = await buildCases(suite, { embedder, topK: 6 });
    expect(cases).toHaveLength(2 * questions.length);
    const scores = (answerable: boolean) =>
      cases.filter((c) => c.answerable === answerable).map((c) => c.score);
    expect(quantiles(scores(true)).p50).toBeGreaterThan(quantiles(scores(false)).p50);
    const { threshold } = chooseThreshold(cases.filter((c) => c.half === 'tune'));
    expect(
      evaluateThreshold(
        cases.filter((c) => c.half === 'report'),
        threshold,
      ).balancedAccuracy,
    ).toBeGreaterThan(0.55);
  }, 30_000);
});
