import { goldRank, halfOf, metricsFromRanks, percentile } from '../../tools/eval/retrievalMetrics';

describe('retrieval metrics', () => {
  it('computes R@1, R@5 and MRR from gold ranks', () => {
    // ranks 1, 2, 6, not found → R@1 1/4, R@5 2/4, MRR (1 + 1/2 + 1/6 + 0) / 4
    const metrics = metricsFromRanks([1, 2, 6, undefined]);
    expect(metrics.n).toBe(4);
    expect(metrics.r1).toBeCloseTo(0.25);
    expect(metrics.r5).toBeCloseTo(0.5);
    expect(metrics.mrr).toBeCloseTo((1 + 0.5 + 1 / 6) / 4);
    expect(metricsFromRanks([])).toEqual({ n: 0, r1: 0, r5: 0, mrr: 0 });
  });

  it('takes the first passage of the gold unit as its rank', () => {
    expect(goldRank(['x', 'g', 'g', 'y'], 'g')).toBe(2);
    expect(goldRank(['x', 'y'], 'g')).toBeUndefined();
  });

  it('splits questions by id into two stable halves of similar size', () => {
    const ids = Array.from({ length: 2000 }, (_, i) => `q${i}`);
    const tune = ids.filter((id) => halfOf(id) === 'tune').length;
    expect(tune).toBeGreaterThan(900);
    expect(tune).toBeLessThan(1100);
    expect(ids.map(halfOf)).toEqual(ids.map(halfOf));
    expect(halfOf('56beb4343aeaaa14008c925b')).toBe(halfOf('56beb4343aeaaa14008c925b'));
  });

  it('takes percentiles by nearest rank', () => {
    const values = [5, 1, 4, 2, 3, 6, 7, 8, 9, 10];
    expect(percentile(values, 50)).toBe(5);
    expect(percentile(values, 95)).toBe(10);
    expect(percentile([], 50)).toBe(0);
  });
});
