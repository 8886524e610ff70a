import { existsSync } from 'node:fs';
import path from 'node:path';
import { PostingsLexicalIndex } from '../../src/core/retrieval/postingsLexicalIndex';
import { loadMLQA } from '../../tools/eval/datasets';
import {
  type PreparedSuite,
  type SystemResult,
  evaluateSystem,
  formatRetrievalResults,
  runRetrievalSuites,
} from '../../tools/eval/retrieval';
import { halfOf } from '../../tools/eval/retrievalMetrics';
import { ExactDenseSearch } from '../../tools/eval/retrievalDense';
import {
  type EvalSystem,
  baselineSystem,
  buildCorpus,
  lexicalSystem,
} from '../../tools/eval/retrievalSystems';
import type { Embedder, Passage } from '../../src/core/types';
import { wholeTextPassage } from '../fakes/passages';
import { writeTinyData } from './tinyData';

const SHARED = path.resolve(__dirname, '../../../shared');

function passage(articleId: string, ordinal: number): Passage {
  return wholeTextPassage(articleId, ordinal, 'x');
}

/** Word-presence vectors over a fixed vocabulary, unit length. */
const WORDS = ['panthers', 'rhein', 'basel', 'preussen', 'basalt', 'fluss', 'koln', 'super', 'bowl'];
const embedder: Embedder = {
  id: 'test-words',
  dimensions: WORDS.length,
  embedPassages: async (texts) => texts.map(vec),
  embedQuery: async (text) => vec(text),
};
function vec(text: string): Float32Array {
  const t = text.toLowerCase().replace(/ö/g, 'o').replace(/ß/g, 'ss').replace(/ü/g, 'u');
  const v = new Float32Array(WORDS.map((w) => (t.includes(w) ? 1 : 0)));
  v[0] = v[0]! + 0.01; // never a zero vector
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

describe('evaluateSystem', () => {
  it('computes R@1, R@5 and MRR per half from the rank of the first passage of the gold unit', async () => {
    const passages = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].flatMap((unit) => [
      passage(unit, 0),
      passage(unit, 1),
    ]);
    // Question ids chosen so both halves have two questions each.
    const ids = Array.from({ length: 40 }, (_, i) => `q${i}`);
    const tune = ids.filter((id) => halfOf(id) === 'tune').slice(0, 2);
    const report = ids.filter((id) => halfOf(id) === 'report').slice(0, 2);
    const rankings: Record<string, string[]> = {
      // gold a at rank 1
      [tune[0]!]: ['a#1', 'b#0'],
      // gold b at rank 3 (its second passage)
      [tune[1]!]: ['a#0', 'c#0', 'b#1', 'b#0'],
      // gold c at rank 6: outside R@5
      [report[0]!]: ['a#0', 'b#0', 'd#0', 'e#0', 'f#0', 'c#0'],
      // gold d never found
      [report[1]!]: ['a#0'],
    };
    const gold: Record<string, string> = {
      [tune[0]!]: 'a',
      [tune[1]!]: 'b',
      [report[0]!]: 'c',
      [report[1]!]: 'd',
    };
    const suite: PreparedSuite = {
      id: 'tiny',
      name: 'tiny',
      distractors: false,
      paragraphs: [],
      units: 7,
      questions: Object.keys(gold).map((id) => ({ id, question: id, unitId: gold[id]!, answers: [] })),
      corpus: {
        passages,
        byId: new Map(passages.map((p) => [p.id, p])),
        baseline: undefined as never,
        lexical: new PostingsLexicalIndex(),
        dense: new ExactDenseSearch(),
        lexicalBuildMs: 0,
      },
    };
    const system: EvalSystem = { name: 'fixed', rank: async (question) => rankings[question]! };
    const result = await evaluateSystem(suite, system, 50);
    expect(result.tune).toEqual({ n: 2, r1: 0.5, r5: 1, mrr: (1 + 1 / 3) / 2 });
    expect(result.report).toEqual({ n: 2, r1: 0, r5: 0, mrr: 1 / 6 / 2 });
    expect(result.latency.p95Ms).toBeGreaterThanOrEqual(result.latency.p50Ms);
  });
});

describe('runRetrievalSuites', () => {
  it('skips every suite with a note when the data folder is missing', async () => {
    const result = await runRetrievalSuites({ dataDir: '/nonexistent/quellen-data', embedder });
    expect(result.suites).toEqual([]);
    expect(result.notes).toEqual([
      'xquad-de: skipped, xquad data not found under /nonexistent/quellen-data',
      'xquad-en-de: skipped, xquad data not found under /nonexistent/quellen-data',
      'mlqa-de: skipped, mlqa data not found under /nonexistent/quellen-data',
      'distractor suites: skipped, 10kgnad data not found under /nonexistent/quellen-data',
    ]);
    expect(formatRetrievalResults(result)).toContain('note: mlqa-de: skipped');
  });

  it('runs the four systems on every available suite of a tiny dataset', async () => {
    const dataDir = writeTinyData();
    const result = await runRetrievalSuites({ dataDir, embedder, chunkMaxChars: 0 });
    expect(result.suites.map((s) => s.suite)).toEqual(['xquad-de', 'xquad-en-de', 'mlqa-de']);
    for (const suite of result.suites) {
      expect(suite.systems.map((s) => s.system)).toEqual(['bm25-default', 'dense', 'lexical', 'hybrid']);
      for (const s of suite.systems) expect(s.tune.n + s.report.n).toBe(3);
    }
    const german = result.suites.find((s) => s.suite === 'xquad-de')!;
    const lexical = german.systems.find((s) => s.system === 'lexical')!;
    // Every German question names its paragraph's subject, so our lexical search ranks it first.
    expect([lexical.tune, lexical.report].filter((m) => m.n > 0).every((m) => m.r1 === 1)).toBe(true);
    expect(result.notes).toEqual([`distractor suites: skipped, 10kgnad data not found under ${dataDir}`]);
    const table = formatRetrievalResults(result);
    expect(table.split('\n').filter((line) => line.startsWith('XQuAD de→de '))).toHaveLength(4);
  });

  it('ranks MLQA paragraphs better with our lexical search than with default BM25', async () => {
    if (!existsSync(path.join(SHARED, 'data'))) {
      console.log(`skipped: ${SHARED} not found (shared evaluation data is absent)`);
      return;
    }
    // A slice of MLQA keeps this fast (Snowball stemming is slow under jest); the full run is the eval CLI.
    const mlqa = loadMLQA(path.join(SHARED, 'data'));
    const units = mlqa.units.slice(0, 80);
    const kept = new Set(units.map((u) => u.id));
    const corpus = await buildCorpus(units, embedder, { maxChars: 500, overlapSentences: 1 }, new Map());
    const suite: PreparedSuite = {
      id: 'mlqa-slice',
      name: 'MLQA slice',
      distractors: false,
      units: units.length,
      paragraphs: units,
      questions: mlqa.questions.filter((q) => kept.has(q.unitId)),
      corpus,
    };
    const ours = await evaluateSystem(suite, lexicalSystem(corpus), 50);
    const baseline = await evaluateSystem(suite, baselineSystem(corpus), 50);
    const hitsAt1 = (r: SystemResult) => r.tune.r1 * r.tune.n + r.report.r1 * r.report.n;
    expect(ours.tune.n + ours.report.n).toBe(suite.questions.length);
    expect(hitsAt1(ours)).toBeGreaterThan(hitsAt1(baseline));
  });
});
