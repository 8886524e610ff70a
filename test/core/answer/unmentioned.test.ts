import fc from 'fast-check';
import { NAME_REACH, namesUnknownToCollection, unmentionedNames } from '../../../src/core/answer/unmentioned';
import { phrasesFor } from '../../../src/core/answer/phrases';
import type { Article } from '../../../src/core/types';
import { makeArticle } from './fixtures';

const deir = makeArticle('deir.txt', 'Deir al-Sor', [
  [
    'paragraph',
    'Die Vereinten Nationen schätzen, dass rund 110.000 Menschen in Deir al-Sor belagert werden.',
  ],
]);
const raids = makeArticle('raids.txt', 'Luftangriffe', [
  [
    'paragraph',
    'Russische Flugzeuge greifen nach Angaben der Armee die Rebellengebiete in Aleppo und Idlib an.',
  ],
]);
const quoteOf = (article: Article) => ({ article, passageText: article.text });
// A thesaurus that lists "Menschen" and "Angaben" (nouns with synonyms) but no place.
const synonyms = {
  synonymsOf: (term: string) => (['mensch', 'angab'].includes(term) ? ['synonym'] : []),
};

describe('unmentionedNames', () => {
  it('names a place of the question that another read article has and the quoted one lacks', () => {
    const question = 'Wie viele Menschen werden in Aleppo belagert?';
    expect(unmentionedNames(question, { quote: quoteOf(deir), read: [deir, raids], synonyms })).toEqual([
      'Aleppo',
    ]);
    expect(unmentionedNames(question, { quote: quoteOf(raids), read: [deir, raids], synonyms })).toEqual([]);
  });

  it('leaves a German question alone without a thesaurus to tell names from nouns', () => {
    const question = 'Wie viele Menschen werden in Aleppo belagert?';
    expect(unmentionedNames(question, { quote: quoteOf(deir), read: [deir, raids] })).toEqual([]);
  });

  it('does not take a German noun the thesaurus lists for a name', () => {
    // "nach Angaben" reads like a place after a preposition; another read article has the word.
    const question = 'Was geschah in Aleppo nach Angaben der UNO?';
    const noThesaurus = { synonymsOf: () => [] };
    expect(
      unmentionedNames(question, { quote: quoteOf(deir), read: [deir, raids], synonyms: noThesaurus }),
    ).toEqual(['Aleppo', 'Angaben']);
    expect(unmentionedNames(question, { quote: quoteOf(deir), read: [deir, raids], synonyms })).toEqual([
      'Aleppo',
    ]);
  });

  it('finds an English name by its translations and names it as asked', () => {
    const question = "How many people are besieged in Syria's Aleppo?";
    const expansion = { text: '', concepts: [['Syria', 'Syrien'], ['Aleppo']] };
    // Neither "Syria" nor "Syrien" in the quoted article; "Aleppo" in another read one.
    expect(unmentionedNames(question, { quote: quoteOf(deir), read: [deir, raids], expansion })).toEqual([
      'Syria',
      'Aleppo',
    ]);
    const syrien = makeArticle('syrien.txt', 'Syrien', [
      ['paragraph', 'In Syrien sind 110.000 Menschen belagert.'],
    ]);
    expect(unmentionedNames(question, { quote: quoteOf(syrien), read: [syrien], expansion })).toEqual([]);
  });

  it('leaves an untranslated name alone that no read article has, unless the collection lacks it in every spelling', () => {
    const question = 'Who knocked out Dimitrov?';
    expect(unmentionedNames(question, { quote: quoteOf(deir), read: [deir] })).toEqual([]);
    const expansion = { text: '', unknown: ['Dimitrov'] };
    expect(unmentionedNames(question, { quote: quoteOf(deir), read: [deir], expansion })).toEqual([
      'Dimitrov',
    ]);
  });

  it('joins the words of one name, drops possessives and skips words the dictionary knows as common ones', () => {
    const question =
      "How many people died in North Carolina after the Examination Board met in Williams' town?";
    const expansion = {
      text: '',
      unknown: ['North', 'Carolina', 'Examination', 'Board', "Williams'"],
      common: ['Examination', 'Board'],
    };
    expect(unmentionedNames(question, { quote: quoteOf(deir), read: [deir], expansion })).toEqual([
      'North Carolina',
      'Williams',
    ]);
  });

  it('reads a name as a stem or the first part of a compound', () => {
    const question = 'Wie viele Menschen werden in Aleppo belagert?';
    const compound = makeArticle('c.txt', 'Kämpfe', [['paragraph', 'Die Aleppo-Offensive dauert an.']]);
    const inflected = makeArticle('i.txt', 'Kämpfe', [
      ['paragraph', 'Die Kämpfe um Aleppos Altstadt dauern an.'],
    ]);
    for (const article of [compound, inflected]) {
      expect(
        unmentionedNames(question, { quote: quoteOf(article), read: [article, raids], synonyms }),
      ).toEqual([]);
    }
  });

  it('reads the whole quoted article, not only its beginning', () => {
    const question = 'Wie viele Menschen werden in Aleppo belagert?';
    const filler = 'Die Lage bleibt angespannt. '.repeat(Math.ceil(NAME_REACH / 20));
    const long = makeArticle('long.txt', 'Chronik', [
      ['paragraph', 'Rund 110.000 Menschen werden belagert.'],
      ['paragraph', filler],
      ['paragraph', 'Auch in Aleppo wird gekämpft.'],
    ]);
    expect(long.text.indexOf('Aleppo')).toBeGreaterThan(NAME_REACH);
    const head = { article: long, passageText: 'Rund 110.000 Menschen werden belagert.' };
    expect(unmentionedNames(question, { quote: head, read: [long, raids], synonyms })).toEqual([]);
    const short = makeArticle('short.txt', 'Chronik', [
      ['paragraph', `Rund 110.000 Menschen werden belagert. ${filler}`],
    ]);
    expect(unmentionedNames(question, { quote: quoteOf(short), read: [short, raids], synonyms })).toEqual([
      'Aleppo',
    ]);
  });

  it('only ever returns words of letters and digits with inner apostrophes and hyphens', () => {
    // The names go into a chat message: no mention, link or markup can come out of a question.
    const safe = /^[\p{L}\p{N}][\p{L}\p{N}'’ -]*$/u;
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), fc.string({ maxLength: 40 }), (prefix, name) => {
        const question = `Who met ${prefix} ${name} in Aleppo?`;
        const expansion = { text: '', unknown: question.split(/\s+/) };
        for (const word of unmentionedNames(question, {
          quote: quoteOf(deir),
          read: [deir, raids],
          expansion,
        })) {
          expect(word).toMatch(safe);
        }
      }),
    );
  });
});

describe('namesUnknownToCollection', () => {
  it('gives the names of a translated question that the collection writes in no spelling', () => {
    const expansion = { text: '', unknown: ['Australia', 'capital'], common: ['capital'] };
    expect(namesUnknownToCollection('What is the capital of Australia?', expansion)).toEqual(['Australia']);
    // A common word is no name, however it is capitalised; a name the collection has is not unknown.
    expect(namesUnknownToCollection('What is the Capital of Syria?', expansion)).toEqual([]);
    expect(namesUnknownToCollection("What is Australia's capital?", expansion)).toEqual(['Australia']);
    expect(namesUnknownToCollection('What is the capital of Australia?', { text: '' })).toEqual([]);
    expect(namesUnknownToCollection('What is the capital of Australia?', undefined)).toEqual([]);
  });
});

describe('the note on unmentioned names', () => {
  it('says which quote is from an article without the names, in German and English', () => {
    expect(phrasesFor('de').unmentioned(['Aleppo'])).toBe(
      'Hinweis: Zitat [1] stammt aus einem Artikel, in dem „Aleppo“ nicht vorkommt.',
    );
    expect(phrasesFor('de').unmentioned(['Aleppo', 'Idlib', 'Homs'])).toBe(
      'Hinweis: Zitat [1] stammt aus einem Artikel, in dem weder „Aleppo“, „Idlib“ noch „Homs“ vorkommt.',
    );
    expect(phrasesFor('en').unmentioned(['Hungary', 'Belarus'])).toBe(
      'Note: quote [1] comes from an article that does not mention “Hungary” or “Belarus”.',
    );
  });
});
