import { FAMILY_MIN_PREFIX, FAMILY_MIN_SHARE, analyze } from './analysis';

/*
 * German compounds hide question terms inside longer words ("Miliz" in "Terrormiliz"). A
 * containment match counts half, and only for parts long enough not to match by accident.
 */
const PARTIAL_MIN_LENGTH = 5;
const PARTIAL_CREDIT = 0.5;
/*
 * Words of one family share a long stem the stemmer leaves apart ("dirigierte" → dirigiert,
 * "Dirigent" → dirigent): a common prefix of at least 5 letters and 60 % of the shorter word
 * counts as a partial match. The share keeps prefixes like "zurück-" from matching
 * "zurückerobert" with "zurückgezogen".
 */

/** The distinct content terms of a text (folded, stemmed, stop words removed). */
export function contentTerms(text: string): string[] {
  return [...new Set(analyze(text))];
}

/** How well `term` is matched by a set of terms: 1 exact, 0.5 as part of a compound, else 0. */
export function termMatch(term: string, terms: ReadonlySet<string>): number {
  if (terms.has(term)) return 1;
  for (const other of terms) {
    const [short, long] = other.length < term.length ? [other, term] : [term, other];
    if (short.length >= PARTIAL_MIN_LENGTH && long.includes(short)) return PARTIAL_CREDIT;
    if (sameFamily(short, long)) return PARTIAL_CREDIT;
  }
  return 0;
}

function sameFamily(short: string, long: string): boolean {
  if (short.length < FAMILY_MIN_PREFIX) return false;
  let prefix = 0;
  while (prefix < short.length && short.charCodeAt(prefix) === long.charCodeAt(prefix)) prefix += 1;
  return prefix >= FAMILY_MIN_PREFIX && prefix >= FAMILY_MIN_SHARE * short.length;
}
