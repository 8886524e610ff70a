import { overlapsRange, parseDateRange, periodOf } from '../../../src/core/retrieval/dateRange';

describe('dates', () => {
  it('reads a partial date as the whole period it names', () => {
    expect(periodOf('2017')).toEqual({ from: '2017-01-01', to: '2017-12-31' });
    expect(periodOf('2017-02')).toEqual({ from: '2017-02-01', to: '2017-02-31' });
    expect(periodOf('2017-02-03T10:00:00Z')).toEqual({ from: '2017-02-03', to: '2017-02-03' });
    expect(periodOf('gestern')).toBeUndefined();
    expect(periodOf('2017-13')).toBeUndefined();
  });

  it('keeps an article whose period overlaps the range', () => {
    const range = parseDateRange('2017-01-15', '2017-02-10')!;
    expect(overlapsRange('2017-01', range)).toBe(true);
    expect(overlapsRange('2017-02-10', range)).toBe(true);
    expect(overlapsRange('2017', range)).toBe(true);
    expect(overlapsRange('2017-01-14', range)).toBe(false);
    expect(overlapsRange('2017-03', range)).toBe(false);
  });

  it('treats a missing bound as open', () => {
    expect(overlapsRange('1999-05', parseDateRange(undefined, '2000')!)).toBe(true);
    expect(overlapsRange('2001-01', parseDateRange(undefined, '2000')!)).toBe(false);
    expect(overlapsRange('2030', parseDateRange('2017-06')!)).toBe(true);
  });

  it('leaves undated articles out of every range', () => {
    expect(overlapsRange(undefined, parseDateRange('1900')!)).toBe(false);
    expect(overlapsRange('unbekannt', parseDateRange('1900')!)).toBe(false);
  });

  it('rejects a bound that is not a date, naming it', () => {
    expect(() => parseDateRange('Januar')).toThrow('invalid date "Januar": use YYYY, YYYY-MM or YYYY-MM-DD');
    expect(parseDateRange()).toBeUndefined();
  });
});
