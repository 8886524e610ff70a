import {
  assertDateBounds,
  overlapsRange,
  parseDateRange,
  periodOf,
} from '../../../src/core/retrieval/dateRange';

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

describe('assertDateBounds', () => {
  it('accepts YYYY, YYYY-MM and real days, in order', () => {
    expect(() => assertDateBounds('2016-02-29', '2017')).not.toThrow();
    expect(() => assertDateBounds('2017-01', '2017-01-15')).not.toThrow();
    expect(() => assertDateBounds('2017-01-15', '2017-01')).not.toThrow();
    expect(() => assertDateBounds(undefined, '2017-12-31')).not.toThrow();
    expect(() => assertDateBounds()).not.toThrow();
  });

  it('refuses days that do not exist and other spellings, naming the date', () => {
    for (const date of [
      '2017-02-30',
      '2017-02-29',
      '2017-04-31',
      '2017-1',
      '2017-01-1',
      '17.01.2017',
      '2017-01-15T10:00',
    ]) {
      expect(() => assertDateBounds(date)).toThrow(
        expect.objectContaining({ code: 'INVALID_DATE', details: { date } }),
      );
    }
    expect(periodOf('2017-02-30')).toBeUndefined();
    expect(periodOf('2016-02-29')).toEqual({ from: '2016-02-29', to: '2016-02-29' });
  });

  it('refuses a start after the end', () => {
    expect(() => assertDateBounds('2018', '2017')).toThrow(
      expect.objectContaining({ code: 'INVALID_DATE_RANGE', details: { from: '2018', to: '2017' } }),
    );
    expect(() => assertDateBounds('2017-02-01', '2017-01')).toThrow(
      expect.objectContaining({ code: 'INVALID_DATE_RANGE' }),
    );
  });
});
