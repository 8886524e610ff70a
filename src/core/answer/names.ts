import type { AnswerLanguage } from '../types';
import { analyze, fold, isCommonWord } from '../text/analysis';

// Words after which a capitalised German word is a common noun, not a name: articles and their
// contractions with prepositions, possessives, demonstratives and quantifiers ("die Frau", "am
// Bau", "wie viele Soldaten", "ums Leben"). Folded to lower case; umlauts kept.
const GERMAN_DETERMINERS = new Set([
  'der',
  'die',
  'das',
  'den',
  'dem',
  'des',
  'ein',
  'eine',
  'einen',
  'einem',
  'einer',
  'eines',
  'am',
  'im',
  'zum',
  'zur',
  'vom',
  'beim',
  'ins',
  'ans',
  'aufs',
  'ums',
  'übers',
  'unters',
  'viel',
  'wenig',
  'mehr',
  'wie',
  'als',
  'so',
  'zu',
  'oft',
]);
const GERMAN_DETERMINER_STEMS =
  /^(mein|dein|sein|ihr|unser|euer|kein|dies|jen|solch|manch|jed|all|welch|viel|wenig|einig|mehrer|etlich|beid|ander)(e|en|em|er|es)?$/;
// An inflected adjective before the noun ("syrische Soldaten", "neuen Kämpfen"): a word with an
// adjective ending that itself follows an article, a quantifier or a preposition. A verb may end
// the same way ("Wann wurde Obama gewählt?") but follows the question word.
const ADJECTIVE_ENDING = /(e|en|er|es|em)$/;
// Prepositions a place or person follows without an article ("in Palmyra", "gegen Gunnlaugsson").
const GERMAN_PREPOSITIONS = new Set([
  'in',
  'bei',
  'gegen',
  'nach',
  'aus',
  'von',
  'für',
  'mit',
  'um',
  'über',
  'an',
  'auf',
  'vor',
  'hinter',
  'zwischen',
  'seit',
  'ohne',
  'durch',
  'unter',
  'gegenüber',
  'laut',
  'trotz',
  'wegen',
]);

// English adjectives of nationality and origin are capitalised too ("the French airline", "an
// American player"); other articles' names contain them ("French Open").
const ENGLISH_NATIONALITIES = new Set(
  (
    'afghan african albanian algerian american arab arabian argentine argentinian armenian asian ' +
    'australian austrian azerbaijani bavarian belarusian belgian bosnian brazilian british ' +
    'bulgarian canadian catalan chilean chinese colombian croatian cuban cypriot czech danish ' +
    'dutch egyptian english estonian ethiopian european filipino finnish french georgian german ' +
    'greek hungarian icelandic indian indonesian iranian iraqi irish israeli italian japanese ' +
    'jordanian kazakh kenyan korean kosovar kurdish latin latvian lebanese libyan lithuanian ' +
    'luxembourgish macedonian malaysian maltese mexican moldovan mongolian moroccan nigerian ' +
    'norwegian pakistani palestinian persian peruvian polish portuguese romanian russian saudi ' +
    'scottish serbian slovak slovakian slovenian somali spanish sudanese swedish swiss syrian ' +
    'taiwanese thai tunisian turkish ukrainian venezuelan vietnamese welsh western eastern ' +
    'northern southern yemeni'
  ).split(' '),
);

/** A word as names are read: letters and digits, with inner apostrophes and hyphens. */
export const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu;
const CAPITALISED = /^\p{Lu}/u;

/**
 * The names a question mentions, as content terms: the people, places, organisations and
 * products it is about ("How old is Nadal?" → nadal). In English every capitalised word after
 * the first but adjectives of nationality ("French"); in German, where every noun is capitalised,
 * one that follows a verb, a question word or a bare preposition ("hat Kanada", "um Palmyra", "bei
 * Spielfeld"), not an article, a possessive, a quantifier or an inflected adjective ("die Frau",
 * "syrische Soldaten"); in both, a capitalised word right after a name ("Angela Merkel"). None
 * when most words are capitalised (a headline or a shouted question tells nothing).
 */
export function questionNames(question: string, language: AnswerLanguage): string[] {
  return [...new Set(questionNameWords(question, language).flatMap((name) => name.terms))];
}

/** A name of a question as asked, with its content terms (see {@link questionNames}). */
export interface QuestionName {
  word: string;
  terms: string[];
}

/** The names a question mentions, each as the word asked and its terms (see {@link questionNames}). */
export function questionNameWords(question: string, language: AnswerLanguage): QuestionName[] {
  const words = Array.from(question.matchAll(WORD), (match) => match[0]);
  const capitalised = words.slice(1).filter((word) => CAPITALISED.test(word)).length;
  if (capitalised >= 3 && capitalised * 2 > words.length - 1) return [];
  const names: QuestionName[] = [];
  let afterName = false;
  for (let i = 1; i < words.length; i += 1) {
    const word = words[i]!;
    const name: boolean =
      CAPITALISED.test(word) &&
      (afterName ||
        (language === 'de'
          ? germanNameContext(words[i - 1]!, words[i - 2])
          : !ENGLISH_NATIONALITIES.has(word.toLowerCase())));
    afterName = name;
    // Analysed as inside a sentence, where it stands: first in one, a verb form would be looked
    // up ("Google" → "googeln").
    // A common word of the stop-word lists ("Jahr", "Menschen") is no name, wherever it stands.
    if (name && !isCommonWord(fold(word))) {
      const terms = analyze(word, { inSentence: true });
      if (terms.length > 0) names.push({ word, terms });
    }
  }
  return names;
}

function germanNameContext(previous: string, beforePrevious: string | undefined): boolean {
  if (CAPITALISED.test(previous)) return false;
  const word = previous.toLowerCase();
  if (GERMAN_PREPOSITIONS.has(word)) return true;
  if (isDeterminer(word)) return false;
  if (!ADJECTIVE_ENDING.test(word)) return true;
  // "wurde Obama" is a verb before a name; "den neuen Kämpfen" an adjective before a noun.
  const before = beforePrevious?.toLowerCase();
  if (before === undefined || QUESTION_ADVERBS.has(before)) return true;
  return !(isDeterminer(before) || GERMAN_PREPOSITIONS.has(before));
}

// Stand before a verb as often as before a quantifier: "Wie reagierte Erdogan", "Wie viele …".
const QUESTION_ADVERBS = new Set(['wie', 'so', 'als', 'oft']);

function isDeterminer(word: string): boolean {
  return GERMAN_DETERMINERS.has(word) || GERMAN_DETERMINER_STEMS.test(word);
}

/**
 * Whether a folded text (`fold`) mentions a name as {@link questionNames} gives it: where a word
 * starts, as the word itself, its stem or the first part of a compound ("lufthansa" in
 * "Lufthansa-Konzern" and "Lufthansachef"), not inside another word ("merz" in "Schmerzen").
 */
export function mentionsName(foldedText: string, name: string): boolean {
  for (let at = foldedText.indexOf(name); at !== -1; at = foldedText.indexOf(name, at + 1)) {
    const before = foldedText[at - 1];
    if (before === undefined || !WORD_CHARACTER.test(before)) return true;
  }
  return false;
}

const WORD_CHARACTER = /[\p{L}\p{N}]/u;
