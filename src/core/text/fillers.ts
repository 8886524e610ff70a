import { fold } from './analysis';

/**
 * Words readers put into a question without asking anything by them: German modal particles and
 * hedges ("Wer leitet eigentlich …?", "ungefähr"), English intensifiers and hedges ("actually",
 * "roughly"). A question is searched and scored without them: an answering sentence rarely
 * repeats them, so they would only lower how much of the question it seems to hold. Articles are
 * analysed as they are. Words that are stop words anyway ("denn", "überhaupt") need no entry.
 * Folded (see `fold`), so that "ungefahr" typed without its umlaut counts too.
 */
const FILLERS: ReadonlySet<string> = new Set(
  [
    // German
    'eigentlich',
    'tatsächlich',
    'ungefähr',
    'circa',
    'konkret',
    'bitte',
    'nochmal',
    'nochmals',
    // English
    'actually',
    'really',
    'basically',
    'exactly',
    'precisely',
    'roughly',
    'approximately',
    'please',
    'anyway',
  ].map(fold),
);

/** Fillers written abbreviated, with their full stop ("ca.", "eigentl.", "approx."). */
const ABBREVIATED: ReadonlySet<string> = new Set(['ca', 'eigentl', 'approx']);

/**
 * Words after which a word is a noun or a name, not a filler, even in a question written all in
 * lower case ("was war die bitte des papstes?", "in konkret geschrieben").
 */
const BEFORE_NOUNS: ReadonlySet<string> = new Set(
  (
    'der die das den dem des ein eine einen einem einer eines kein keine keinen keinem keiner ' +
    'welche welcher welches welchen welchem diese dieser dieses diesen diesem jede jeder jedes ' +
    'seine seiner ihre ihrer in im an am auf aus von vom zu zum zur mit für bei nach über unter ' +
    'the a an this that these those his her their its my your our in on at of by for with from to'
  ).split(' '),
);

const WORD = /([\p{L}\p{M}]+)(\.?)/gu;

/**
 * Whether `word` (as written, `folded`) is a filler where it stands: `previous` is the word before
 * it, if any, and `before` the character right before it.
 */
function isFiller(
  word: string,
  folded: string,
  previous: string | undefined,
  before: string | undefined,
): boolean {
  if (!FILLERS.has(folded) && !ABBREVIATED.has(folded)) return false;
  const lower = word.toLowerCase();
  const first = previous === undefined;
  // Capitalised inside a question, it is a noun or a name ("Welche Bitte …", "Love Actually").
  if (word !== lower && !(first && word.slice(1) === lower.slice(1))) return false;
  if (previous !== undefined && BEFORE_NOUNS.has(previous.toLowerCase())) return false;
  // Quoted, it is what the question is about ("Was bedeutet "konkret"?").
  return before === undefined || !/["'„“”«»‚‘’]/u.test(before);
}

/**
 * The question without its filler words (see above), whitespace collapsed and the punctuation
 * they leave behind tidied; the question itself when it has none, or when nothing else would be
 * left. A filler counts written in lower case, or capitalised as the question's first word, and
 * not after an article or a preposition nor in quotes.
 *
 * @example
 * withoutFillers('Wie alt ist Kerschbaumer eigentlich?'); // → 'Wie alt ist Kerschbaumer?'
 */
export function withoutFillers(question: string): string {
  let found = false;
  let previous: string | undefined;
  const stripped = question.replace(WORD, (match: string, word: string, dot: string, offset: number) => {
    const folded = fold(word);
    const filler = isFiller(word, folded, previous, offset > 0 ? question[offset - 1] : undefined);
    previous = word;
    if (!filler) return match;
    found = true;
    // An abbreviation takes its full stop with it; a full word leaves a sentence's full stop.
    return ABBREVIATED.has(folded) ? '' : dot;
  });
  if (!found) return question;
  const tidied = stripped
    .replace(/\s+/g, ' ')
    .replace(/ ?, ?(?=[,?!.;:]|$)/g, '')
    .replace(/ ([?!.,;:])/g, '$1')
    .replace(/^[\s,;:.]+/, '')
    .trim();
  return /[\p{L}\p{N}]/u.test(tidied) ? tidied : question;
}

/** Whether a lower-case word is one of the fillers {@link withoutFillers} leaves out. */
export function isFillerWord(lower: string): boolean {
  return FILLERS.has(fold(lower));
}

/**
 * A question as it is searched and scored: without its filler words ({@link withoutFillers}), and
 * with "wie teuer" read as "was kostet": an answer tells what something costs ("kostet 18
 * Millionen Euro", "Die Kosten … werden auf 18,4 Millionen Euro geschätzt") and seldom says
 * "teuer".
 *
 * @example
 * asSearched('Wie teuer wird das neue Hallenbad eigentlich?'); // → 'was kostet wird das neue Hallenbad?'
 */
export function asSearched(question: string): string {
  return withoutFillers(question).replace(/\bwie teuer\b/giu, 'was kostet');
}
