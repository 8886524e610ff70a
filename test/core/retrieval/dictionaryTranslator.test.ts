import {
  existsSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { analyze } from '../../../src/core/text/analysis';
import {
  DEFAULT_DICTIONARY_PATH,
  DictionaryTranslator,
  detectEnglish,
  intersects,
} from '../../../src/core/retrieval/translate/dictionaryTranslator';
import { PostingsLexicalIndex } from '../../../src/core/retrieval/postingsLexicalIndex';
import type { VocabularyLookup } from '../../../src/core/index/backend';
import {
  lexicalTranslationVocabulary,
  translateOver,
} from '../../../src/core/retrieval/translate/vocabularyLookup';
import { wholeTextPassage } from '../../fakes/passages';
import { parseDingLine } from '../../../src/core/retrieval/translate/ding';
import { englishTokens, lemmaCandidates } from '../../../src/core/retrieval/translate/english';
import { compoundCandidates } from '../../../src/core/retrieval/translate/compoundTranslations';
import { Lexicon } from '../../../src/core/retrieval/translate/lexicon';
import { SUPPLEMENT_DING } from '../../../src/core/retrieval/translate/supplement';

/** A small dictionary in Ding format: multiword entries, alternatives, annotations, labels. */
const FIXTURE = [
  '# Version :: test fixture',
  'Luftwaffe {f} [mil.] | Deutsche Luftwaffe :: air force | German Air Force',
  'Luft {f} | Lüfte {pl} :: air | airs',
  'Kraft {f}; Stärke {f} | Kräfte {pl} :: force; strength | forces',
  'Streitkräfte {pl}; Truppen {pl} [mil.] :: forces; armed forces',
  'fliegen {vi} | fliegend | geflogen :: to fly | flying | flown',
  'Fliege {f} [zool.] | Fliegen {pl} :: fly | flies',
  'Einsatz {m}; Mission {f}; Auftrag {m} (militärisch) | Einsätze {pl} :: mission | missions',
  'Syrien {n} (Syrische Arabische Republik) /SY/ [geogr.] :: Syria (Syrian Arab Republic)',
  'über {prp; +Dat.} :: over; above',
  'Busch {m}; Strauch {m} [bot.] | Büsche {pl} :: bush | bushes',
  'Welt {f} | Welten {pl} :: world | worlds',
  'Ernährung {f}; Nahrung {f}; Essen {n} :: food; nutrition',
  'Programm {n}; Plan {m} | Programme {pl} :: program; programme [Br.] | programs; programmes',
  'zerstören {vt}; vernichten {vt} | zerstörend | zerstört :: to destroy | destroying | destroyed',
  'das Weiße Haus (Amtssitz des amerikanischen Präsidenten) [pol.] :: The White House (official residence)',
  'Regierung {f} [pol.] | Regierungen {pl} :: government /Gov.; Govt./; administration [Am.] | governments',
  'Spielplan {m} (Theater; Kino) :: programme',
  'Land {n}; Staat {m} | Länder {pl} :: country; state | countries; states',
  'abwerfen {vt}; fallen lassen {vt} | abwerfend | abgeworfen :: to drop | dropping | dropped',
  'umgangssprachlich Kohle {f} [ugs.]; Geld {n} :: money',
  'Islamischer Staat {m} [pol.] :: Islamic State',
  'Wahl {f} | Wahlen {pl} :: election | elections',
  'vorgezogene Neuwahl {f}; kurzfristig angesetzte Wahl {f} :: snap election',
].join('\n');

/** A lexical index over one article whose passages are the given texts. */
function collection(texts: readonly string[]): PostingsLexicalIndex {
  const lexical = new PostingsLexicalIndex();
  let start = 0;
  lexical.add(
    texts.map((text, ordinal) => {
      const passage = {
        id: `a.txt#${ordinal}`,
        articleId: 'a.txt',
        ordinal,
        paragraphStart: ordinal + 1,
        paragraphEnd: ordinal + 1,
        start,
        end: start + text.length,
        text,
        kind: 'text' as const,
      };
      start += text.length + 2;
      return passage;
    }),
  );
  return lexical;
}

function translator(
  options: ConstructorParameters<typeof DictionaryTranslator>[1] = {},
): DictionaryTranslator {
  return new DictionaryTranslator(Lexicon.fromDing(FIXTURE), { isEnglish: () => true, ...options });
}

describe('parseDingLine', () => {
  it('pairs German and English groups in order and splits synonyms', () => {
    const pairs = parseDingLine('Kraft {f}; Stärke {f} | Kräfte {pl} :: force; strength | forces');
    expect(pairs.map((p) => [p.group, p.german, p.english])).toEqual([
      [0, 'Kraft', 'force'],
      [0, 'Stärke', 'force'],
      [0, 'Kraft', 'strength'],
      [0, 'Stärke', 'strength'],
      [1, 'Kräfte', 'forces'],
    ]);
  });

  it('strips annotations in braces, brackets, parentheses, angle brackets and slashes', () => {
    const pairs = parseDingLine(
      'Syrien {n} (Syrische Arabische Republik) /SY/ [geogr.] <Syrja> :: Syria (Syrian Arab Republic) ~Levant',
    );
    expect(pairs).toHaveLength(1);
    expect(pairs[0]).toMatchObject({ german: 'Syrien', english: 'Syria' });
  });

  it('does not split on separators inside annotations or abbreviations', () => {
    expect(parseDingLine('Spielplan {m} (Theater; Kino) :: programme').map((p) => p.german)).toEqual([
      'Spielplan',
    ]);
    expect(parseDingLine('über {prp; +Dat.} :: over; above').map((p) => p.german)).toEqual(['über', 'über']);
    const government = parseDingLine('Regierung {f} :: government /Gov.; Govt./; administration [Am.]');
    expect(government.map((p) => p.english)).toEqual(['government', 'administration']);
  });

  it('flags specialised senses but not regional English or news subjects', () => {
    const fly = parseDingLine('Fliege {f} [zool.] :: fly');
    expect(fly[0]?.labelled).toBe(true);
    const airForce = parseDingLine('Luftwaffe {f} [mil.] :: air force [Am.]');
    expect(airForce[0]?.labelled).toBe(false);
    const rare = parseDingLine('wesen {vi} (ungebräuchlich) :: to be');
    expect(rare[0]?.labelled).toBe(true);
  });

  it('drops object placeholders from phrases', () => {
    const pairs = parseDingLine('jdm. etw. geben {vt} :: to give sb. sth.');
    expect(pairs[0]).toMatchObject({ german: 'geben', english: 'to give' });
  });

  it('ignores comment and malformed lines', () => {
    expect(parseDingLine('# Version :: devel')).toEqual([]);
    expect(parseDingLine('no separator here')).toEqual([]);
  });
});

describe('lemmaCandidates', () => {
  it.each([
    ['forces', 'force'],
    ['countries', 'country'],
    ['boxes', 'box'],
    ['dropped', 'drop'],
    ['dropping', 'drop'],
    ['destroyed', 'destroy'],
    ['making', 'make'],
    ['used', 'use'],
    ['fought', 'fight'],
  ])('finds the dictionary form of %s', (word, lemma) => {
    const candidates = lemmaCandidates(word);
    expect(candidates[0]).toBe(word);
    expect(candidates).toContain(lemma);
  });

  it('leaves words without an inflection ending alone', () => {
    expect(lemmaCandidates('syria')).toEqual(['syria']);
  });

  it('reads a word in -eed as a past form only of a verb in -ee', () => {
    expect(lemmaCandidates('seed')).toEqual(['seed']);
    expect(lemmaCandidates('speed')).toEqual(['speed']);
    expect(lemmaCandidates('agreed')).toContain('agree');
    expect(lemmaCandidates('freed')).toContain('free');
  });
});

describe('englishTokens', () => {
  it('marks capitalised words inside a sentence as names and digits as numbers', () => {
    const tokens = englishTokens('Where did Bush travel in 2003? Syria was next.');
    const byWord = Object.fromEntries(tokens.map((t) => [t.surface, t]));
    expect(byWord['Where']?.name).toBe(false);
    expect(byWord['Bush']?.name).toBe(true);
    expect(byWord['2003']?.number).toBe(true);
    expect(byWord['Syria']?.name).toBe(false);
  });

  it('drops a negated auxiliary: it is no search term', () => {
    expect(englishTokens("Why won't he go? They can't, he didn't.").map((t) => t.lower)).toEqual([
      'why',
      'he',
      'go',
      'they',
      'he',
    ]);
  });

  it('marks single letters and words of letters and digits as codes, but not ordinals', () => {
    const codes = englishTokens('How much is the G9 X or the m10, the 2nd or the 21st?').filter(
      (t) => t.code,
    );
    expect(codes.map((t) => t.surface)).toEqual(['G9', 'X', 'm10']);
  });
});

describe('Lexicon', () => {
  const lexicon = Lexicon.fromDing(FIXTURE, 'fixture');

  it('looks up multiword English entries', () => {
    expect(lexicon.lookup('air force')?.map((t) => t.german)).toEqual(['Luftwaffe']);
    expect(lexicon.lookup('german air force')?.map((t) => t.german)).toEqual(['Deutsche Luftwaffe']);
  });

  it('drops the infinitive "to" and leading articles from keys and German articles from translations', () => {
    expect(lexicon.lookup('destroy')?.map((t) => t.german)).toContain('zerstören');
    expect(lexicon.lookup('white house')?.map((t) => t.german)).toEqual(['Weiße Haus']);
  });

  it('ranks the headword and first synonym above later groups, later synonyms and labelled senses', () => {
    expect(lexicon.lookup('force')?.[0]?.german).toBe('Kraft');
    expect(lexicon.lookup('fly')?.[0]?.german).toBe('fliegen');
    expect(lexicon.lookup('money')?.[0]?.german).toBe('Geld');
  });

  it('marks translations of capitalised English entries as proper nouns', () => {
    expect(lexicon.lookup('syria')).toEqual([{ german: 'Syrien', properNoun: true }]);
    expect(lexicon.lookup('bush')?.every((t) => !t.properNoun)).toBe(true);
  });

  it('restores the same table from its prepared text and rejects other text', () => {
    const restored = Lexicon.fromPreparedText(lexicon.prepared);
    expect(restored?.source).toBe('fixture');
    expect(restored?.size).toBe(lexicon.size);
    for (const key of ['air force', 'force', 'syria', 'white house', 'zzz']) {
      expect(restored?.lookup(key)).toEqual(lexicon.lookup(key));
    }
    expect(Lexicon.fromPreparedText('air force\tLuftwaffe')).toBeNull();
  });
});

describe('DictionaryTranslator', () => {
  it('translates the longest matching phrase instead of its words', () => {
    const { terms } = translator().translate('Which air forces fly missions over Syria?');
    expect(terms).toContain('Luftwaffe');
    expect(terms).not.toContain('Luft');
    expect(terms).toEqual(expect.arrayContaining(['fliegen', 'Einsatz', 'Syrien']));
  });

  it('finds inflected forms under their dictionary form', () => {
    const { terms } = translator().translate('The countries were destroyed by dropping bombs');
    expect(terms).toEqual(expect.arrayContaining(['Land', 'zerstören', 'abwerfen']));
  });

  it('translates neither a negated auxiliary nor the word it looks like', () => {
    const lexicon = Lexicon.fromDing(
      'Wille {m} :: will\nGewohnheit {f} :: wont\nzurücktreten {vi} :: to resign\nzweite {adj} :: 2nd; second',
    );
    const translator = new DictionaryTranslator(lexicon, { isEnglish: () => true });
    const { terms } = translator.translate("Why won't Merkel resign?");
    expect(terms).toContain('zurücktreten');
    expect(terms).not.toContain('Wille');
    expect(terms).not.toContain('Gewohnheit');
    // An ordinal is a word of the dictionary, not a code.
    expect(translator.translate('Who finished 2nd in the race?').terms).toContain('zweite');
  });

  it('keeps a product code as written instead of translating its letters', () => {
    const lexicon = Lexicon.fromDing('Kreuzchen {n} :: x\nPreis {m} :: price');
    const { terms, concepts } = new DictionaryTranslator(lexicon, { isEnglish: () => true }).translate(
      'What is the price of the g9 x?',
    );
    expect(terms).not.toContain('Kreuzchen');
    expect(terms).toEqual(expect.arrayContaining(['Preis', 'g9', 'x']));
    expect(concepts).toEqual(expect.arrayContaining([['g9'], ['x']]));
  });

  it('skips English stop words but keeps acronyms that look like them', () => {
    const { terms } = translator().translate('What did the US drop over Syria?');
    expect(terms).not.toContain('über');
    expect(terms).not.toContain('What');
    expect(terms).toContain('US');
  });

  it('translates acronyms only by capitalised entries', () => {
    const lexicon = Lexicon.fromDing('Vereinigte Staaten {pl} :: United States; US\nuns {ppron} :: us');
    const { terms } = new DictionaryTranslator(lexicon, { isEnglish: () => true }).translate(
      'Why did the US act?',
    );
    expect(terms).toContain('Vereinigte Staaten');
    expect(terms).not.toContain('uns');
  });

  it('leaves a word untranslated whose best translation is a German stop word, not its rarer senses', () => {
    const lexicon = Lexicon.fromDing(
      [
        'während {prp} | im Zuge; im Zug :: during | during',
        'deshalb {adv} | Klasse {f} :: therefore | therefore',
        'Operation {f} :: operation',
      ].join('\n'),
    );
    // The collection writes "Zug" and "Klasse" (a train; a class), senses the question does not mean.
    const vocabulary = new Set(analyze('Der Zug der Klasse fuhr während der Operation.'));
    const { terms, concepts } = new DictionaryTranslator(lexicon, {
      isEnglish: () => true,
      vocabulary,
    }).translate('During the operation, therefore, what did they run?');
    expect(terms).toEqual(expect.arrayContaining(['Operation', 'During', 'therefore']));
    for (const unwanted of ['im Zuge', 'im Zug', 'Klasse', 'während', 'deshalb'])
      expect(terms).not.toContain(unwanted);
    expect(concepts![0]).toEqual(['During']);
  });

  it('keeps the original words, names and numbers', () => {
    const { terms, text } = translator().translate('How many missions did Bush fly in 2003?');
    expect(terms).toEqual(expect.arrayContaining(['missions', 'Bush', '2003', 'fly']));
    expect(text).toBe(terms.join(' '));
  });

  it("groups each word's or phrase's translations with it as one concept, in question order", () => {
    const { concepts } = translator().translate('How many missions did the Islamic State fly in 2003?');
    expect(concepts).toEqual([
      ['Einsätze', 'Einsatz', 'missions'],
      ['Islamischer Staat', 'Islamic', 'State'],
      ['fliegen', 'Fliege', 'fly'],
      ['2003'],
    ]);
  });

  it('puts a compound in the concept of each word it is built from', () => {
    const vocabulary = new Set(analyze('Das Welternährungsprogramm warf Hilfsgüter ab.'));
    const { concepts } = translator({ vocabulary }).translate('the world food programme');
    expect(concepts).toHaveLength(3);
    for (const concept of concepts!) expect(concept).toContain('Welternährungsprogramm');
    // "Welt" itself is no word of the collection: only the compound stands for "world" there.
    expect(concepts![0]).toEqual(['world', 'Welternährungsprogramm']);
  });

  it('gives no concepts for a German question', () => {
    const german = new DictionaryTranslator(Lexicon.fromDing(FIXTURE), { isEnglish: () => false });
    expect(german.translate('Wer flog über Syrien?').concepts).toBeUndefined();
  });

  it('can restrict capitalised words inside a sentence to translations as names', () => {
    const names = translator({ translateNames: false });
    expect(names.translate('Where did Bush fly to?').terms).not.toContain('Busch');
    expect(names.translate('Where did Bush fly to?').terms).toContain('Bush');
    expect(names.translate('Where is Bush in Syria?').terms).toContain('Syrien');
    expect(translator({ translateNames: true }).translate('Where did Bush fly to?').terms).toContain('Busch');
  });

  it('caps the translations per word', () => {
    const one = translator({ maxAlternatives: 1 }).translate('food').terms;
    const three = translator({ maxAlternatives: 3 }).translate('food').terms;
    expect(one).toEqual(['Ernährung', 'food']);
    expect(three).toEqual(['Ernährung', 'Nahrung', 'Essen', 'food']);
  });

  it('returns German questions unchanged', () => {
    const german = 'Wo spielte das Mariinski-Orchester?';
    const result = new DictionaryTranslator(Lexicon.fromDing(FIXTURE)).translate(german);
    expect(result.text).toBe(german);
    expect(result.terms).toEqual(['Wo', 'spielte', 'das', 'Mariinski', 'Orchester']);
  });

  it('names the words the collection writes in no spelling the dictionary knows', () => {
    const vocabulary = new Set(analyze('Das Welternährungsprogramm warf Nahrung ab. Ekirch schrieb.'));
    const t = translator({ vocabulary });
    // Syrien is in the dictionary, not in the collection; neither is Syria.
    expect(t.translate('How much food reached Syria?').unknown).toEqual(['Syria']);
    // The collection has a compound built with it, or the name is not in the dictionary at all.
    expect(t.translate('the world food programme').unknown).toBeUndefined();
    expect(t.translate('What did Ekirch write?').unknown).toBeUndefined();
    expect(translator().translate('How much food reached Syria?').unknown).toBeUndefined();
  });

  it('tells the words the dictionary knows as common words from names', () => {
    const { common } = translator().translate('Which Air Forces fly over Syria and Bush?');
    expect(common).toEqual(expect.arrayContaining(['Air', 'Forces', 'fly', 'Bush']));
    expect(common).not.toContain('Syria');
  });

  it('keeps only translations the collection uses when given a vocabulary', () => {
    const vocabulary = new Set(analyze('Die Nahrung wurde knapp.'));
    const { terms } = translator({ vocabulary }).translate('food');
    expect(terms).toEqual(['Nahrung', 'food']);
  });

  it('keeps a phrase translation only when the collection uses each of its longer words', () => {
    const staat = new Set(analyze('Der Staat zahlte.'));
    expect(translator({ vocabulary: staat }).translate('Islamic State').terms).not.toContain(
      'Islamischer Staat',
    );
    const both = new Set(analyze('Der Islamische Staat zahlte.'));
    expect(translator({ vocabulary: both }).translate('Islamic State').terms).toContain('Islamischer Staat');
    // "lassen" is too short for its family ("ließen") to be recognised, so it does not count against the phrase.
    const dropped = new Set(analyze('Sie ließen Hilfsgüter fallen.'));
    expect(translator({ vocabulary: dropped }).translate('dropped').terms).toContain('fallen lassen');
  });

  it('keeps a translation the collection writes only as the head of compounds', () => {
    // "Programm" stands only in "Hilfsprogramm": lexical search finds the compound from it.
    const lexical = collection(['Das Hilfsprogramm der Vereinten Nationen lief im Mai an.']);
    const vocabulary = lexicalTranslationVocabulary(lexical);
    expect(translator({ vocabulary }).translate('When did the programme start?').terms).toContain('Programm');
    const { endsCompound, ...withoutCompounds } = vocabulary;
    expect(endsCompound!(analyze('Programm')[0]!)).toBe(true);
    expect(
      translator({ vocabulary: withoutCompounds }).translate('When did the programme start?').terms,
    ).not.toContain('Programm');
    // Not a short head, which ends too many unrelated words: "Welt" in "Bergwelt".
    const bergwelt = lexicalTranslationVocabulary(collection(['Die Bergwelt leidet.']));
    expect(bergwelt.endsCompound!(analyze('Welt')[0]!)).toBe(true);
    expect(translator({ vocabulary: bergwelt }).translate('the world').terms).not.toContain('Welt');
    // Nor when lexical search does not expand compounds.
    const whole = lexicalTranslationVocabulary(lexical.withSearch({ compounds: false }));
    expect(whole.endsCompound!(analyze('Programm')[0]!)).toBe(false);
  });

  it('translates the words of a phrase whose translations the collection does not use', () => {
    const wahl = new Set(analyze('Die Wahl findet am 1. November statt.'));
    const words = translator({ vocabulary: wahl }).translate('When is the snap election?').terms;
    expect(words).toContain('Wahl');
    expect(words).not.toContain('kurzfristig angesetzte Wahl');
    const neuwahl = new Set(analyze('Die vorgezogene Neuwahl findet am 1. November statt.'));
    const phrase = translator({ vocabulary: neuwahl }).translate('When is the snap election?').terms;
    expect(phrase).toContain('vorgezogene Neuwahl');
    // A name is not taken apart: "Islamic State" in a collection that writes "IS" adds no "Staat".
    const staat = new Set(analyze('Der Staat zahlte.'));
    expect(translator({ vocabulary: staat }).translate('What did the Islamic State do?').terms).not.toContain(
      'Staat',
    );
    // Without a collection every translation counts: the phrase is translated whole.
    expect(translator().translate('When is the snap election?').terms).toContain('vorgezogene Neuwahl');
  });

  it('chooses among the senses of a word by the other words of the question it shares passages with', () => {
    const lexical = collection([
      'Die Ernährung der Kinder ist wichtig.',
      'Das Essen wurde über Syrien abgeworfen.',
    ]);
    const vocabulary = {
      has: (t: string) => lexical.hasWordFamily(t),
      passagesWith: (t: string) => lexical.passagesWith(t),
    };
    const senses = translator({ vocabulary, maxAlternatives: 1 });
    // "Essen" stands beside Syria in the collection; "Ernährung" comes first in the dictionary.
    expect(senses.translate('food dropped over Syria').terms).toContain('Essen');
    expect(senses.translate('food dropped over Syria').terms).not.toContain('Ernährung');
    // Nothing to tell the senses apart by: the dictionary's order decides, as without postings.
    expect(senses.translate('food').terms).toEqual(['Ernährung', 'food']);
    const familiesOnly = translator({ vocabulary: { has: vocabulary.has }, maxAlternatives: 1 });
    expect(familiesOnly.translate('food dropped over Syria').terms).toContain('Ernährung');
    expect(familiesOnly.translate('food dropped over Syria').terms).not.toContain('Essen');
  });

  it('takes names and numbers as written as context, not other English words', () => {
    const lexical = collection(['Das Essen der Kinder war knapp.', 'Die Ernährung ist wichtig.']);
    const vocabulary = {
      has: (t: string) => lexical.hasWordFamily(t),
      passagesWith: (t: string) => lexical.passagesWith(t),
    };
    const senses = translator({ vocabulary, maxAlternatives: 1 });
    // "kind" is an English word that only looks like German "Kind": no context.
    expect(senses.translate('food for the kind').terms).toContain('Ernährung');
    // Written as a name inside the sentence, it is kept as written and so is context.
    expect(senses.translate('food for Kind').terms).toContain('Essen');
  });

  it('bounds the work of choosing senses on long questions over long passage lists', () => {
    let reads = 0;
    const lists = new Map<string, ArrayLike<number>>();
    // Every term in 4,096 passages, terms alternating between two disjoint halves of the collection:
    // no sense meets its context, so each comparison reads its lists to the end.
    const passagesWith = (term: string): ArrayLike<number> => {
      let list = lists.get(term);
      if (!list) {
        const parity = lists.size % 2;
        const numbers = Uint32Array.from({ length: 4096 }, (_, k) => 2 * k + parity);
        list = new Proxy(numbers, {
          get(target, key) {
            if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
            return Reflect.get(target, key) as unknown;
          },
        }) as ArrayLike<number>;
        lists.set(term, list);
      }
      return list;
    };
    const known = new Set(analyze(FIXTURE));
    const has = (term: string) => known.has(term);
    const senses = translator({ vocabulary: { has, passagesWith }, maxAlternatives: 1 });
    const question = 'food programme missions forces countries government '.repeat(25);
    const { terms } = senses.translate(question);
    // Once the budget is spent, the remaining words keep the dictionary's first sense.
    expect(terms).toContain('Ernährung');
    // About 60 comparisons of two 4,096-entry lists fit the budget; unbounded, this question makes
    // thousands (150 words, each compared with 12 neighbours).
    expect(reads).toBeGreaterThan(0);
    expect(reads).toBeLessThan(5_000_000);
  });

  it('takes a sense too common to compare as meeting every nearby concept', () => {
    // "Ernährung" is in 5,000 passages; "Essen" once, beside "Syrien".
    const lists = new Map<string, ArrayLike<number>>([
      [analyze('Ernährung')[0]!, Uint32Array.from({ length: 5000 }, (_, k) => k + 10)],
      [analyze('Essen')[0]!, Uint32Array.of(7)],
      [analyze('Syrien')[0]!, Uint32Array.of(7, 20)],
    ]);
    const vocabulary = { has: (t: string) => lists.has(t), passagesWith: (t: string) => lists.get(t) ?? [] };
    const { terms } = translator({ vocabulary, maxAlternatives: 1 }).translate('food over Syria');
    expect(terms).toContain('Ernährung');
    expect(terms).not.toContain('Essen');
  });

  it('leaves a dictionary phrase untranslated whose best translation is a stop word', () => {
    const lexicon = Lexicon.fromDing(
      ['bisher {adv}; bis jetzt; Entfernung {f} :: so far', 'Einsatz {m} :: mission'].join('\n'),
    );
    const { terms, concepts } = new DictionaryTranslator(lexicon, { isEnglish: () => true }).translate(
      'How many missions so far?',
    );
    expect(terms).toContain('Einsatz');
    for (const unwanted of ['bisher', 'bis jetzt', 'Entfernung']) expect(terms).not.toContain(unwanted);
    expect(concepts).toEqual([
      ['Einsatz', 'missions'],
      ['so', 'far'],
    ]);
  });

  it('judges a phrase sense by its rarest word, not by a common word it holds', () => {
    const lexicon = Lexicon.fromDing(
      ['Krieg {m} :: war', 'Krieg führen {vi} :: to war', 'Schule {f} :: school'].join('\n'),
    );
    // "führen", the commoner word, stands beside "Schule"; "Krieg" never does.
    const lexical = collection([
      'Die Schule wird von der Stadt geführt.',
      'Sie führen Gespräche.',
      'Er führte die Liste.',
      'Der Krieg dauerte lange.',
    ]);
    const vocabulary = {
      has: (t: string) => lexical.hasWordFamily(t),
      passagesWith: (t: string) => lexical.passagesWith(t),
    };
    const senses = new DictionaryTranslator(lexicon, {
      isEnglish: () => true,
      vocabulary,
      maxAlternatives: 1,
    });
    const { terms } = senses.translate('school in war');
    expect(terms).toContain('Krieg');
    expect(terms).not.toContain('Krieg führen');
  });

  it('does not count a shared word of two concepts as context', () => {
    // "food" and "nutrition" share their translations: Nahrung meets only itself.
    const lexical = collection(['Essen und Ernährung.', 'Die Nahrung hier.']);
    const vocabulary = {
      has: (t: string) => lexical.hasWordFamily(t),
      passagesWith: (t: string) => lexical.passagesWith(t),
    };
    const { terms } = translator({ vocabulary, maxAlternatives: 2 }).translate('food and nutrition');
    expect(terms).toEqual(expect.arrayContaining(['Ernährung', 'Essen']));
    expect(terms).not.toContain('Nahrung');
  });

  it('shares its dictionary with a copy bound to another collection', () => {
    let builds = 0;
    const unbound = new DictionaryTranslator(
      () => {
        builds++;
        return Lexicon.fromDing(FIXTURE);
      },
      { isEnglish: () => true },
    );
    const bound = unbound.withVocabulary(new Set(analyze('Die Nahrung wurde knapp.')));
    expect(bound.translate('food').terms).toEqual(['Nahrung', 'food']);
    expect(unbound.translate('food').terms).toEqual(['Ernährung', 'Nahrung', 'food']);
    expect(builds).toBe(1);
  });

  it('builds German compounds of adjacent words that the collection uses', () => {
    const vocabulary = new Set(analyze('Das Welternährungsprogramm warf Hilfsgüter ab.'));
    const { terms } = translator({ vocabulary }).translate('the world food programme dropped aid');
    expect(terms).toContain('Welternährungsprogramm');
  });

  it('builds a compound only when the collection writes it, not a word sharing its first part', () => {
    // "Ernährungsplan" shares its first nine letters with the collection's "Ernährungsprogramm":
    // a word of its family as far as `has` is concerned, but the collection never writes it.
    const lexical = collection(['Das Ernährungsprogramm warf Hilfsgüter ab.']);
    const vocabulary = lexicalTranslationVocabulary(lexical);
    expect(vocabulary.has(analyze('Ernährungsplan')[0]!)).toBe(true);
    const { terms } = translator({ vocabulary }).translate('the food programme');
    expect(terms).toContain('Ernährungsprogramm');
    expect(terms.filter((term) => /^(Ernährung|Essen|Nahrung)\p{Ll}/u.test(term))).toEqual([
      'Ernährungsprogramm',
    ]);
  });

  it('builds a compound the collection writes only in a section title', () => {
    const lexical = new PostingsLexicalIndex();
    lexical.add([wholeTextPassage('a.txt', 0, 'Hilfsgüter wurden abgeworfen.', 'Ernährungsprogramm der UN')]);
    const { terms } = translator({ vocabulary: lexicalTranslationVocabulary(lexical) }).translate(
      'the food programme',
    );
    expect(terms).toContain('Ernährungsprogramm');
  });
});

describe('intersects', () => {
  it('tells whether two ascending lists share a number', () => {
    expect(intersects([1, 5, 9], [2, 9])).toBe(true);
    expect(intersects([2, 9], [1, 5, 9, 12, 40])).toBe(true);
    expect(intersects([1, 5, 9], [0, 2, 4, 6, 8, 10])).toBe(false);
    expect(intersects([], [1])).toBe(false);
    expect(intersects(Uint32Array.of(7), Uint32Array.of(7))).toBe(true);
  });
});

describe('compoundCandidates', () => {
  it('joins nouns with linking elements and keeps only known words', () => {
    const vocabulary = new Set(analyze('Ernährungsprogramm Weltkarte'));
    expect(compoundCandidates([['Ernährung', 'Essen'], ['Programm']], vocabulary)).toEqual([
      'Ernährungsprogramm',
    ]);
    expect(compoundCandidates([['Ernährung'], []], vocabulary)).toEqual([]);
  });
});

describe('detectEnglish', () => {
  it.each([
    ['Since when has the World Food Programme been dropping aid over Deir al-Sor?', true],
    ['Which air forces fly missions over Syria?', true],
    ['Who invented the telephone?', true],
    ['Wo spielte das Mariinski-Orchester?', false],
    ['Welche Staaten überlassen Putin und Assad den Kampf gegen den IS?', false],
    ['Wen haben US-Spezialkräfte eine Woche vor der Offensive getötet?', false],
  ])('%s → %s', (query, english) => {
    expect(detectEnglish(query)).toBe(english);
  });
});

describe('DictionaryTranslator.load', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'quellen-translate-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('returns null when the dictionary file is missing', async () => {
    await expect(DictionaryTranslator.load(path.join(dir, 'missing'))).resolves.toBeNull();
    await expect(DictionaryTranslator.load(dir)).resolves.toBeNull();
  });

  it('loads a Ding file and adds the supplement', async () => {
    const file = path.join(dir, 'de-en');
    writeFileSync(file, FIXTURE);
    const loaded = await DictionaryTranslator.load(file, { isEnglish: () => true });
    expect(loaded?.translate('air force').terms).toContain('Luftwaffe');
    expect(loaded?.translate('World Food Programme').terms).toContain('Welternährungsprogramm');
  });

  it('keeps "sterben" for "die" beside the senses a file ranks above it', async () => {
    // As Ding has them: the verb labelled by its subjects, the other senses not.
    const file = path.join(dir, 'de-en');
    writeFileSync(
      file,
      [
        'sterben {vi} [biol.] [med.] | sterbend | gestorben :: to die {died; died} | dying | died',
        'umkippen {vi} :: to die',
        'absterben {vi} :: to die',
        'kippen {vi} :: to die',
        'erlöschen {vi} :: to die',
        'eingehen {vi} :: to die',
        'Gussform {f} :: die',
        'Matrize {f} :: die',
      ].join('\n'),
    );
    const loaded = await DictionaryTranslator.load(file, { isEnglish: () => true });
    expect(loaded?.translate('When did he die?').terms).toContain('sterben');
  });

  it('reuses the prepared cache while the dictionary is unchanged and rebuilds when it changes', async () => {
    const file = path.join(dir, 'de-en');
    const cacheDir = path.join(dir, 'cache');
    writeFileSync(file, FIXTURE);
    const prepares: string[] = [];
    const onPrepare = (from: string) => prepares.push(from);
    await DictionaryTranslator.load(file, { cacheDir, onPrepare });
    expect(prepares).toEqual([file]);
    const cachePath = path.join(cacheDir, 'de-en.lexicon.txt');
    const prepared = readFileSync(cachePath, 'utf8');
    // A marker entry that only the cache has shows whether the cache was used.
    writeFileSync(cachePath, `${prepared}\nzzzz\tMarker`);
    const cached = await DictionaryTranslator.load(file, { cacheDir, isEnglish: () => true, onPrepare });
    expect(cached?.translate('zzzz').terms).toContain('Marker');
    // Only preparing the table takes seconds, and only that is announced.
    expect(prepares).toEqual([file]);
    writeFileSync(file, `${FIXTURE}\nHund {m} :: dog`);
    const rebuilt = await DictionaryTranslator.load(file, { cacheDir, isEnglish: () => true });
    expect(rebuilt?.translate('zzzz').terms).not.toContain('Marker');
    expect(rebuilt?.translate('dog').terms).toContain('Hund');
  });

  it('can leave preparing an uncached table to the first English question, and caches it then', async () => {
    const file = path.join(dir, 'de-en');
    const cacheDir = path.join(dir, 'cache');
    const cachePath = path.join(cacheDir, 'de-en.lexicon.txt');
    writeFileSync(file, FIXTURE);
    const prepares: string[] = [];
    const translator = await DictionaryTranslator.load(file, {
      cacheDir,
      prepare: 'when-needed',
      onPrepare: (from) => prepares.push(from),
    });
    expect(translator?.translate('Wo fliegt die Luftwaffe?').text).toBe('Wo fliegt die Luftwaffe?');
    expect(prepares).toEqual([]);
    expect(existsSync(cachePath)).toBe(false);
    expect(translator?.translate('Where does the air force fly?').terms).toContain('Luftwaffe');
    translator?.translate('Who flies for the air force?');
    expect(prepares).toEqual([file]);
    expect(existsSync(cachePath)).toBe(true);
    // The next process finds the table prepared.
    const next = await DictionaryTranslator.load(file, {
      cacheDir,
      onPrepare: (from) => prepares.push(from),
    });
    expect(next?.translate('Where does the air force fly?').terms).toContain('Luftwaffe');
    expect(prepares).toEqual([file]);
  });

  it('prepares the table at load by default', async () => {
    const file = path.join(dir, 'de-en');
    writeFileSync(file, FIXTURE);
    const prepares: string[] = [];
    await DictionaryTranslator.load(file, {
      cacheDir: path.join(dir, 'cache'),
      onPrepare: (f) => prepares.push(f),
    });
    expect(prepares).toEqual([file]);
  });

  /** A dictionary file and the table a first load prepared from it in the cache folder. */
  async function preparedCache() {
    const file = path.join(dir, 'de-en');
    const cacheDir = path.join(dir, 'cache');
    writeFileSync(file, FIXTURE);
    await DictionaryTranslator.load(file, { cacheDir });
    return { file, cacheDir, cachePath: path.join(cacheDir, 'de-en.lexicon.txt') };
  }

  it('builds a cached table only at the first English question', async () => {
    const { file, cacheDir } = await preparedCache();
    const build = jest.spyOn(Lexicon, 'fromPreparedText');
    try {
      const translator = await DictionaryTranslator.load(file, { cacheDir });
      expect(translator?.translate('Wo fliegt die Luftwaffe?').text).toBe('Wo fliegt die Luftwaffe?');
      expect(build).not.toHaveBeenCalled();
      expect(translator?.translate('Where does the air force fly?').terms).toContain('Luftwaffe');
      translator?.translate('Who flies for the air force?');
      expect(build).toHaveBeenCalledTimes(1);
    } finally {
      build.mockRestore();
    }
  });

  it('reads the cache as it was checked, even when it is replaced or removed before the first English question', async () => {
    const { file, cacheDir, cachePath } = await preparedCache();
    const prepared = readFileSync(cachePath, 'utf8');
    const replaced = await DictionaryTranslator.load(file, { cacheDir });
    // Replaced as the translator itself writes it: a new file renamed over the old one.
    writeFileSync(`${cachePath}.new`, `${prepared}\nzzzz\tMarker`);
    renameSync(`${cachePath}.new`, cachePath);
    expect(replaced?.translate('Where does the air force fly?').terms).toContain('Luftwaffe');
    expect(replaced?.translate('zzzz').terms).not.toContain('Marker');
    const removed = await DictionaryTranslator.load(file, { cacheDir });
    unlinkSync(cachePath);
    expect(removed?.translate('Where does the air force fly?').terms).toContain('Luftwaffe');
  });

  it('leaves English questions untranslated, without failing, when the cache cannot be read at first use', async () => {
    const { file, cacheDir, cachePath } = await preparedCache();
    const header = readFileSync(cachePath, 'utf8').split('\n')[0]!;
    const translator = await DictionaryTranslator.load(file, { cacheDir });
    // Overwritten in place after the check: the header still matches, the table is gone.
    writeFileSync(cachePath, header);
    const { text, terms } = translator!.translate('Where does the air force fly?');
    // The question's own words only, as with no dictionary.
    expect(text).toBe('air force fly');
    expect(terms).not.toContain('Luftwaffe');
  });
});

describe('with the installed Ding dictionary', () => {
  const available = existsSync(DEFAULT_DICTIONARY_PATH);
  if (!available) {
    console.log(
      `skipping real-dictionary tests: ${DEFAULT_DICTIONARY_PATH} missing (apt-get install trans-de-en)`,
    );
  }
  const maybe = available ? it : it.skip;

  maybe('maps "World Food Programme" and "air force" to the expected German words', () => {
    // Only the lines that can matter are parsed, to keep the test fast; parsing and ranking are the real ones.
    const words = /\b(?:world|food|programme|air|force|forces|syria)\b/i;
    const lines = readFileSync(DEFAULT_DICTIONARY_PATH, 'utf8')
      .split('\n')
      .filter((line) => words.test(line.slice(line.indexOf(' :: '))));
    const real = new DictionaryTranslator(Lexicon.fromDing(`${lines.join('\n')}\n${SUPPLEMENT_DING}`));
    expect(real.translate('Since when has the World Food Programme been dropping aid?').terms).toContain(
      'Welternährungsprogramm',
    );
    expect(real.translate('Which air forces fly missions over Syria?').terms).toEqual(
      expect.arrayContaining(['Luftwaffe', 'Syrien']),
    );
  });
});

describe('translateOver', () => {
  /** A vocabulary fetched on demand: it answers only for the terms asked so far, as a database would. */
  function onDemand(lexical: PostingsLexicalIndex) {
    const whole = lexicalTranslationVocabulary(lexical);
    const rounds: string[][] = [];
    const lookup: VocabularyLookup = {
      lookup: async (terms) => {
        rounds.push([...terms]);
        const known = new Set(terms);
        return {
          covers: (term) => known.has(term),
          has: (term) => known.has(term) && whole.has(term),
          passagesWith: (term) => (known.has(term) ? whole.passagesWith!(term) : []),
          hasTerm: (term) => known.has(term) && whole.hasTerm!(term),
          endsCompound: (term) => known.has(term) && whole.endsCompound!(term),
        };
      },
    };
    return { lookup, rounds };
  }

  const collections = [
    ['Das Welternährungsprogramm warf Essen über Syrien ab.', 'Die Luftwaffe flog Einsätze.'],
    ['Die Regierung zerstörte das Land.', 'Hilfsgüter wurden abgeworfen.', 'Der Staat zahlte Geld.'],
    ['Das Hilfsprogramm warf Nahrung ab.'],
  ];
  const questions = [
    'Which air forces fly missions over Syria?',
    'What did the government destroy?',
    'the food programme',
    'Who dropped money over the country?',
  ];

  it('translates as over the whole vocabulary, fetching only the terms the translator asks about', async () => {
    for (const texts of collections) {
      const lexical = collection(texts);
      const expected = translator({ vocabulary: lexicalTranslationVocabulary(lexical) });
      for (const question of questions) {
        const { lookup, rounds } = onDemand(lexical);
        const translated = await translateOver(translator(), lookup, question);
        expect(translated).toEqual(expected.translate(question));
        // A first round asks nothing, later ones only what the previous run asked about.
        expect(rounds[0]).toEqual([]);
        expect(rounds.length).toBeGreaterThan(1);
        expect(rounds.length).toBeLessThan(8);
      }
    }
  });

  it('needs one round for a vocabulary held in this process', async () => {
    const lexical = collection(collections[0]!);
    let rounds = 0;
    const whole = lexicalTranslationVocabulary(lexical);
    const translated = await translateOver(
      translator(),
      { lookup: async () => ((rounds += 1), whole) },
      questions[0]!,
    );
    expect(rounds).toBe(1);
    expect(translated).toEqual(translator({ vocabulary: whole }).translate(questions[0]!));
  });
});
