import { eng } from 'stopword';
import { isFillerWord } from '../../text/fillers';

/**
 * English-side word handling for the dictionary translator: tokens, lookup keys, stop words and the
 * handful of inflection rules needed to find "forces", "dropped" or "dropping" under their dictionary forms.
 */

/** A word of an English query, with what decides how it is treated. */
export interface EnglishToken {
  /** The word as written. */
  surface: string;
  /** Lower-cased lookup form. */
  lower: string;
  /** Starts with a capital letter and is not the first word of a sentence: probably a name. */
  name: boolean;
  /** Consists of digits only. */
  number: boolean;
  /**
   * A single letter, or letters and digits in one word ("X", "g9", "M10"): part of a model's or a
   * product's name ("the G9 X"), written the same in German, never a word to translate ("x" is no
   * cross mark here).
   */
  code: boolean;
}

// Question words and auxiliaries missing from the `stopword` list; they never carry content.
// prettier-ignore
const EXTRA_STOPWORDS = [
  'does', 'doing', 'done', 'when', 'why', 'whom', 'whose', 'its', 'is', 'was', 'were', 'are', 'be', 'been',
  'am', 'an', 'the', 'what', 'which', 'who', 'how', 'there', 'also', 'yet', 'ever', 'whether', 'upon',
  'onto', 'within', 'without', 'per', 'via', 'etc', 's', 't',
];

const STOPWORDS: ReadonlySet<string> = new Set(
  [...eng, ...EXTRA_STOPWORDS].map((word) => word.toLowerCase()),
);

/**
 * Whether a lower-cased English word is a stop word (skipped when translating), or one of the
 * filler words a question is searched without ("actually", "roughly"; see `withoutFillers`).
 */
export function isEnglishStopword(lower: string): boolean {
  return STOPWORDS.has(lower) || isFillerWord(lower);
}

/** Lower-cases, folds diacritics and splits into words; possessive "'s" is dropped. */
export function englishWords(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/['’]s(?![\p{L}])/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '');
}

/**
 * Lookup key of a dictionary English entry: its words joined by one space, a leading infinitive "to" or
 * article removed ("to destroy" → "destroy", "The White House" → "white house"). Empty when nothing is left.
 */
export function englishKey(entry: string): string {
  const words = englishWords(entry);
  if (
    words.length > 1 &&
    (words[0] === 'to' || words[0] === 'the' || words[0] === 'a' || words[0] === 'an')
  ) {
    words.shift();
  }
  return words.join(' ');
}

/** Splits a query into tokens, marking probable names (capitalised, not sentence-initial) and numbers. */
export function englishTokens(query: string): EnglishToken[] {
  const tokens: EnglishToken[] = [];
  let sentenceStart = true;
  for (const match of query.normalize('NFC').matchAll(/([\p{L}\p{N}]+(?:['’][\p{L}]+)?)|([.!?:;]+)/gu)) {
    if (match[2] !== undefined) {
      sentenceStart = true;
      continue;
    }
    // A negated auxiliary ("won't", "can't", "needn't") carries no search term.
    if (/n['’]t$/iu.test(match[1] ?? '')) {
      sentenceStart = false;
      continue;
    }
    const surface = (match[1] ?? '').replace(/['’]s$/u, '');
    const lower = englishWords(surface).join('');
    if (lower === '') continue;
    tokens.push({
      surface,
      lower,
      name: !sentenceStart && /^\p{Lu}/u.test(surface),
      number: /^\p{N}+$/u.test(surface),
      // Not an ordinal ("2nd", "21st"): the dictionary translates those.
      code:
        /^\p{L}$/u.test(surface) ||
        (/\p{L}/u.test(surface) && /\p{N}/u.test(surface) && !/^\d+(st|nd|rd|th)$/iu.test(surface)),
    });
    sentenceStart = false;
  }
  return tokens;
}

// Irregular forms common in news questions; regular inflection is handled by rules below.
const IRREGULAR: Readonly<Record<string, string>> = Object.fromEntries(
  (
    'men:man women:woman children:child feet:foot teeth:tooth mice:mouse geese:goose lives:life wives:wife ' +
    'began:begin begun:begin built:build bought:buy brought:bring caught:catch chose:choose chosen:choose ' +
    'drew:draw drawn:draw drove:drive driven:drive fell:fall fallen:fall felt:feel fought:fight found:find ' +
    'flew:fly flown:fly gave:give given:give went:go gone:go grew:grow grown:grow held:hold kept:keep ' +
    'knew:know known:know led:lead left:leave lost:lose made:make meant:mean met:meet paid:pay ran:run ' +
    'rose:rise risen:rise sold:sell sent:send shot:shoot sang:sing sung:sing sat:sit spoke:speak ' +
    'spoken:speak spent:spend stood:stand struck:strike taught:teach thought:think told:tell took:take ' +
    'taken:take threw:throw thrown:throw understood:understand won:win wrote:write written:write wore:wear ' +
    'worn:wear became:become broke:break broken:break fed:feed hid:hide hidden:hide hung:hang laid:lay ' +
    'sought:seek shook:shake shaken:shake saw:see seen:see stole:steal stolen:steal swam:swim woke:wake ' +
    'born:bear bore:bear blew:blow blown:blow dug:dig froze:freeze frozen:freeze rode:ride ridden:ride ' +
    'sank:sink sunk:sink swore:swear sworn:swear tore:tear torn:tear withdrew:withdraw withdrawn:withdraw ' +
    'arose:arise arisen:arise fled:flee lent:lend dealt:deal heard:hear bent:bend stuck:stick swept:sweep ' +
    'slept:sleep bred:breed bled:bleed overcame:overcome overthrew:overthrow undertook:undertake ' +
    'undertaken:undertake forbade:forbid forbidden:forbid forgot:forget forgotten:forget ' +
    'did:do had:have has:have was:be were:be said:say got:get gotten:get spun:spin sped:speed ' +
    'better:good best:good worse:bad worst:bad larger:large largest:large ' +
    // Past forms of the few verbs in -ee; any other word in -eed is no past form ("seed", "speed").
    'agreed:agree disagreed:disagree freed:free guaranteed:guarantee decreed:decree refereed:referee'
  )
    .split(' ')
    .map((pair) => pair.split(':') as [string, string]),
);

const VOWEL = /[aeiou]/;

/**
 * Candidate dictionary forms of an inflected English word, most likely first, the word itself included.
 * Over-generates on purpose ("dropping" → "dropp", "drop", "droppe"): a candidate only counts if the
 * dictionary has it, and the word itself is always tried first.
 */
export function lemmaCandidates(word: string): string[] {
  const out = [word];
  const add = (form: string): void => {
    if (form.length >= 3 && !out.includes(form)) out.push(form);
  };
  const irregular = IRREGULAR[word];
  if (irregular !== undefined) add(irregular);
  const undouble = (stem: string): void => {
    const last = stem.at(-1);
    if (last !== undefined && stem.length >= 3 && last === stem.at(-2)) add(stem.slice(0, -1));
  };
  if (word.length > 4 && word.endsWith('ies')) add(word.slice(0, -3) + 'y');
  if (word.length > 4 && word.endsWith('ied')) add(word.slice(0, -3) + 'y');
  if (word.length > 3 && /(?:s|x|z|ch|sh|o)es$/.test(word)) add(word.slice(0, -2));
  if (word.length > 3 && word.endsWith('s') && !/(?:ss|us|is)$/.test(word)) add(word.slice(0, -1));
  if (word.length > 3 && word.endsWith('ed') && !word.endsWith('eed')) {
    const stem = word.slice(0, -2);
    add(stem);
    add(stem + 'e');
    undouble(stem);
  }
  if (word.length > 5 && word.endsWith('ing') && VOWEL.test(word.slice(0, -3))) {
    const stem = word.slice(0, -3);
    add(stem);
    add(stem + 'e');
    undouble(stem);
  }
  return out;
}
