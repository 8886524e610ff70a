import type { AnswerLanguage, Article } from '../types';
import { contentTerms } from '../text/termMatch';

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
// An inflected adjective before the noun ("syrische Soldaten", "neuen Kämpfen").
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
const ENGLISH_DEMONYM =
  /^(\p{L}+(ish|ese|ian|ean|can|ch|ss)|german|greek|thai|saudi|iraqi|israeli|pakistani|somali|arab|turk|kurd|czech|european|african|asian|korean|mexican|russian)$/iu;

const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu;
const CAPITALISED = /^\p{Lu}/u;

/**
 * The names a question mentions, as content terms: the people, places, organisations and
 * products it is about ("How old is Nadal?" → nadal). In English every capitalised word after
 * the first is taken; in German, where every noun is capitalised, only one that follows no
 * article, possessive, quantifier or inflected adjective ("hat Kanada", "um Palmyra", "bei
 * Spielfeld", not "die Frau" or "syrische Soldaten"). A heuristic: it errs towards fewer names.
 */
export function questionNames(question: string, language: AnswerLanguage): string[] {
  const words = Array.from(question.matchAll(WORD), (match) => match[0]);
  const names: string[] = [];
  for (let i = 1; i < words.length; i += 1) {
    const word = words[i]!;
    if (!CAPITALISED.test(word)) continue;
    const previous = words[i - 1]!;
    if (language === 'de' ? !germanNameContext(previous) : ENGLISH_DEMONYM.test(word)) continue;
    // Analysed after a stop word, so that it is not read as the first word of a sentence (where
    // a verb form would be looked up: "Google" → "googeln").
    names.push(...contentTerms(`der ${word}`));
  }
  return [...new Set(names)];
}

function germanNameContext(previous: string): boolean {
  if (CAPITALISED.test(previous)) return false;
  const word = previous.toLowerCase();
  if (GERMAN_PREPOSITIONS.has(word)) return true;
  return !GERMAN_DETERMINERS.has(word) && !GERMAN_DETERMINER_STEMS.test(word) && !ADJECTIVE_ENDING.test(word);
}

const articleTerms = new WeakMap<Article, ReadonlySet<string>>();

// Shorter names ("us", "eu") would be found inside unrelated words.
const MIN_COMPOUND_PART = 4;

/**
 * Whether an article names a name term: as a word of its own or inside a compound ("lufthansa" in
 * "Lufthansa-Konzern"); not by a shared prefix ("spielfeld" and "spielt").
 */
export function namesTerm(article: Article, name: string): boolean {
  const terms = termsOfArticle(article);
  if (terms.has(name)) return true;
  if (name.length < MIN_COMPOUND_PART) return false;
  for (const term of terms) if (term.includes(name)) return true;
  return false;
}

/** The content terms of an article's title and text (cached per article object). */
function termsOfArticle(article: Article): ReadonlySet<string> {
  let terms = articleTerms.get(article);
  if (!terms) {
    terms = new Set(contentTerms(`${article.title}\n${article.text}`));
    articleTerms.set(article, terms);
  }
  return terms;
}
