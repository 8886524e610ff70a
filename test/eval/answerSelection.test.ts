import { BuiltinEmbedder } from '../../src/core/embedding/builtin/builtinEmbedder';
import {
  formatSelection,
  prepareSelection,
  quotesAnswer,
  scoreSelection,
} from '../../tools/eval/answerSelection';
import { writeTinyData } from './tinyData';

describe('quotesAnswer', () => {
  it('finds a gold answer in a quote regardless of case, umlaut spelling and spacing', () => {
    expect(quotesAnswer('Der Rhein fließt durch Basel und  Köln.', ['basel und koln'])).toBe(true);
    expect(quotesAnswer('Der Rhein fließt durch Basel.', ['Köln', 'Santa Clara'])).toBe(false);
    expect(quotesAnswer('Der Rhein.', [''])).toBe(false);
  });
});

describe('answer selection', () => {
  it('retrieves once per question with an answer and measures the quotes the answerer picks', async () => {
    const prepared = await prepareSelection({
      dataDir: writeTinyData(),
      embedder: new BuiltinEmbedder({ dimensions: 64 }),
      topK: 3,
    });
    // 3 XQuAD de + 3 XQuAD en + 2 of the 3 MLQA questions (one has no answer).
    expect(prepared.cases).toHaveLength(8);
    expect(prepared.cases.every((c) => c.goldRead)).toBe(true);
    const results = await scoreSelection(prepared);
    expect(results.map((r) => r.suite)).toEqual(['XQuAD de→de', 'XQuAD en→de', 'MLQA de']);
    for (const result of results) {
      const n = result.tune.n + result.report.n;
      expect(n).toBeGreaterThan(0);
      // Each tiny paragraph is one sentence holding the answer: whatever is quoted first is right.
      for (const half of [result.tune, result.report]) {
        if (half.n > 0) expect(half).toMatchObject({ goldRead: 1, first: 1, quoted: 1 });
      }
    }
    expect(formatSelection(results)).toContain('XQuAD en→de');
  });
});
