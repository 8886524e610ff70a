import { analyze } from '../../../src/core/text/analysis';
import { contentTerms } from '../../../src/core/text/termMatch';
import {
  conceptCoverage,
  contextualCoverage,
  localIdf,
  phraseAwareIdf,
  termCoverage,
  weightedConcepts,
} from '../../../src/core/answer/terms';

const termsOf = (text: string): Set<string> => new Set(contentTerms(text));

describe('termCoverage', () => {
  it('weights coverage by the given term weights', () => {
    const question = contentTerms('Orchester Palmyra');
    const weights = (term: string): number => (term === question[0] ? 3 : 1);
    expect(termCoverage(question, termsOf('Das Orchester spielte.'), weights)).toBeCloseTo(0.75);
  });
});

describe('phraseAwareIdf', () => {
  const pool = [
    termsOf('Die Stadt Deir al-Sor liegt am Euphrat.'),
    termsOf('Bei Gefechten in Deir al-Sor wird gekämpft.'),
    termsOf('Bei den Gefechten wurden hundert Menschen getötet.'),
    termsOf('Der Flughafen von Deir al-Sor ist umkämpft.'),
  ];

  it('lets the words of a recurring name share one weight', () => {
    const question = contentTerms('Wie viele wurden bei den Gefechten um Deir al-Sor getötet?');
    const plain = localIdf(question, pool);
    const grouped = phraseAwareIdf(question, pool);
    for (const word of ['deir', 'al', 'sor']) expect(grouped(word)).toBeCloseTo(plain(word) / 3);
    expect(grouped('gefecht')).toBeCloseTo(plain('gefecht'));
    // The sentence that answers now outweighs the ones that only repeat the name.
    expect(termCoverage(question, pool[2]!, grouped)).toBeGreaterThan(
      termCoverage(question, pool[1]!, grouped),
    );
    expect(termCoverage(question, pool[2]!, plain)).toBeLessThan(termCoverage(question, pool[1]!, plain));
  });

  it('keeps separate weights for neighbouring words that occur together only once or apart', () => {
    const question = contentTerms('Gefechten getötet Euphrat');
    const plain = localIdf(question, pool);
    const grouped = phraseAwareIdf(question, pool);
    for (const term of question) expect(grouped(term)).toBeCloseTo(plain(term));
  });
});

describe('contextualCoverage', () => {
  it('gives a term found only in the surrounding passage the given share of its weight', () => {
    const question = contentTerms('Gefechte Palmyra');
    const sentence = termsOf('Rund 30 Soldaten wurden bei den Gefechten getötet.');
    const passage = termsOf('Der IS steht vor Palmyra. Rund 30 Soldaten wurden bei den Gefechten getötet.');
    expect(contextualCoverage(question, sentence, passage, 0)).toBeCloseTo(0.5);
    expect(contextualCoverage(question, sentence, passage, 0.5)).toBeCloseTo(0.75);
    expect(contextualCoverage(question, sentence, termsOf('Nichts davon.'), 0.5)).toBeCloseTo(0.5);
  });
});

describe('weightedConcepts and conceptCoverage', () => {
  const pool = [
    termsOf('Die Stadt ist eine Exklave inmitten des Gebiets der Terrormiliz "Islamischer Staat" (IS).'),
    termsOf('Die IS-Terroristen hatten in Palmyra mehrere Tempel gesprengt.'),
    termsOf('Palmyra ist eine der bedeutendsten historischen Stätten.'),
    termsOf('Russland bombardierte Stellungen im Osten.'),
  ];
  // "What did IS destroy in Palmyra?" as the translator expands it.
  const concepts = [['IS', 'Islamischer Staat'], ['zerstören', 'destroy'], ['Palmyra']];
  const terms = [...new Set(concepts.flat().flatMap((word) => contentTerms(word)))];

  it('counts a sentence holding several words of one concept as holding it once', () => {
    const weighted = weightedConcepts(concepts, terms, pool);
    expect(weighted.map((concept) => concept.terms)).toEqual([
      ['IS', 'islam', 'staat'],
      ['zerstor', 'destroy'],
      ['palmyra'],
    ]);
    const [name, temples] = [pool[0]!, pool[1]!];
    // By terms, the name written out and abbreviated outweighs IS and Palmyra together.
    const idf = localIdf(terms, pool);
    expect(contextualCoverage(terms, name, new Set(), 0, idf)).toBeGreaterThan(
      contextualCoverage(terms, temples, new Set(), 0, idf),
    );
    expect(conceptCoverage(weighted, temples, new Set(), 0)).toBeGreaterThan(
      conceptCoverage(weighted, name, new Set(), 0),
    );
  });

  it('weighs a concept by the texts holding any of its words, and leaves out terms not counted', () => {
    const weighted = weightedConcepts(concepts, ['IS', 'islam', 'staat', 'palmyra', 'russland'], pool);
    expect(weighted.map((concept) => concept.terms)).toEqual([
      ['IS', 'islam', 'staat'],
      ['palmyra'],
      ['russland'],
    ]);
    const idf = localIdf(['IS', 'palmyra', 'russland'], pool);
    // IS is in two texts, "Islamischer Staat" in one of them: the concept's weight is IS's.
    expect(weighted[0]!.weight).toBeCloseTo(idf('IS'));
    expect(weighted[1]!.weight).toBeCloseTo(idf('palmyra'));
    // Russland is in one text only, so it weighs more than the concepts in two.
    expect(weighted[2]!.weight).toBeCloseTo(idf('russland'));
    expect(weighted[2]!.weight).toBeGreaterThan(weighted[0]!.weight);
    expect(conceptCoverage(weighted, pool[2]!, new Set(), 0)).toBeCloseTo(
      idf('palmyra') / (idf('IS') + idf('palmyra') + idf('russland')),
    );
  });

  it('counts the terms of "Islamischer Staat" alone by the texts holding either word', () => {
    // "Staat" also in a fifth text: the concept holds it, so its frequency is the union's.
    const withState = [...pool, termsOf('Der Staat zahlte.')];
    const [concept] = weightedConcepts([['Islamischer Staat']], ['islam', 'staat'], withState);
    const idf = localIdf(['islam', 'staat'], withState);
    expect(concept!.weight).toBeCloseTo(idf('staat'));
    expect(concept!.weight).toBeLessThan(idf('islam'));
  });

  it('lets neighbouring concepts found in the same texts share their weight, unless told not to', () => {
    const names = [
      termsOf('Deir al-Sor liegt am Euphrat.'),
      termsOf('In Deir al-Sor wird gekämpft.'),
      termsOf('Nichts.'),
    ];
    const words = [['Deir'], ['al'], ['Sor'], ['Euphrat']];
    const terms = ['deir', 'al', 'sor', 'euphrat'];
    const shared = weightedConcepts(words, terms, names);
    const apart = weightedConcepts(words, terms, names, false);
    for (const i of [0, 1, 2]) expect(shared[i]!.weight).toBeCloseTo(apart[i]!.weight / 3);
    expect(shared[3]!.weight).toBeCloseTo(apart[3]!.weight);
  });

  it('counts a term once: a repeated word or one two concepts share adds no weight', () => {
    const once = weightedConcepts([['IS'], ['Palmyra']], ['IS', 'palmyra'], pool);
    const repeated = weightedConcepts(
      [['IS'], ['Palmyra'], ['IS'], ['Islamischer Staat', 'IS']],
      ['IS', 'palmyra', 'islam', 'staat'],
      pool,
    );
    expect(repeated.map((concept) => concept.terms)).toEqual([['IS'], ['palmyra'], ['islam', 'staat']]);
    expect(repeated.slice(0, 2)).toEqual(once);
  });

  it('reads a capitalised word of a concept as inside the expansion, where the counted terms come from', () => {
    // "league" → Liga, Verband: "Verband" first in a text would be read as the verb "verbinden".
    const texts = [
      termsOf('Der Verband der Liga verhängte eine Strafe.'),
      termsOf('Die Liga verhängte gegen Güssing eine Strafe.'),
    ];
    const counted = contentTerms(
      'How big was the fine the league imposed on Güssing?\nLiga Verband Strafe Güssing',
    );
    const weighted = weightedConcepts(
      [['Liga', 'Verband', 'league'], ['Strafe', 'fine'], ['Güssing']],
      counted,
      texts,
    );
    expect(weighted[0]!.terms).toEqual(expect.arrayContaining(['liga', 'verband']));
    // The sentence naming the league twice holds one concept; the one naming Güssing holds two.
    expect(conceptCoverage(weighted, texts[1]!, new Set(), 0)).toBeGreaterThan(
      conceptCoverage(weighted, texts[0]!, new Set(), 0),
    );
  });

  it("reads the expansion's first word as at a sentence's start too, after every concept took its own terms", () => {
    // An expansion starting "Verband …" was analysed with the verb form "verbinden" for it.
    const counted = contentTerms('Verband verbinden Klubs');
    expect(counted[0]).toBe(analyze('verbinden')[0]);
    const weighted = weightedConcepts(
      [['Verband', 'association'], ['verbinden', 'connect'], ['Klubs']],
      counted,
      pool,
    );
    // The verb concept keeps its term; the association has none left and is dropped.
    expect(weighted.map((concept) => concept.terms)).toEqual([analyze('verbinden'), analyze('Klubs')]);
    // Alone, "Verband" first in the expansion is found through that reading.
    const alone = weightedConcepts(
      [['Verband', 'association'], ['Klubs']],
      contentTerms('Verband Klubs'),
      pool,
    );
    expect(alone.map((concept) => concept.terms)).toEqual([analyze('Verband'), analyze('Klubs')]);
  });

  it('keeps a counted term that no concept holds as a concept of its own', () => {
    const weighted = weightedConcepts([['Palmyra']], ['palmyra', 'tempel'], pool);
    expect(weighted.map((concept) => concept.terms)).toEqual([['palmyra'], ['tempel']]);
  });

  it('gives a term found only in the surrounding passage the given share, as contextualCoverage does', () => {
    const weighted = weightedConcepts([['Palmyra'], ['Tempel']], ['palmyra', 'tempel'], pool);
    const context = pool[1]!;
    expect(conceptCoverage(weighted, pool[2]!, context, 0.5)).toBeGreaterThan(
      conceptCoverage(weighted, pool[2]!, new Set(), 0.5),
    );
  });
});
