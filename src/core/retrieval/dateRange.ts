import { UserError } from '../errors';

/**
 * Date ranges over partial dates. Article dates may be `2017`, `2017-01` or `2017-01-15`; each
 * stands for the whole period it names, so "2017-01" lies in a range from 2017-01-15 to 2017-02-10.
 */

/** A closed interval of ISO days, as strings that compare correctly with `<`. */
export interface DayInterval {
  from: string;
  to: string;
}

const PARTIAL_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/;

/**
 * The days a (partial) ISO date covers, or undefined when it is not one. Anything after the day
 * (a time, a zone) is ignored.
 *
 * @example periodOf('2017-02') // { from: '2017-02-01', to: '2017-02-31' }
 */
export function periodOf(date: string): DayInterval | undefined {
  const match = PARTIAL_DATE.exec(date.trim());
  if (!match) return undefined;
  const [, year, month, day] = match;
  if (month !== undefined && (Number(month) < 1 || Number(month) > 12)) return undefined;
  if (day !== undefined && (Number(day) < 1 || Number(day) > daysInMonth(Number(year), Number(month))))
    return undefined;
  if (day !== undefined) return { from: `${year}-${month}-${day}`, to: `${year}-${month}-${day}` };
  // Day 31 as the upper bound is fine for string comparison even in shorter months.
  if (month !== undefined) return { from: `${year}-${month}-01`, to: `${year}-${month}-31` };
  return { from: `${year}-01-01`, to: `${year}-12-31` };
}

/** A date bound as a person writes one: exactly `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, a real day. */
const DATE_BOUND = /^\d{4}(?:-\d{2}(?:-\d{2})?)?$/;

/**
 * Checks the bounds of a date filter a person gave (`since`, `until`; either may be omitted).
 * @throws UserError `INVALID_DATE` naming a bound that is no date (`2017-02-30`, `17.01.2017`),
 *   `INVALID_DATE_RANGE` when the first lies after the second
 */
export function assertDateBounds(dateFrom?: string, dateTo?: string): void {
  for (const date of [dateFrom, dateTo]) {
    if (date !== undefined && !(DATE_BOUND.test(date) && periodOf(date))) {
      throw new UserError('INVALID_DATE', `Invalid date "${date}": use YYYY, YYYY-MM or YYYY-MM-DD.`, {
        date,
      });
    }
  }
  const from = dateFrom === undefined ? undefined : periodOf(dateFrom);
  const to = dateTo === undefined ? undefined : periodOf(dateTo);
  if (from && to && from.from > to.to) {
    throw new UserError(
      'INVALID_DATE_RANGE',
      `The start date ${dateFrom} lies after the end date ${dateTo}.`,
      { from: dateFrom!, to: dateTo! },
    );
  }
}

/**
 * Parses the bounds of a date filter; either may be omitted.
 * @throws with a one-line message naming the bad bound
 */
export function parseDateRange(dateFrom?: string, dateTo?: string): DayInterval | undefined {
  if (dateFrom === undefined && dateTo === undefined) return undefined;
  const from = dateFrom === undefined ? undefined : periodOf(dateFrom);
  const to = dateTo === undefined ? undefined : periodOf(dateTo);
  if (dateFrom !== undefined && !from)
    throw new Error(`invalid date "${dateFrom}": use YYYY, YYYY-MM or YYYY-MM-DD`);
  if (dateTo !== undefined && !to)
    throw new Error(`invalid date "${dateTo}": use YYYY, YYYY-MM or YYYY-MM-DD`);
  return { from: from?.from ?? '0000-01-01', to: to?.to ?? '9999-12-31' };
}

/**
 * Whether an article date overlaps the range. Articles without a readable date are outside every
 * range, because nobody can tell whether they belong in it.
 */
export function overlapsRange(articleDate: string | undefined, range: DayInterval): boolean {
  const period = articleDate === undefined ? undefined : periodOf(articleDate);
  if (!period) return false;
  return period.to >= range.from && period.from <= range.to;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
