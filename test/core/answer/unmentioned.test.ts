import { unmentionedNames } from '../../../src/core/answer/unmentioned';
import { phrasesFor } from '../../../src/core/answer/phrases';
import { makeArticle } from './fixtures';

const deir = makeArticle('deir.txt', 'Deir al-Sor', [
  [
    'paragraph',
    'Die Vereinten Nationen schätzen, dass rund 110.000 Menschen in Deir al-Sor belagert werden.',
  ],
]);
const aleppo = makeArticle('aleppo.txt', 'Luftangriffe', [
  ['paragraph', 'Russische Flugzeuge greifen die Rebellengebiete in Aleppo und Idlib an.'],
]);
const quoteOf = (article: typeof deir) => ({ article, passageText: article.text });
// Nouns with thesaurus synonyms, as the thesaurus would tell them.
const commonNoun = (term: string) => ['mensch', 'angab', 'beispiel'].includes(term);

describe('unmentionedNames', () => {
  it('names a place of the question that another read article has and the quoted one lacks', () => {
    const question = 'Wie viele Menschen werden in Aleppo belagert?';
    expect(unmentionedNames(question, { quote: quoteOf(deir), read: [deir, aleppo], commonNoun })).toEqual([
      'Aleppo',
    ]);
    expect(unmentionedNames(question, { quote: quoteOf(aleppo), read: [deir, aleppo], commonNoun })).toEqual(
      [],
    );
  });

  it('leaves a German question alone without a way to tell names from nouns', () => {
    const question = 'Wie viele Menschen werden in Aleppo belagert?';
    expect(unmentionedNames(question, { quote: quoteOf(deir), read: [deir, aleppo] })).toEqual([]);
  });

  it('does not take a German noun with synonyms for a name', () => {
    const question = 'Was sagte Aleppo nach Angaben der Beispiele?';
    expect(unmentionedNames(question, { quote: quoteOf(deir), read: [deir, aleppo], commonNoun })).toEqual([
      'Aleppo',
    ]);
  });

  it('finds an English name by its translations and names it as asked', () => {
    const question = "How many people are besieged in Syria's Aleppo?";
    const alternatives = (word: string) => (word === 'Syria' ? ['Syrien'] : []);
    const quote = quoteOf(deir);
    // Neither "Syria" nor "Syrien" in the quoted article; "Aleppo" in another read one.
    expect(unmentionedNames(question, { quote, read: [deir, aleppo], alternatives })).toEqual([
      'Syria',
      'Aleppo',
    ]);
    const syrien = makeArticle('syrien.txt', 'Syrien', [
      ['paragraph', 'In Syrien sind 110.000 Menschen belagert.'],
    ]);
    expect(unmentionedNames(question, { quote: quoteOf(syrien), read: [syrien], alternatives })).toEqual([]);
  });

  it('leaves an untranslated name alone that no read article has, unless the collection lacks it in every spelling', () => {
    const question = 'Who knocked out Dimitrov?';
    expect(unmentionedNames(question, { quote: quoteOf(deir), read: [deir] })).toEqual([]);
    expect(unmentionedNames(question, { quote: quoteOf(deir), read: [deir], unknown: ['Dimitrov'] })).toEqual(
      ['Dimitrov'],
    );
  });

  it('joins the words of one name and skips words the dictionary knows as common ones', () => {
    const question = 'How many people died in North Carolina after the Examination Board met?';
    const unknown = ['North', 'Carolina', 'Examination', 'Board'];
    expect(
      unmentionedNames(question, {
        quote: quoteOf(deir),
        read: [deir],
        unknown,
        commonWords: ['Examination', 'Board'],
      }),
    ).toEqual(['North Carolina']);
  });

  it('reads a name as a compound part or a stem, and in the quoted passage beyond the article head', () => {
    const question = 'Wie viele Menschen werden in Aleppo belagert?';
    const compound = makeArticle('c.txt', 'Kämpfe', [['paragraph', 'Die Aleppo-Offensive dauert an.']]);
    expect(
      unmentionedNames(question, { quote: quoteOf(compound), read: [compound, aleppo], commonNoun }),
    ).toEqual([]);
  });
});

describe('the note on unmentioned names', () => {
  it('says which quote is from an article without the names, in German and English', () => {
    expect(phrasesFor('de').unmentioned(['Aleppo'])).toBe(
      'Hinweis: [1] stammt aus einem Artikel, der „Aleppo“ nicht nennt.',
    );
    expect(phrasesFor('de').unmentioned(['Aleppo', 'Idlib', 'Homs'])).toBe(
      'Hinweis: [1] stammt aus einem Artikel, der „Aleppo“, „Idlib“ und „Homs“ nicht nennt.',
    );
    expect(phrasesFor('en').unmentioned(['Hungary', 'Belarus'])).toBe(
      'Note: [1] is from an article that does not mention “Hungary” or “Belarus”.',
    );
  });
});
