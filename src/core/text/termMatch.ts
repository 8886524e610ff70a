import { FAMILY_MIN_PREFIX, FAMILY_MIN_SHARE, analyze, isScoreToken } from './analysis';

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

/**
 * How many texts {@link termSet} remembers, and the longest one it does: enough for the sentences
 * of the passages one question reads, bounded so that a bot serving a large collection for weeks
 * holds about ten megabytes of them, not every sentence it ever read.
 */
const TERM_SET_LIMIT = 4000;
const TERM_SET_MAX_CHARS = 1000;
const termSets = new Map<string, ReadonlySet<string>>();

/**
 * The distinct content terms of a text, as {@link contentTerms} gives them, in a set that must not
 * be changed. With `remember` (the default), the set of a text of at most 1,000 characters is kept
 * for the next call, the oldest of the last 4,000 given up first; without, a kept set is used but
 * none is kept. A text that is a slice of a larger one keeps that one in memory while its set is
 * kept, so only slices of passages should be remembered, not of whole articles.
 */
export function termSet(text: string, options: { remember?: boolean } = {}): ReadonlySet<string> {
  const known = termSets.get(text);
  if (known !== undefined) return known;
  const terms: ReadonlySet<string> = new Set(analyze(text));
  if (options.remember === false || text.length > TERM_SET_MAX_CHARS) return terms;
  if (termSets.size >= TERM_SET_LIMIT) {
    const oldest = termSets.keys().next();
    if (!oldest.done) termSets.delete(oldest.value);
  }
  termSets.set(text, terms);
  return terms;
}

/** How well `term` is matched by a set of terms: 1 exact, 0.5 as part of a compound, else 0. */
export function termMatch(term: string, terms: ReadonlySet<string>): number {
  if (terms.has(term)) return 1;
  // A score matches only itself: "10zu1" is not part of "10zu12".
  if (isScoreToken(term)) return 0;
  for (const other of terms) {
    // (A score token holds "zu": the cheap test first, on this hot path.)
    if (other.includes('zu') && isScoreToken(other)) continue;
    if (other.length < term.length ? partOf(other, term) : partOf(term, other)) return PARTIAL_CREDIT;
  }
  return 0;
}

/** Whether the shorter of two different terms matches the longer in part (see {@link termMatch}). */
function partOf(short: string, long: string): boolean {
  return (
    (short.length >= PARTIAL_MIN_LENGTH && long.includes(short)) ||
    separatedVerb(short, long) ||
    nominalised(short, long) ||
    sameFamily(short, long)
  );
}

/** Particles a German verb separates from ("gab … auf", "rückte … vor"); its stop words drop them. */
const SEPARABLE = new Set([
  'ab',
  'an',
  'auf',
  'aus',
  'bei',
  'ein',
  'fest',
  'fort',
  'her',
  'hin',
  'los',
  'mit',
  'nach',
  'vor',
  'weg',
  'zu',
  'zuruck',
  'zusammen',
  'weiter',
  'heraus',
  'herein',
  'hinaus',
  'hinein',
  'vorbei',
  'voraus',
]);

/**
 * A verb stem and the same verb with its particle ("zieh" of "zog … zurück" and "zuruckzieh" of
 * "zurückziehen", "ruck" of "rückte … vor" and "vorruck" of "vorgerückt"): in a main clause the
 * particle stands apart and is dropped as a stop word, so only the bare verb is left.
 */
function separatedVerb(short: string, long: string): boolean {
  return (
    short.length >= 3 && long.endsWith(short) && SEPARABLE.has(long.slice(0, long.length - short.length))
  );
}

/**
 * Separable-verb particles (folded), longest first: two words that share only one of them
 * ("zurückerobern", "zurückziehen") are no family, so the particle does not count as shared.
 */
const PARTICLES = [
  'zusammen',
  'entgegen',
  'zuruck',
  'heraus',
  'herein',
  'hinaus',
  'hinein',
  'voraus',
  'vorbei',
  'weiter',
  'wieder',
  'durch',
  'unter',
  'nach',
  'fest',
  'uber',
];

function sameFamily(short: string, long: string): boolean {
  for (const particle of PARTICLES) {
    if (short.startsWith(particle) && long.startsWith(particle))
      return sharesStem(short.slice(particle.length), long.slice(particle.length), 3);
  }
  return sharesStem(short, long, FAMILY_MIN_PREFIX);
}

function sharesStem(short: string, long: string, minPrefix: number): boolean {
  if (short.length < minPrefix) return false;
  let prefix = 0;
  while (prefix < short.length && short.charCodeAt(prefix) === long.charCodeAt(prefix)) prefix += 1;
  return prefix >= minPrefix && prefix >= FAMILY_MIN_SHARE * short.length;
}

/**
 * A verb stem and its noun in "-ung" ("leit" of "leitet" and "leitung", "warn" and "warnung"):
 * stems too short for the family rule, whose noun is the stem and the suffix.
 */
function nominalised(short: string, long: string): boolean {
  return (
    short.length >= 3 && long.length === short.length + 3 && long.startsWith(short) && long.endsWith('ung')
  );
}
