/**
 * Words readers put into a question without asking anything by them: German modal particles and
 * hedges ("Wer leitet eigentlich …?", "ungefähr"), English intensifiers and hedges ("actually",
 * "roughly"). A question is searched and scored without them: an answering sentence rarely
 * repeats them, so they would only lower how much of the question it seems to hold. Articles are
 * analysed as they are. Words that are stop words anyway ("denn", "überhaupt") need no entry.
 */
const FILLERS: ReadonlySet<string> = new Set([
  // German
  'eigentlich',
  'eigentl',
  'tatsächlich',
  'ungefähr',
  'circa',
  'ca',
  'konkret',
  'bitte',
  'nochmal',
  // English
  'actually',
  'really',
  'basically',
  'exactly',
  'precisely',
  'roughly',
  'approximately',
  'approx',
  'please',
  'anyway',
]);

const WORD = /[\p{L}\p{M}]+/gu;

/**
 * The question without its filler words (see above), spaces and commas around them tidied; the
 * question itself when it has none, or when nothing else would be left. A filler counts written in
 * lower case, or capitalised as the question's first word: "Bitte" and "Konkret" elsewhere are
 * nouns or names.
 *
 * @example
 * withoutFillers('Wie alt ist Kerschbaumer eigentlich?'); // → 'Wie alt ist Kerschbaumer?'
 */
export function withoutFillers(question: string): string {
  let found = false;
  let first = true;
  const stripped = question.replace(WORD, (word) => {
    const lower = word.toLowerCase();
    const filler = FILLERS.has(lower) && (word === lower || (first && word.slice(1) === lower.slice(1)));
    first = false;
    if (!filler) return word;
    found = true;
    return '';
  });
  if (!found) return question;
  const tidied = stripped
    .replace(/[ \t]{2,}/g, ' ')
    .replace(/\s*,\s*(?=[?!.]|$)/g, '')
    .replace(/ ([?!.,;:])/g, '$1')
    .replace(/^[\s,]+/, '')
    .trim();
  return /[\p{L}\p{N}]/u.test(tidied) ? tidied : question;
}
