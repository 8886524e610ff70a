/**
 * German-aware sentence splitting.
 *
 * `Intl.Segmenter('de', { granularity: 'sentence' })` does most of the work (it keeps "110.000"
 * and dash clauses intact) but breaks after ordinals ("Am 6. Mai"), abbreviations ("Dr. Müller",
 * "z. B.") and initials whenever a capitalised word follows. Those breaks are repaired here by
 * joining segments again, unless the next word looks like the start of a new sentence.
 */

/** A sentence as offsets into the text it was found in (`end` exclusive). */
export interface SentenceSpan {
  start: number;
  end: number;
}

const SEGMENTER = new Intl.Segmenter('de', { granularity: 'sentence' });

/** Abbreviations that (practically) never end a sentence: a break after them is always wrong. */
const NEVER_FINAL: ReadonlySet<string> = new Set(
  // German
  (
    'dr prof nr st ca bzw vgl hr fr frl dipl evtl ggf inkl bzgl bspw sog gem lt geb gegr ehem abb kap tab ' +
    'anm zit bsp tel abs bd jan feb mrz apr aug sept sep okt nov dez verh zzgl ' +
    // English
    'mr mrs ms messrs sen rep gen col capt sgt gov rev hon vs approx dept mt ft'
  ).split(' '),
);

/** Abbreviations that may end a sentence: joined only when no sentence-starting word follows. */
const MAYBE_FINAL: ReadonlySet<string> = new Set(
  'usw usf etc jh jhd jhs chr mio mrd hrsg str ing std min max ff jr sr inc ltd co corp bros'.split(' '),
);

/**
 * Multi-part abbreviations, matched at the end of the text before a break. The first group may end a
 * sentence, the second may not.
 */
const MULTI_MAYBE_FINAL =
  /(?<![\p{L}\p{N}])(?:u\.\s?a|o\.\s?ä|u\.\s?ä|s\.\s?o|s\.\s?u|v\.\s?Chr|n\.\s?Chr|u\.\s?s\.\s?w|a\.\s?m|p\.\s?m)\.$/u;
const MULTI_NEVER_FINAL =
  /(?<![\p{L}\p{N}])(?:z\.\s?B|d\.\s?h|u\.\s?U|v\.\s?a|i\.\s?d\.\s?R|z\.\s?T|e\.\s?g|i\.\s?e|m\.\s?E|o\.\s?g)\.$/u;

/** An ordinal or a day-month date ("6.", "137.", "17.1.") at the end of the text before a break. */
const ORDINAL_END = /(?<![\p{L}\p{N}.])\p{N}{1,3}(?:\.\p{N}{1,2})?\.$/u;

/**
 * Words that typically open a sentence (function words). A capitalised noun after "6." or "Dr."
 * continues the sentence; one of these after an ambiguous period starts a new one.
 */
const SENTENCE_STARTERS: ReadonlySet<string> = new Set(
  (
    'der die das den dem des ein eine einer eines einem einen er sie es wir ihr ich du man dies diese ' +
    'dieser dieses diesem diesen jene jener jenes dann doch aber auch und oder denn so nun da dort hier ' +
    'heute gestern morgen seit seitdem nach vor bei mit in im am an auf aus für um zu zum zur als wie wenn ' +
    'weil dass ob trotz während wegen zudem außerdem deshalb daher damit darum dabei danach davor jetzt ' +
    'noch schon immer nie nicht kein keine alle viele einige mehr bislang inzwischen erst bereits zwar ' +
    'sogar später zuvor bisher allerdings jedoch trotzdem anschließend denn sein seine ihre unser unsere ' +
    'mein meine was wer wo warum wie welche welcher welches the a an he she it we they i you this that ' +
    'these those then but and or so now there here today in on at for with after before when while if as ' +
    'his her their its our my what who which why how yet also however'
  ).split(' '),
);

const LETTER = /\p{L}/u;
const WORD_CHAR = /[\p{L}\p{N}]/u;
const SPACE = /\s/u;

/**
 * Splits `text` (or its range `[from, to)`) into sentences. Spans are trimmed of surrounding
 * whitespace, never empty, in order, and offsets refer to `text` itself.
 *
 * @example
 * const text = 'Am 6. Mai sprach Dr. Müller. Er kam z. B. mit dem Zug.';
 * splitSentences(text).map((s) => text.slice(s.start, s.end));
 * // → ['Am 6. Mai sprach Dr. Müller.', 'Er kam z. B. mit dem Zug.']
 */
export function splitSentences(text: string, from = 0, to = text.length): SentenceSpan[] {
  const lo = Math.max(0, Math.min(from, text.length));
  const hi = Math.max(lo, Math.min(to, text.length));
  const spans: SentenceSpan[] = [];
  if (hi === lo) return spans;

  let currentStart = -1;
  let currentEnd = -1;
  for (const { start: segStart, end: segEnd } of sentenceSegments(text, lo, hi)) {
    if (currentStart < 0) {
      currentStart = segStart;
      currentEnd = segEnd;
      continue;
    }
    if (shouldJoin(text, currentStart, currentEnd, segEnd)) {
      currentEnd = segEnd;
    } else {
      pushTrimmed(text, currentStart, currentEnd, spans);
      currentStart = segStart;
      currentEnd = segEnd;
    }
  }
  if (currentStart >= 0) pushTrimmed(text, currentStart, currentEnd, spans);
  return spans;
}

/** A line break that is not part of a blank line. */
const LONE_LINE_BREAK = /(?<!\n[ \t]*)\n(?![ \t]*\n)/g;

/** Characters the segmenter sees at once; see {@link sentenceSegments}. */
const WINDOW = 16_384;
/** Look-ahead a break must have inside its window to be trusted. */
const MARGIN = 1_024;

/**
 * The segmenter's sentence segments (untrimmed) of `[lo, hi)`. V8's segmenter slows down quadratically on long
 * strings (a 256 KB paragraph took a second, 2 MB minutes), so it is fed windows of {@link WINDOW}
 * characters: a window's segments are kept up to the last one that ends at least {@link MARGIN}
 * characters before the window does (the break rules look only a few characters ahead), and the
 * next window starts there. A window without such a break keeps its first segment.
 */
export function* sentenceSegments(text: string, lo: number, hi: number): Generator<SentenceSpan> {
  let from = lo;
  while (from < hi) {
    let to = Math.min(hi, from + WINDOW);
    // Never cut a surrogate pair at the window's end.
    if (to < hi && isHighSurrogate(text.charCodeAt(to - 1))) to -= 1;
    const last = to === hi;
    let next = from;
    // A lone line break is a hard wrap inside a paragraph, not the end of a sentence; the
    // segmenter sees it as a space (same length, so offsets hold). Blank lines stay breaks.
    for (const segment of SEGMENTER.segment(text.slice(from, to).replace(LONE_LINE_BREAK, ' '))) {
      const start = from + segment.index;
      const end = start + segment.segment.length;
      if (!last && end > to - MARGIN && start > from) break;
      yield { start, end };
      next = end;
      if (!last && end > to - MARGIN) break;
    }
    from = next;
  }
}

function pushTrimmed(text: string, start: number, end: number, out: SentenceSpan[]): void {
  let s = start;
  let e = end;
  while (s < e && SPACE.test(text[s]!)) s++;
  while (e > s && SPACE.test(text[e - 1]!)) e--;
  if (e > s) out.push({ start: s, end: e });
}

/**
 * Whether the break between the sentence `[start, end)` and the next segment (ending at `nextEnd`)
 * is one of the segmenter's known mistakes.
 */
function shouldJoin(text: string, start: number, end: number, nextEnd: number): boolean {
  // The trailing whitespace of the current segment: a blank line (or a paragraph separator) is a
  // hard boundary; a single line break is a hard wrap and counts as a space.
  let e = end;
  let lineBreaks = 0;
  while (e > start && SPACE.test(text[e - 1]!)) {
    const ch = text[e - 1]!;
    if (ch === '\u2029' || ch === '\u2028') return false;
    if (ch === '\n' || ch === '\r') lineBreaks += 1;
    if (lineBreaks >= 2) return false;
    e--;
  }
  if (e <= start || text[e - 1] !== '.') return false;

  const nextWord = firstWord(text, end, nextEnd);
  if (nextWord === '') return true;
  const startsSentence = SENTENCE_STARTERS.has(nextWord.toLowerCase());
  const nextLower = nextWord[0] !== nextWord[0]!.toUpperCase();

  const window = text.slice(Math.max(start, e - 20), e);
  if (MULTI_NEVER_FINAL.test(window)) return true;
  if (MULTI_MAYBE_FINAL.test(window)) return !startsSentence || nextLower;
  if (ORDINAL_END.test(window)) return !startsSentence || nextLower;

  // The word right before the period.
  let q = e - 1;
  while (q > start && LETTER.test(text[q - 1]!)) q--;
  const word = text.slice(q, e - 1);
  if (word === '') return false;
  if (q > start && WORD_CHAR.test(text[q - 1]!)) return false;
  if (word.length === 1) {
    // "z." of "z. B." or "u." of "u. a."; an upper-case letter is an initial ("J. R. R. Tolkien").
    if (word !== word.toUpperCase()) return true;
    return !startsSentence || nextLower;
  }
  const lower = word.toLowerCase();
  if (NEVER_FINAL.has(lower)) return true;
  if (MAYBE_FINAL.has(lower)) return !startsSentence || nextLower;
  return false;
}

/** The first word of `[from, to)`, skipping whitespace, quotes, brackets and dashes. */
function firstWord(text: string, from: number, to: number): string {
  let i = from;
  while (i < to && !WORD_CHAR.test(text[i]!)) i++;
  let j = i;
  while (j < to && WORD_CHAR.test(text[j]!)) j++;
  return text.slice(i, j);
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
