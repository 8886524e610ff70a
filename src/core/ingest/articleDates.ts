/**
 * Normalising the many ways articles state their date into ISO form (`2017`, `2017-01`, `2017-01-15`).
 */

const GERMAN_MONTHS: Readonly<Record<string, number>> = {
  januar: 1,
  jänner: 1,
  februar: 2,
  märz: 3,
  maerz: 3,
  april: 4,
  mai: 5,
  juni: 6,
  juli: 7,
  august: 8,
  september: 9,
  oktober: 10,
  november: 11,
  dezember: 12,
};

const ISO = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const GERMAN_NUMERIC = /^(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})$/;
const GERMAN_WORDS = /^(\d{1,2})\.\s*([\p{L}]+)\s+(\d{4})$/u;

/**
 * An ISO date or partial date for `value`, or `undefined` when it is not recognisably a date.
 * Accepts ISO dates and timestamps (the date part is kept as written, no time-zone shift),
 * "15.01.2017", "15. Januar 2017", YAML dates, plain years and what `Date` parses ("Jan 15, 2017").
 *
 * @example normalizeDate('2017-01-15T10:00:00+01:00') // → '2017-01-15'
 */
export function normalizeDate(value: unknown): string | undefined {
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? undefined : value.toISOString().slice(0, 10);
  }
  if (typeof value === 'number') {
    return Number.isInteger(value) && value >= 1000 && value <= 9999 ? String(value) : undefined;
  }
  if (typeof value !== 'string') return undefined;
  const s = value.trim();
  if (s === '' || s.length > 64) return undefined;

  const iso = ISO.exec(s);
  if (iso) return compose(Number(iso[1]), optionalNumber(iso[2]), optionalNumber(iso[3]));
  const numeric = GERMAN_NUMERIC.exec(s);
  if (numeric) return compose(Number(numeric[3]), Number(numeric[2]), Number(numeric[1]));
  const words = GERMAN_WORDS.exec(s);
  if (words) {
    const month = GERMAN_MONTHS[words[2]!.toLowerCase()];
    if (month) return compose(Number(words[3]), month, Number(words[1]));
  }
  // Only for strings with a month name or weekday; bare numbers are too ambiguous for Date.parse.
  if (/\p{L}{3}/u.test(s)) {
    const parsed = new Date(s);
    if (!Number.isNaN(parsed.getTime())) {
      return compose(parsed.getFullYear(), parsed.getMonth() + 1, parsed.getDate());
    }
  }
  return undefined;
}

function optionalNumber(text: string | undefined): number | undefined {
  return text === undefined ? undefined : Number(text);
}

function compose(year: number, month?: number, day?: number): string | undefined {
  if (year < 1000 || year > 9999) return undefined;
  if (month === undefined) return String(year);
  if (month < 1 || month > 12) return undefined;
  const ym = `${year}-${String(month).padStart(2, '0')}`;
  if (day === undefined) return ym;
  // Day 0 of the next month is the last day of this one: no 31 February, a 29 February in leap years.
  if (day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return undefined;
  return `${ym}-${String(day).padStart(2, '0')}`;
}
