import { median, percentile, ratio, summarizeLatencies } from '../../tools/bench/stats';

describe('percentile', () => {
  it('returns the nearest-rank value, never an interpolation', () => {
    const values = [10, 20, 30, 40];
    expect(percentile(values, 50)).toBe(20);
    expect(percentile(values, 75)).toBe(30);
    expect(percentile(values, 76)).toBe(40);
    expect(percentile(values, 100)).toBe(40);
    expect(percentile(values, 0)).toBe(10);
  });

  it('does not depend on the input order and leaves the input unchanged', () => {
    const values = [5, 1, 4, 2, 3];
    expect(percentile(values, 60)).toBe(3);
    expect(values).toEqual([5, 1, 4, 2, 3]);
  });

  it('picks the 99th of 100 samples for p99 and the last of 200 only above 99.5', () => {
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(hundred, 99)).toBe(99);
    const twoHundred = Array.from({ length: 200 }, (_, i) => i + 1);
    expect(percentile(twoHundred, 99)).toBe(198);
    expect(percentile(twoHundred, 95)).toBe(190);
  });

  it('is NaN without values so a missing figure never looks fast', () => {
    expect(percentile([], 50)).toBeNaN();
  });

  it('rejects percentiles outside 0..100', () => {
    expect(() => percentile([1], 101)).toThrow(RangeError);
    expect(() => percentile([1], -1)).toThrow(RangeError);
  });
});

describe('median', () => {
  it('averages the two middle values of an even count', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([])).toBeNaN();
  });
});

describe('summarizeLatencies', () => {
  it('reports count, percentiles, mean and max', () => {
    const values = Array.from({ length: 20 }, (_, i) => i + 1);
    expect(summarizeLatencies(values)).toEqual({ n: 20, p50: 10, p95: 19, p99: 20, mean: 10.5, max: 20 });
  });
});

describe('ratio', () => {
  it('divides ours by the peer and is NaN when a side is missing or zero', () => {
    expect(ratio(3, 2)).toBe(1.5);
    expect(ratio(3, 0)).toBeNaN();
    expect(ratio(Number.NaN, 2)).toBeNaN();
  });
});
