import fc from 'fast-check';
import { fetchFrom } from '../../../src/core/answer/citations';
import { ExtractiveAnswerer } from '../../../src/core/answer/extractive';
import { relevanceScore, scoreSentences } from '../../../src/core/answer/scoring';
import { analyze } from '../../../src/core/text/analysis';
import type { Answer, Article, BlockKind, Passage } from '../../../src/core/types';
import type { ExtractiveAnswererOptions } from '../../../src/core/answer/extractive';
import type { Reranker } from '../../../src/core/rerank/reranker';
import {
  BEES,
  KAFFEE,
  PALMYRA,
  TermHashEmbedder,
  articlesOf,
  lookupOf,
  makeArticle,
  passagesOf,
  retrievedFrom,
} from './fixtures';

const lookup = lookupOf(PALMYRA, BEES, KAFFEE);
const articles = fetchFrom(lookup);
const embedder = new TermHashEmbedder();
const answerer = new ExtractiveAnswerer({ embedder, articles });

/** Markers in the text and citation numbers must match one to one, numbered 1..k. */
function expectConsistent(answer: Answer): void {
  const markers = [...new Set([...answer.text.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1])))];
  expect(markers.sort()).toEqual(answer.citations.map((c) => c.n));
  expect(answer.citations.map((c) => c.n)).toEqual(answer.citations.map((_, i) => i + 1));
}

function expectVerbatim(answer: Answer, articles: Article[]): void {
  for (const citation of answer.citations) {
    const article = articles.find((a) => a.id === citation.articleId)!;
    expect(article.text.slice(citation.quoteStart, citation.quoteEnd)).toBe(citation.quote);
    expect(citation.passage).toContain(citation.quote);
    expect(article.text).toContain(citation.passage);
  }
}

describe('ExtractiveAnswerer', () => {
  const palmyra = passagesOf(PALMYRA);
  const mixed = retrievedFrom([palmyra[0]!, palmyra[2]!, passagesOf(KAFFEE)[0]!, palmyra[1]!, palmyra[3]!]);

  it('quotes the sentence that answers a German question, with German framing', async () => {
    const answer = await answerer.answer('Wo spielte das Mariinski-Orchester?', mixed);
    expect(answer.abstained).toBe(false);
    expect(answer.mode).toBe('extractive');
    expect(answer.language).toBe('de');
    expect(answer.text.startsWith('Laut den Artikeln:')).toBe(true);
    expect(answer.citations[0]!.quote).toBe(
      'Andächtig lauschten die russischen Soldaten dem Mariinski-Orchester im Amphitheater von Palmyra.',
    );
    expect(answer.citations[0]).toMatchObject({
      articleId: PALMYRA.id,
      title: 'Konzert in Palmyra',
      date: '2016-12',
      url: 'https://example.org/palmyra',
      paragraph: 1,
      passageId: palmyra[0]!.id,
    });
    expectConsistent(answer);
    expectVerbatim(answer, [PALMYRA, KAFFEE]);
  });

  it('numbers paragraphs as a reader counts them, captions included and headings skipped', async () => {
    const answer = await answerer.answer(
      'Von wie vielen Seiten sind die Kämpfer auf Palmyra vorgerückt?',
      mixed,
    );
    expect(answer.abstained).toBe(false);
    const first = answer.citations[0]!;
    expect(first.quote).toBe('Von drei Seiten sind Kämpfer der Miliz auf Palmyra vorgerückt.');
    expect(first.paragraph).toBe(3);
    expect(first.section).toBe('Die neue Offensive');
    expectConsistent(answer);
    expectVerbatim(answer, [PALMYRA]);
  });

  it('answers an English question with English framing and the article quote unchanged', async () => {
    const answer = await answerer.answer(
      'How do honey bees communicate the location of flowers?',
      retrievedFrom([...passagesOf(BEES), ...palmyra]),
    );
    expect(answer.language).toBe('en');
    expect(answer.text.startsWith('According to the articles:')).toBe(true);
    expect(answer.citations[0]!.quote).toBe(
      'Honey bees communicate the location of flowers through a waggle dance.',
    );
    expect(answer.text).toContain('Honey bees communicate the location of flowers through a waggle dance.');
    expectConsistent(answer);
    expectVerbatim(answer, [BEES]);
  });

  it('keeps the answer short: at most three quotes and no sentence cited twice across overlapping passages', async () => {
    const whole = palmyra[2]!;
    const overlapping = { ...whole, id: `${PALMYRA.id}#9`, ordinal: 9 };
    const answer = await answerer.answer(
      'Welche Dörfer, Öl- und Gasfelder haben die Kämpfer der Miliz eingenommen?',
      retrievedFrom([whole, overlapping, ...palmyra]),
    );
    expect(answer.citations.length).toBeGreaterThanOrEqual(1);
    expect(answer.citations.length).toBeLessThanOrEqual(3);
    const starts = answer.citations.map((c) => `${c.articleId}:${c.quoteStart}`);
    expect(new Set(starts).size).toBe(starts.length);
    expect(answer.citations[0]!.quote).toBe('Sie haben mehrere Dörfer sowie Öl- und Gasfelder eingenommen.');
  });

  it('adds a second quote only when it covers question terms the first does not', async () => {
    const answer = await answerer.answer(
      'Wer dirigierte die Musiker und wer lauschte dem Orchester im Amphitheater?',
      retrievedFrom(palmyra),
    );
    const quotes = answer.citations.map((c) => c.quote);
    expect(quotes).toEqual(
      expect.arrayContaining([
        'Andächtig lauschten die russischen Soldaten dem Mariinski-Orchester im Amphitheater von Palmyra.',
        'Die Musiker unter Leitung von Dirigent Waleri Gergijew spielten Stücke von Bach und Prokofjew.',
      ]),
    );
    expect(quotes).not.toContain('Der Kreml hatte Politiker und Journalisten extra einfliegen lassen.');
  });

  it('abstains on an unrelated German question, naming the nearest articles and citing nothing', async () => {
    const retrieved = retrievedFrom([...passagesOf(KAFFEE), ...palmyra]);
    const answer = await answerer.answer('Wie wird das Wetter morgen in Hamburg?', retrieved);
    expect(answer.abstained).toBe(true);
    expect(answer.citations).toEqual([]);
    expect(answer.text).toBe(
      'Dazu finde ich in den Artikeln nichts. Am nächsten kommen: „Die Geschichte des Kaffees“, „Konzert in Palmyra“.',
    );
    expect(answer.nearestArticles).toEqual([
      { articleId: KAFFEE.id, title: KAFFEE.title },
      { articleId: PALMYRA.id, title: PALMYRA.title },
    ]);
  });

  it('abstains on an unrelated English question in English', async () => {
    const answer = await answerer.answer('Who invented the telephone?', retrievedFrom(passagesOf(BEES)));
    expect(answer.abstained).toBe(true);
    expect(answer.language).toBe('en');
    expect(answer.text.startsWith("The articles don't say anything about that.")).toBe(true);
    expect(answer.text).toContain('“How bees talk”');
  });

  it('abstains without nearest articles when retrieval found nothing', async () => {
    const answer = await answerer.answer('Was ist Palmyra?', []);
    expect(answer).toMatchObject({ abstained: true, citations: [], nearestArticles: [] });
    expect(answer.text).toBe('Dazu finde ich in den Artikeln nichts.');
  });

  it('honours a language override for the framing while quotes stay German', async () => {
    const answer = await answerer.answer('Wo spielte das Mariinski-Orchester?', mixed, { language: 'en' });
    expect(answer.language).toBe('en');
    expect(answer.text.startsWith('According to the articles: “Andächtig lauschten')).toBe(true);
  });

  it('uses the configured language when no per-question override is given', async () => {
    const english = new ExtractiveAnswerer({ embedder, articles, language: 'en' });
    const answer = await english.answer('Wo spielte das Mariinski-Orchester?', mixed);
    expect(answer.language).toBe('en');
  });

  it('matches an English question to German sentences through the query expansion retrieval uses', async () => {
    const question = 'From how many sides did the fighters advance on Palmyra?';
    const expandQuery = async (q: string) => ({
      text: q === question ? 'Seiten Seite Kämpfer Streiter vorrücken Palmyra' : q,
    });
    const plain = await answerer.answer(question, mixed);
    const bridged = await new ExtractiveAnswerer({ embedder, articles, expandQuery }).answer(question, mixed);
    expect(plain.citations[0]?.quote).not.toBe(
      'Von drei Seiten sind Kämpfer der Miliz auf Palmyra vorgerückt.',
    );
    expect(bridged.abstained).toBe(false);
    expect(bridged.language).toBe('en');
    expect(bridged.citations[0]!.quote).toBe(
      'Von drei Seiten sind Kämpfer der Miliz auf Palmyra vorgerückt.',
    );
  });

  it('lowers the relevance threshold by the translated discount for a translated question only', async () => {
    const english = 'From how many sides did the fighters advance on Palmyra?';
    const german = 'Von wie vielen Seiten rückten die Kämpfer auf Palmyra vor?';
    const expandQuery = async (q: string) => ({
      text: q === english ? 'Seiten Seite Kämpfer Streiter vorrücken Palmyra' : q,
    });
    const deps = { embedder, lookup, expandQuery };
    const translated = await relevanceScore(english, mixed, deps);
    const untranslated = await relevanceScore(german, mixed, deps);
    expect(translated.translated).toBe(true);
    expect(untranslated.translated).toBe(false);
    // Each question's threshold just above its relevance: only the translated one clears it
    // once lowered by the discount.
    const ask = (question: string, minRelevance: number, translatedDiscount: number) =>
      new ExtractiveAnswerer({ embedder, articles, expandQuery, minRelevance, translatedDiscount }).answer(
        question,
        mixed,
      );
    expect((await ask(english, translated.score + 0.01, 0)).abstained).toBe(true);
    expect((await ask(english, translated.score + 0.01, 0.02)).abstained).toBe(false);
    expect((await ask(german, untranslated.score + 0.01, 0.02)).abstained).toBe(true);
    expect((await ask(german, untranslated.score - 0.01, 0.02)).abstained).toBe(false);
  });
  it('never quotes a fragment that only repeats the question, but counts it as evidence', async () => {
    const council = makeArticle('de/rat.md', 'Gemeinderat', [
      [
        'paragraph',
        'Heilbronn. Der Gemeinderat hat den Bau einer Stadtbahn beschlossen. Oberbürgermeisterin Sabine Krämer sprach von einem guten Tag.',
      ],
    ]);
    const retrieved = retrievedFrom(passagesOf(council));
    const deps = { embedder, lookup: lookupOf(council) };
    const question = 'Wer regiert Heilbronn?';
    const { sentences, relevance } = await scoreSentences(question, retrieved, deps);
    expect(sentences.map((sentence) => sentence.text)).not.toContain('Heilbronn.');
    expect(sentences).toHaveLength(2);
    // The dateline is the sentence closest to the question, and the relevance still counts it.
    const [dateline] = await embedder.embedPassages(['Heilbronn.']);
    const asked = await embedder.embedQuery(question);
    const similarity = dateline!.reduce((sum, value, i) => sum + value * asked[i]!, 0);
    expect(similarity).toBeGreaterThan(Math.max(...sentences.map((sentence) => sentence.dense)));
    expect(relevance.dense).toBeGreaterThanOrEqual(similarity - 1e-6);
    const answer = await new ExtractiveAnswerer({ embedder, articles: fetchFrom(lookupOf(council)) }).answer(
      question,
      retrieved,
    );
    expect(answer.citations.map((citation) => citation.quote)).not.toContain('Heilbronn.');
  });

  it("still quotes a sentence that answers in the question's own words (yes/no, either/or)", async () => {
    const ask = async (text: string, question: string) => {
      const article = makeArticle('de/a.md', 'A', [['paragraph', text]]);
      const answer = await new ExtractiveAnswerer({
        embedder,
        articles: fetchFrom(lookupOf(article)),
      }).answer(question, retrievedFrom(passagesOf(article)));
      return answer.citations[0]?.quote;
    };
    expect(
      await ask(
        'Der Gemeinderat hat die Stadtbahn beschlossen.',
        'Hat der Gemeinderat die Stadtbahn beschlossen?',
      ),
    ).toBe('Der Gemeinderat hat die Stadtbahn beschlossen.');
    expect(
      await ask(
        'Der Täter war 30 Jahre alt. Er wurde in Berlin festgenommen.',
        'War der Täter 25 oder 30 Jahre alt?',
      ),
    ).toBe('Der Täter war 30 Jahre alt.');
  });

  it('quotes a short sentence in the words of a yes/no question, but no such fragment for a wh-question', async () => {
    const fire = makeArticle('de/brand.md', 'Scheunenbrand', [
      [
        'paragraph',
        'In der Nacht ist in Obernfeld eine Scheune abgebrannt. Verletzt wurde niemand. Die Polizei schätzt den Schaden auf 150.000 Euro.',
      ],
    ]);
    const deps = { embedder, lookup: lookupOf(fire) };
    const candidates = async (question: string) =>
      (await scoreSentences(question, retrievedFrom(passagesOf(fire)), deps)).sentences.map((s) => s.text);
    expect(await candidates('Wurde jemand verletzt?')).toContain('Verletzt wurde niemand.');
    expect(await candidates('Wer wurde verletzt?')).not.toContain('Verletzt wurde niemand.');
    const answer = await new ExtractiveAnswerer({ embedder, articles: fetchFrom(lookupOf(fire)) }).answer(
      'Wurde jemand verletzt?',
      retrievedFrom(passagesOf(fire)),
    );
    expect(answer.citations[0]?.quote).toBe('Verletzt wurde niemand.');
  });

  it.each([
    ['Wurde jemand verletzt?', 'Wurde jemand verletzt?'],
    ['Gab es einen Scheunenbrand in Obernfeld?', 'Scheunenbrand in Obernfeld.'],
    ['Ist die Scheune in Obernfeld abgebrannt?', 'Die Scheune in Obernfeld.'],
    ['Hat Anna Müller darüber berichtet?', 'Von Anna Müller.'],
    ['Gab es einen Brand in Obernfeld?', 'Zum Brand in Obernfeld.'],
  ])(
    'does not take a title, a byline or the question itself for the answer to %j',
    async (question, fragment) => {
      const article = makeArticle('de/frag.md', 'Obernfeld', [
        ['paragraph', `${fragment} Die Feuerwehr rückte mit 45 Einsatzkräften aus und blieb bis zum Morgen.`],
      ]);
      const deps = { embedder, lookup: lookupOf(article) };
      const { sentences } = await scoreSentences(question, retrievedFrom(passagesOf(article)), deps);
      expect(sentences.map((s) => s.text)).not.toContain(fragment);
    },
  );

  it('refuses a question about a quarter the article never names, though it names another', async () => {
    const results = makeArticle('de/quartal.md', 'Quartalszahlen', [
      ['paragraph', 'Der Umsatz von Velo stieg im dritten Quartal auf 312 Millionen Euro.'],
    ]);
    const retrieved = retrievedFrom(passagesOf(results));
    const velo = new ExtractiveAnswerer({ embedder, articles: fetchFrom(lookupOf(results)) });
    expect(
      (await velo.answer('Wie hoch war der Umsatz von Velo im zweiten Quartal?', retrieved)).abstained,
    ).toBe(true);
    expect(
      (await velo.answer('Wie hoch war der Umsatz von Velo im dritten Quartal?', retrieved)).abstained,
    ).toBe(false);
  });

  it('takes the expansion retrieval made instead of expanding the question again', async () => {
    const question = 'From how many sides did the fighters advance on Palmyra?';
    const expansion = { text: 'Seiten Seite Kämpfer Streiter vorrücken Palmyra' };
    const expandQuery = jest.fn(async (q: string) => (q === question ? expansion : { text: q }));
    const bridged = new ExtractiveAnswerer({ embedder, articles, expandQuery });
    // A count question also has its counted word ("sides") translated; the question itself is
    // translated once.
    const questionExpansions = () => expandQuery.mock.calls.filter(([text]) => text === question).length;
    const own = await bridged.answer(question, mixed);
    expect(questionExpansions()).toBe(1);
    const reused = await bridged.answer(question, mixed, { expansion });
    expect(questionExpansions()).toBe(1);
    expect(expandQuery.mock.calls.map(([text]) => text)).toEqual([question, 'sides', 'sides']);
    expect(reused).toEqual(own);
  });

  it('does not pad an answer with a weaker sentence from another passage that shares one word', async () => {
    const question = 'Wo lauschten die Soldaten dem Mariinski-Orchester während der Gefechte?';
    const stray = 'Rund 30 syrische Soldaten wurden bei den Gefechten getötet.';
    const lenient = new ExtractiveAnswerer({ embedder, articles, nearbyScoreRatio: 0 });
    const padded = await lenient.answer(question, retrievedFrom(palmyra));
    const answer = await answerer.answer(question, retrievedFrom(palmyra));
    expect(padded.citations.map((c) => c.quote)).toContain(stray);
    expect(answer.citations.map((c) => c.quote)).toEqual([
      'Andächtig lauschten die russischen Soldaten dem Mariinski-Orchester im Amphitheater von Palmyra.',
    ]);
  });

  it('skips passages whose text no longer matches the article', async () => {
    const stale = { ...palmyra[0]!, text: 'Das Mariinski-Orchester spielte in Moskau.' };
    const answer = await answerer.answer('Wo spielte das Mariinski-Orchester?', retrievedFrom([stale]));
    expect(answer.abstained).toBe(true);
  });

  it('abstains when the relevance threshold is raised above what the passages reach', async () => {
    const strict = new ExtractiveAnswerer({ embedder, articles, minRelevance: 1.01 });
    const answer = await strict.answer('Wo spielte das Mariinski-Orchester?', mixed);
    expect(answer.abstained).toBe(true);
  });
});

describe('ExtractiveAnswerer: what the question asks for', () => {
  const exklave = makeArticle('exklave.txt', 'Deir al-Sor', [
    ['paragraph', 'Die Gefechte um Deir al-Sor dauern an. Deir al-Sor ist eine Exklave des Regimes.'],
    [
      'paragraph',
      'Im Osten wird weiter gekämpft. Bei den Gefechten wurden mehr als hundert Menschen getötet.',
    ],
  ]);
  const deps = { embedder: new TermHashEmbedder(), articles: articlesOf(exklave) };
  const retrieved = retrievedFrom(passagesOf(exklave));
  const question = 'Wie viele wurden bei den Gefechten um Deir al-Sor getötet?';

  it('prefers the sentence that gives a count when the question asks for one', async () => {
    const answer = await new ExtractiveAnswerer({ ...deps, maxQuotes: 1 }).answer(question, retrieved);
    expect(answer.citations[0]!.quote).toBe('Bei den Gefechten wurden mehr als hundert Menschen getötet.');
    const untyped = new ExtractiveAnswerer({
      ...deps,
      maxQuotes: 1,
      refuseUnstatedKind: false,
      scoring: { answerTypeBonus: 0, groupPhrases: false, contextCredit: 0 },
    });
    // Without knowing what is asked, the sentence repeating the place name wins.
    expect((await untyped.answer(question, retrieved)).citations[0]!.quote).toBe(
      'Die Gefechte um Deir al-Sor dauern an.',
    );
  });
});

describe('ExtractiveAnswerer: a why question', () => {
  const bakery = makeArticle('baeckerei.txt', 'Bäckerei', [
    [
      'paragraph',
      'Die Bäckerei Kornmeyer in der Altstadt schließt zum 30. September. Als Grund nannte der Bäckermeister, dass er keinen Nachfolger gefunden habe.',
    ],
  ]);
  const ask = (article = bakery) =>
    new ExtractiveAnswerer({ embedder, articles: fetchFrom(lookupOf(article)) }).answer(
      'Warum schließt die Bäckerei Kornmeyer?',
      retrievedFrom(passagesOf(article)),
    );

  it('quotes the sentence giving the reason beside one that repeats the question', async () => {
    const answer = await ask();
    // The closer sentence in words comes first; the one giving the reason shares no further
    // question word, and is quoted because it gives what was asked.
    expect(answer.citations.map((c) => c.quote)).toEqual([
      'Die Bäckerei Kornmeyer in der Altstadt schließt zum 30. September.',
      'Als Grund nannte der Bäckermeister, dass er keinen Nachfolger gefunden habe.',
    ]);
  });

  it('does not take a sentence that only names a cause for the reason', async () => {
    const fire = makeArticle('baeckerei.txt', 'Bäckerei', [
      [
        'paragraph',
        'Die Bäckerei Kornmeyer in der Altstadt schließt zum 30. September. Die Ursache des Brandes im Nachbarhaus wird noch ermittelt.',
      ],
    ]);
    const answer = await ask(fire);
    expect(answer.citations.map((c) => c.quote)).toEqual([
      'Die Bäckerei Kornmeyer in der Altstadt schließt zum 30. September.',
    ]);
  });
});

describe('scoreSentences: a date given by its day alone', () => {
  const badawi = makeArticle('badawi.txt', 'Badawi', [
    [
      'paragraph',
      'Badawi wurde am Sonntag verhaftet. Im Juni 2012 wurde der Blogger Badawi in Dschidda verhaftet.',
    ],
  ]);
  const score = (question: string) =>
    scoreSentences(question, retrievedFrom(passagesOf(badawi)), {
      embedder: new TermHashEmbedder(),
      lookup: lookupOf(badawi),
    });

  it('prefers a sentence giving the month and year to one closer in words giving the weekday', async () => {
    const { sentences } = await score('Wann wurde Badawi verhaftet?');
    expect(sentences.map((s) => s.text)).toEqual([
      'Im Juni 2012 wurde der Blogger Badawi in Dschidda verhaftet.',
      'Badawi wurde am Sonntag verhaftet.',
    ]);
    // The weekday sentence is the closer one in words: only the date bonus puts the other first.
    expect(sentences[1]!.dense).toBeGreaterThan(sentences[0]!.dense);
    expect(sentences.map((s) => s.showsAnswer)).toEqual([true, false]);
  });

  it('takes the weekday as the answer to a question for the day', async () => {
    const { sentences } = await score('An welchem Tag wurde Badawi verhaftet?');
    expect(sentences[0]!.text).toBe('Badawi wurde am Sonntag verhaftet.');
    expect(sentences.every((s) => s.showsAnswer)).toBe(true);
  });
});

describe('ExtractiveAnswerer: synonyms of a German question', () => {
  const urlaub = makeArticle('urlaub.txt', 'Reisen', [
    [
      'paragraph',
      'Die Tourismusanalyse der Stiftung nennt jedes Jahr neue Zahlen. Als Ziel für den Urlaub nennen die Befragten heuer meist die Ostsee.',
    ],
  ]);
  const retrieved = retrievedFrom(passagesOf(urlaub));
  const question = 'Welches Ziel nennt die Tourismusanalyse für die Ferien?';
  const term = (word: string) => analyze(word, { inSentence: true })[0]!;
  // "Ferien" and "Urlaub" are one meaning; the fake knows only that pair.
  const synonyms = {
    synonymsOf: (t: string) =>
      t === term('Ferien') ? [term('Urlaub')] : t === term('Urlaub') ? [term('Ferien')] : [],
  };
  const deps = { embedder: new TermHashEmbedder(), articles: articlesOf(urlaub), maxQuotes: 1 };

  it('counts a synonym of a question word as the word when it chooses the sentence', async () => {
    const without = await new ExtractiveAnswerer({ ...deps, minRelevance: 0 }).answer(question, retrieved);
    expect(without.citations[0]!.quote).toBe(
      'Die Tourismusanalyse der Stiftung nennt jedes Jahr neue Zahlen.',
    );
    const withSynonyms = await new ExtractiveAnswerer({ ...deps, minRelevance: 0, synonyms }).answer(
      question,
      retrieved,
    );
    expect(withSynonyms.citations[0]!.quote).toBe(
      'Als Ziel für den Urlaub nennen die Befragten heuer meist die Ostsee.',
    );
  });

  it('gives an English question no German synonyms, translated or not', async () => {
    const lookup = lookupOf(urlaub);
    // Every word would be a synonym of "Urlaub": any use of the table would show.
    const everything = { synonymsOf: () => [term('Urlaub')] };
    const english = 'Which destination does the tourism analysis name for the holidays?';
    const overlaps = async (withSynonyms: boolean) =>
      (
        await scoreSentences(english, retrieved, {
          embedder: deps.embedder,
          lookup,
          ...(withSynonyms ? { synonyms: everything } : {}),
        })
      ).sentences.map((sentence) => sentence.overlap);
    expect(await overlaps(true)).toEqual(await overlaps(false));
  });

  it('leaves the relevance that decides abstention to the question’s own words', async () => {
    const lookup = lookupOf(urlaub);
    const plain = await relevanceScore(question, retrieved, { embedder: deps.embedder, lookup });
    const synonymous = await relevanceScore(question, retrieved, {
      embedder: deps.embedder,
      lookup,
      synonyms,
    });
    expect(synonymous.score).toBe(plain.score);
    expect(synonymous.coverage).toBe(plain.coverage);
  });
});

describe('ExtractiveAnswerer: count questions', () => {
  const front = makeArticle('front.txt', 'Palmyra', [
    [
      'paragraph',
      'Von drei Seiten sind Kämpfer der Miliz auf Palmyra vorgerückt. Rund 30 syrische Soldaten wurden getötet.',
    ],
  ]);
  const deps = { embedder: new TermHashEmbedder(), articles: articlesOf(front), maxQuotes: 1 };
  const retrieved = retrievedFrom(passagesOf(front));
  const question = 'Wie viele Soldaten verlor die Armee bei den Kämpfen um Palmyra?';

  it('prefers the number that counts what the question counts', async () => {
    const answer = await new ExtractiveAnswerer(deps).answer(question, retrieved);
    expect(answer.citations[0]!.quote).toBe('Rund 30 syrische Soldaten wurden getötet.');
    // Both sentences hold a number; without the count bonus the one sharing more words wins,
    // and, as it does not mention soldiers, the question is refused.
    const uncounted = new ExtractiveAnswerer({ ...deps, scoring: { countBonus: 0 } });
    expect((await uncounted.answer(question, retrieved)).abstained).toBe(true);
    const lenient = new ExtractiveAnswerer({
      ...deps,
      scoring: { countBonus: 0 },
      refuseUnstatedKind: false,
    });
    expect((await lenient.answer(question, retrieved)).citations[0]!.quote).toBe(
      'Von drei Seiten sind Kämpfer der Miliz auf Palmyra vorgerückt.',
    );
  });
});

describe('ExtractiveAnswerer: questions for a unit', () => {
  const headset = makeArticle('headset.txt', 'Neue VR-Brille', [
    [
      'paragraph',
      'Die neue VR-Brille des Herstellers kommt im April in den Handel. Käufer erhalten zwei neue Spiele. ' +
        'Die Brille wird für 799 Dollar verkauft.',
    ],
  ]);
  const deps = { embedder: new TermHashEmbedder(), articles: articlesOf(headset) };
  const retrieved = retrievedFrom(passagesOf(headset));

  it('quotes the sentence stating the amount asked for, not the one sharing the most words', async () => {
    const answer = await new ExtractiveAnswerer({ ...deps, maxQuotes: 1 }).answer(
      'Was kostet die neue VR-Brille?',
      retrieved,
    );
    expect(answer.citations[0]!.quote).toBe('Die Brille wird für 799 Dollar verkauft.');
    // Without the bonus for the unit the sentence sharing the most words scores best, yet the
    // sentence stating the price still leads (see the next test).
    const unitless = new ExtractiveAnswerer({
      ...deps,
      maxQuotes: 1,
      refuseUnstatedKind: false,
      scoring: { measureBonus: 0 },
    });
    const scored = await scoreSentences(
      'Was kostet die neue VR-Brille?',
      retrieved,
      { embedder: deps.embedder, lookup: lookupOf(headset) },
      { measureBonus: 0 },
    );
    expect(scored.sentences[0]!.text).toBe(
      'Die neue VR-Brille des Herstellers kommt im April in den Handel.',
    );
    expect((await unitless.answer('Was kostet die neue VR-Brille?', retrieved)).citations[0]!.quote).toBe(
      'Die Brille wird für 799 Dollar verkauft.',
    );
  });

  it('quotes first a sentence of the topic stating the amount, however many words another shares', async () => {
    const blogger = makeArticle('blogger.txt', 'Blogger', [
      [
        'paragraph',
        'Der saudische Blogger Raif Badawi wurde in Saudi-Arabien zu zehn Jahren Haft verurteilt. ' +
          'Der 31-Jährige war 2012 festgenommen worden.',
      ],
    ]);
    const answerer = new ExtractiveAnswerer({ ...deps, articles: articlesOf(blogger), minRelevance: 0 });
    const answer = await answerer.answer(
      'Wie alt ist der saudische Blogger Raif Badawi?',
      retrievedFrom(passagesOf(blogger)),
    );
    expect(answer.citations.map((c) => c.quote)).toEqual([
      'Der 31-Jährige war 2012 festgenommen worden.',
      'Der saudische Blogger Raif Badawi wurde in Saudi-Arabien zu zehn Jahren Haft verurteilt.',
    ]);
  });

  it('abstains when the articles state no amount of the unit asked for, however close the topic', async () => {
    const answerer = new ExtractiveAnswerer({ ...deps, minRelevance: 0 });
    const weight = await answerer.answer('Wie schwer ist die neue VR-Brille?', retrieved);
    expect(weight.abstained).toBe(true);
    expect(weight.nearestArticles.map((a) => a.title)).toEqual(['Neue VR-Brille']);
    expect((await answerer.answer('How old is the new VR headset?', retrieved)).abstained).toBe(true);
    // The same topic with an amount that is stated is answered.
    expect((await answerer.answer('Was kostet die neue VR-Brille?', retrieved)).abstained).toBe(false);
    // Also when no word is shared (English, no dictionary): the best passage states the price.
    expect((await answerer.answer('What does it cost?', retrieved)).abstained).toBe(false);
  });

  it('answers a question for a named sum only with an amount told of that sum', async () => {
    const figures = makeArticle('figures.txt', 'Nordwerk', [
      [
        'paragraph',
        'Der Maschinenbauer Nordwerk hat im dritten Quartal deutlich mehr umgesetzt. Das Kartellgericht verhängte eine Geldbuße von 500.000 Euro. Der Umsatz stieg auf 842 Millionen Euro.',
      ],
    ]);
    const fine = makeArticle('fine.txt', 'Pfeiffer', [
      [
        'paragraph',
        'Das Kartellgericht hat über die Pfeiffer HandelsgmbH eine Geldbuße von 562.500 Euro verhängt. Die Pfeiffer HandelsgmbH hatte Preise abgesprochen.',
      ],
    ]);
    const answerer = (article: Article) =>
      new ExtractiveAnswerer({
        embedder: new TermHashEmbedder(),
        articles: articlesOf(article),
        minRelevance: 0,
        maxQuotes: 1,
      });
    const revenue = await answerer(figures).answer(
      'Wie hoch war der Umsatz von Nordwerk im dritten Quartal?',
      retrievedFrom(passagesOf(figures)),
    );
    expect(revenue.citations[0]!.quote).toBe('Der Umsatz stieg auf 842 Millionen Euro.');
    // The only amount is a fine: the revenue asked for is not stated.
    const unstated = await answerer(fine).answer(
      'Wie viel Umsatz macht die Pfeiffer HandelsgmbH im Jahr?',
      retrievedFrom(passagesOf(fine)),
    );
    expect(unstated.abstained).toBe(true);
    // A question for money that names no sum still takes any amount.
    const cost = await answerer(fine).answer(
      'Wie viel Geld musste die Pfeiffer HandelsgmbH zahlen?',
      retrievedFrom(passagesOf(fine)),
    );
    expect(cost.citations[0]!.quote).toContain('562.500 Euro');
  });

  it('does not take an amount stated in another article for the one asked about', async () => {
    const ruins = makeArticle('ruins.txt', 'Funde in Rom', [
      ['paragraph', 'Die Archäologen zeigten neue Funde. Die Mauern sind über 2.500 Jahre alt.'],
    ]);
    const both = new ExtractiveAnswerer({
      embedder: new TermHashEmbedder(),
      articles: articlesOf(headset, ruins),
      minRelevance: 0,
    });
    const answer = await both.answer(
      'Wie alt ist die neue VR-Brille des Herstellers?',
      retrievedFrom([...passagesOf(headset), ...passagesOf(ruins)]),
    );
    expect(answer.abstained).toBe(true);
  });

  it('adds the sentence stating the asked count when the best one states none', async () => {
    const league = makeArticle('league.txt', 'Eishockey', [
      [
        'paragraph',
        'Kanada hat den WM-Titel gewonnen, zuletzt 2016 in Moskau. Der 25-fache Weltmeister Kanada ließ der Slowakei keine Chance.',
      ],
    ]);
    const answer = await new ExtractiveAnswerer({
      embedder: new TermHashEmbedder(),
      articles: articlesOf(league),
      minRelevance: 0,
    }).answer('Wie oft hat Kanada den WM-Titel gewonnen?', retrievedFrom(passagesOf(league)));
    // The first sentence has every question word; the second only states how often.
    expect(answer.citations.map((c) => c.quote)).toEqual([
      'Kanada hat den WM-Titel gewonnen, zuletzt 2016 in Moskau.',
      'Der 25-fache Weltmeister Kanada ließ der Slowakei keine Chance.',
    ]);
  });
});

describe('ExtractiveAnswerer: names the question names', () => {
  const airline = makeArticle('airline.txt', 'Neue Tarife', [
    [
      'paragraph',
      'Die Fluglinie Lufthansa führt neue Tarife ein. Im Schnitt waren ihre Flugzeuge zu 80 Prozent ausgelastet.',
    ],
  ]);
  const tennis = makeArticle('tennis.txt', 'Comeback', [
    ['paragraph', 'Der Spieler sagt, seine Flugzeuge seien im Schnitt pünktlich und er sei voll motiviert.'],
  ]);
  const retrieved = retrievedFrom([...passagesOf(tennis), ...passagesOf(airline)]);
  const question = 'Wie voll waren im Schnitt die Flugzeuge bei Lufthansa?';
  const options = { embedder: new TermHashEmbedder(), articles: articlesOf(airline, tennis), maxQuotes: 1 };

  it('prefers a sentence from an article that names what the question names', async () => {
    const answer = await new ExtractiveAnswerer(options).answer(question, retrieved);
    expect(answer.citations[0]!.quote).toBe('Im Schnitt waren ihre Flugzeuge zu 80 Prozent ausgelastet.');
    // Without the factor, the sentence sharing more words wins, from an article without Lufthansa.
    const unweighted = new ExtractiveAnswerer({ ...options, scoring: { unnamedFactor: 1 } });
    expect((await unweighted.answer(question, retrieved)).citations[0]!.articleId).toBe('tennis.txt');
  });

  it('leaves names that no read article has out of the comparison', async () => {
    const deps = { embedder: new TermHashEmbedder(), lookup: lookupOf(airline, tennis) };
    const scores = async (question: string, unnamedFactor: number): Promise<number[]> =>
      (await scoreSentences(question, retrieved, deps, { unnamedFactor })).sentences.map((s) => s.score);
    // Swiss is in neither article: no sentence loses weight.
    const swiss = 'Wie voll waren im Schnitt die Flugzeuge bei Swiss bei Lufthansa?';
    const unnamed = 'Wie voll waren im Schnitt die Flugzeuge bei Swiss?';
    expect(await scores(unnamed, 0.7)).toEqual(await scores(unnamed, 1));
    // Lufthansa is in one: the other article's sentences lose weight, Swiss beside it or not.
    expect(await scores(swiss, 0.7)).not.toEqual(await scores(swiss, 1));
  });
});

describe('ExtractiveAnswerer: the topic the best passages set', () => {
  const lander = makeArticle('lander.txt', 'Landung auf dem Kometen', [
    ['paragraph', 'Der Landeroboter Philae setzte auf dem Kometen auf.'],
    ['paragraph', 'Die Forscher jubelten im Kontrollzentrum in Darmstadt über die Landung.'],
  ]);
  const weather = makeArticle('wetter.txt', 'Wetter', [['paragraph', 'In Darmstadt regnete es am Abend.']]);
  const football = makeArticle('fussball.txt', 'Pokalfinale', [
    ['paragraph', 'Im Stadion wog die Stimmung schwer, der Rasen wog mehr als die Tore.'],
  ]);
  const options = {
    embedder: new TermHashEmbedder(),
    articles: articlesOf(lander, weather, football),
    minRelevance: 0,
  };
  const [landed, cheered] = passagesOf(lander) as [Passage, Passage];
  const [rain] = passagesOf(weather) as [Passage];
  const [stadium] = passagesOf(football) as [Passage];
  const question = 'Was wog im Stadion so schwer bei Philae?';
  const quoted = async (retrieved: Passage[], extra: Partial<ExtractiveAnswererOptions> = {}) => {
    const answer = await new ExtractiveAnswerer({ ...options, ...extra }).answer(
      question,
      retrievedFrom(retrieved),
    );
    return answer.abstained ? 'abstained' : answer.citations[0]!.articleId;
  };

  it('abstains when the best sentence stands in none of the first two articles retrieved', async () => {
    expect(await quoted([landed, rain, stadium], { topicArticles: 0 })).toBe('fussball.txt');
    expect(await quoted([landed, rain, stadium])).toBe('abstained');
    const answer = await new ExtractiveAnswerer(options).answer(
      question,
      retrievedFrom([landed, rain, stadium]),
    );
    expect(answer.nearestArticles.map((a) => a.articleId)).toEqual([
      'lander.txt',
      'wetter.txt',
      'fussball.txt',
    ]);
  });

  it('counts articles, not passages: two passages of one article leave room for a second', async () => {
    expect(await quoted([landed, cheered, stadium])).toBe('fussball.txt');
    expect(await quoted([landed, rain, cheered, stadium], { topicArticles: 1 })).toBe('abstained');
  });

  it('skips passages that cannot be read, as scoring does', async () => {
    const gone = { ...rain, articleId: 'verschwunden.txt', id: 'verschwunden.txt#0' };
    const stale = { ...cheered, text: 'Ein Absatz, der so nicht mehr im Artikel steht.' };
    expect(await quoted([gone, stale, landed, stadium])).toBe('fussball.txt');
  });

  it('leaves the judgement to a re-ranker when there is one', async () => {
    const reranker: Reranker = {
      id: 'test-prefers-football',
      score: async (_question, texts) => texts.map((text) => (text.includes('Stadion') ? 0.9 : 0.2)),
    };
    expect(await quoted([landed, rain, stadium], { reranker })).toBe('fussball.txt');
  });
});

describe('ExtractiveAnswerer: sentences that score alike', () => {
  const orchestra = makeArticle('orchester.txt', 'Orchester in Palmyra', [
    [
      'paragraph',
      'Waleri Gergijew leitete das Orchester in Palmyra. ' +
        'Das Orchester in Palmyra leitete damals Juri Temirkanow. ' +
        'Danach reiste das Orchester nach Moskau weiter.',
    ],
  ]);
  const options = { embedder: new TermHashEmbedder(), articles: articlesOf(orchestra), minRelevance: 0 };
  const retrieved = retrievedFrom(passagesOf(orchestra));
  const question = 'Wer leitete das Orchester in Palmyra?';
  const both = [
    'Waleri Gergijew leitete das Orchester in Palmyra.',
    'Das Orchester in Palmyra leitete damals Juri Temirkanow.',
  ];

  it('quotes a sentence scoring nearly as well as the best although it adds no question term', async () => {
    const answer = await new ExtractiveAnswerer(options).answer(question, retrieved);
    expect(answer.citations.map((c) => c.quote).sort()).toEqual([...both].sort());
  });

  it('never lets a tie crowd out a sentence that answers another part of the question', async () => {
    const concert = makeArticle('konzert.txt', 'Konzert in Palmyra', [
      [
        'paragraph',
        'Das Orchester in Palmyra leitete Waleri Gergijew. ' +
          'Das Orchester in Palmyra leitete damals Juri Temirkanow. ' +
          'Im Publikum sassen auch Soldaten, die lauschten.',
      ],
    ]);
    // The two conductor sentences tie at 0.8; the listeners' sentence scores lower but answers
    // the second part, and only two quotes are allowed.
    const answer = await new ExtractiveAnswerer({
      ...options,
      articles: articlesOf(concert),
      maxQuotes: 2,
      tieScoreRatio: 0.8,
    }).answer('Wer leitete das Orchester in Palmyra, und wer lauschte?', retrievedFrom(passagesOf(concert)));
    expect(answer.citations.map((c) => c.quote)).toEqual([
      'Das Orchester in Palmyra leitete damals Juri Temirkanow.',
      'Im Publikum sassen auch Soldaten, die lauschten.',
    ]);
  });

  it('keeps near-duplicates out of the places ties fill, and quotes in the order scoring ranked', async () => {
    const concert = makeArticle('konzert.txt', 'Konzert in Palmyra', [
      [
        'paragraph',
        'Das Orchester in Palmyra leitete Waleri Gergijew. ' +
          'Das Orchester in Palmyra leitete damals Juri Temirkanow. ' +
          'Das Orchester in Palmyra leitete damals Juri Temirkanow aus Moskau. ' +
          'Im Publikum sassen auch Soldaten, die lauschten.',
      ],
    ]);
    const answer = await new ExtractiveAnswerer({
      ...options,
      articles: articlesOf(concert),
      tieScoreRatio: 0.8,
    }).answer('Wer leitete das Orchester in Palmyra, und wer lauschte?', retrievedFrom(passagesOf(concert)));
    expect(answer.citations.map((c) => c.quote)).toEqual([
      'Das Orchester in Palmyra leitete damals Juri Temirkanow.',
      'Das Orchester in Palmyra leitete Waleri Gergijew.',
      'Im Publikum sassen auch Soldaten, die lauschten.',
    ]);
  });

  it('quotes only the best of them when ties are not shown', async () => {
    const answer = await new ExtractiveAnswerer({ ...options, tieScoreRatio: 2 }).answer(question, retrieved);
    expect(answer.citations).toHaveLength(1);
    expect(both).toContain(answer.citations[0]!.quote);
  });
});

describe('ExtractiveAnswerer: where questions', () => {
  const go = makeArticle('go.txt', 'Go-Programm gewinnt', [
    [
      'paragraph',
      'Das Programm AlphaGo sicherte sich das dritte Spiel gegen Lee Sedol. ' +
        'Gespielt wurde in Seoul, wo AlphaGo zuletzt gegen Lee Sedol gewann.',
    ],
  ]);
  const options = {
    embedder: new TermHashEmbedder(),
    articles: articlesOf(go),
    maxQuotes: 1,
    minRelevance: 0,
  };
  const retrieved = retrievedFrom(passagesOf(go));
  const question = 'Wo spielte AlphaGo gegen Lee Sedol?';

  it('prefers the sentence that names a place', async () => {
    const answer = await new ExtractiveAnswerer(options).answer(question, retrieved);
    expect(answer.citations[0]!.quote).toBe(
      'Gespielt wurde in Seoul, wo AlphaGo zuletzt gegen Lee Sedol gewann.',
    );
    const placeless = new ExtractiveAnswerer({ ...options, scoring: { placeBonus: 0 } });
    expect((await placeless.answer(question, retrieved)).citations[0]!.quote).toBe(
      'Das Programm AlphaGo sicherte sich das dritte Spiel gegen Lee Sedol.',
    );
  });
});

describe('ExtractiveAnswerer: who questions', () => {
  const show = makeArticle('show.txt', 'Neue Stadlshow', [
    [
      'paragraph',
      'Die neue Stadlshow will regionale Geschichten erzählen. ' +
        'Moderiert wird die Stadlshow von der Sängerin Francine Jordi.',
    ],
  ]);
  const options = {
    embedder: new TermHashEmbedder(),
    articles: articlesOf(show),
    maxQuotes: 1,
    minRelevance: 0,
  };
  const retrieved = retrievedFrom(passagesOf(show));
  const question = 'Wer präsentiert die neue Stadlshow?';

  it('prefers the sentence that names someone', async () => {
    const answer = await new ExtractiveAnswerer(options).answer(question, retrieved);
    expect(answer.citations[0]!.quote).toBe('Moderiert wird die Stadlshow von der Sängerin Francine Jordi.');
    const nameless = new ExtractiveAnswerer({ ...options, scoring: { personBonus: 0 } });
    expect((await nameless.answer(question, retrieved)).citations[0]!.quote).toBe(
      'Die neue Stadlshow will regionale Geschichten erzählen.',
    );
  });
});

describe('ExtractiveAnswerer: who leads', () => {
  const leading = 'Die Funde der Grabung zeigte Direktorin Mirella Serlorenzi am Montag.';
  const other = 'Bei der Grabung fand Archäologin Anna Rossi viele Münzen.';
  const dig = makeArticle('dig.txt', 'Grabung in Rom', [['paragraph', `${other} ${leading}`]]);
  const options = {
    embedder: new TermHashEmbedder(),
    articles: articlesOf(dig),
    maxQuotes: 1,
    minRelevance: 0,
  };
  const retrieved = retrievedFrom(passagesOf(dig));
  const questions = ['Wer leitet die Grabung?', 'Wer ist der Chef der Grabung?'];

  it('prefers the sentence that names someone in a leading role', async () => {
    const roleless = new ExtractiveAnswerer({ ...options, scoring: { leaderBonus: 0 } });
    for (const question of questions) {
      const answer = await new ExtractiveAnswerer(options).answer(question, retrieved);
      expect([question, answer.citations[0]!.quote]).toEqual([question, leading]);
      // Without the preference the other sentence naming someone wins, by its embedding.
      expect([question, (await roleless.answer(question, retrieved)).citations[0]!.quote]).toEqual([
        question,
        other,
      ]);
    }
  });

  it('prefers a leader named in the article the question is about over its lead', async () => {
    const chain = makeArticle('chain.txt', 'Lindemann', [
      [
        'paragraph',
        'Die Drogeriekette Lindemann aus Bielefeld hat im Geschäftsjahr 2024 mit ihren Filialen in Deutschland und Österreich einen Umsatz von 2,4 Milliarden Euro erzielt. Das sind 8,5 Prozent mehr als im Vorjahr, wie Vorstandschefin Karin Hollweg mitteilte.',
      ],
    ]);
    const museum = makeArticle('museum.txt', 'Museum', [
      ['paragraph', 'Zur Eröffnung kam Ministerpräsident Michael Kretschmer aus Dresden.'],
    ]);
    const answerer = (topArticleLeaderBonus?: number) =>
      new ExtractiveAnswerer({
        embedder: new TermHashEmbedder(),
        articles: articlesOf(chain, museum),
        maxQuotes: 1,
        minRelevance: 0,
        topicArticles: 0,
        ...(topArticleLeaderBonus === undefined ? {} : { scoring: { topArticleLeaderBonus } }),
      });
    const retrieved = retrievedFrom([...passagesOf(chain), ...passagesOf(museum)]);
    const question = 'Wer leitet die Drogeriekette?';
    expect((await answerer().answer(question, retrieved)).citations[0]!.quote).toBe(
      'Das sind 8,5 Prozent mehr als im Vorjahr, wie Vorstandschefin Karin Hollweg mitteilte.',
    );
    // Without it, the lead that repeats the question's words wins.
    expect((await answerer(0).answer(question, retrieved)).citations[0]!.quote).toMatch(
      /^Die Drogeriekette Lindemann/,
    );
    // Only the best passage's article gets it: the minister in the other article scores the same.
    const deps = { embedder: new TermHashEmbedder(), lookup: lookupOf(chain, museum) };
    const scoreOf = async (topArticleLeaderBonus: number, start: string) =>
      (await scoreSentences(question, retrieved, deps, { topArticleLeaderBonus })).sentences.find((s) =>
        s.text.startsWith(start),
      )!.score;
    expect(await scoreOf(0.2, 'Zur Eröffnung')).toBeCloseTo(await scoreOf(0, 'Zur Eröffnung'), 9);
    expect((await scoreOf(0.2, 'Das sind')) - (await scoreOf(0, 'Das sind'))).toBeCloseTo(0.2, 9);
  });

  it('leaves who questions that ask for no leader alone', async () => {
    const deps = { embedder: new TermHashEmbedder(), lookup: lookupOf(dig) };
    const scores = async (question: string, leaderBonus: number) =>
      (await scoreSentences(question, retrieved, deps, { leaderBonus })).sentences.map((s) => s.score);
    expect(await scores('Wer fand die Funde bei der Grabung?', 0.2)).toEqual(
      await scores('Wer fand die Funde bei der Grabung?', 0),
    );
  });
});

describe('ExtractiveAnswerer: a quoted quotation', () => {
  it('nests the sentence’s own quotation marks in the answer text and keeps the citation verbatim', async () => {
    const said = '„Einjährige Blühstreifen bringen wenig“, sagte die Agrarökologin Vosskamp.';
    const study = makeArticle('study.txt', 'Blühstreifen', [['paragraph', said]]);
    const answerer = new ExtractiveAnswerer({
      embedder: new TermHashEmbedder(),
      articles: articlesOf(study),
      maxQuotes: 1,
      minRelevance: 0,
    });
    const answer = await answerer.answer(
      'Was bringen einjährige Blühstreifen?',
      retrievedFrom(passagesOf(study)),
    );
    expect(answer.citations[0]!.quote).toBe(said);
    expect(answer.text).toContain(
      '„‚Einjährige Blühstreifen bringen wenig‘, sagte die Agrarökologin Vosskamp.“ [1]',
    );
    expect(answer.text).not.toContain('„„');
  });
});

describe('ExtractiveAnswerer: why', () => {
  const reason = 'Weitere Hiebe wurden zunächst aus medizinischen Gründen verschoben.';
  const other = 'Bisher musste Badawi 50 Hiebe erdulden, weitere Hiebe wurden vertagt.';
  const lashes = makeArticle('lashes.txt', 'Badawi', [['paragraph', `${other} ${reason}`]]);
  const options = {
    embedder: new TermHashEmbedder(),
    articles: articlesOf(lashes),
    maxQuotes: 1,
    minRelevance: 0,
  };
  const retrieved = retrievedFrom(passagesOf(lashes));
  const question = 'Warum wurden weitere Hiebe für Badawi verschoben?';

  it('prefers the sentence that gives a reason', async () => {
    const answer = await new ExtractiveAnswerer(options).answer(question, retrieved);
    expect(answer.citations[0]!.quote).toBe(reason);
    // Without the preference the sentence that names Badawi too wins.
    const reasonless = new ExtractiveAnswerer({ ...options, scoring: { reasonBonus: 0 } });
    expect((await reasonless.answer(question, retrieved)).citations[0]!.quote).toBe(other);
  });

  it('leaves questions that ask for no reason alone', async () => {
    const deps = { embedder: new TermHashEmbedder(), lookup: lookupOf(lashes) };
    const scores = async (reasonBonus: number) =>
      (
        await scoreSentences('Was wurde mit Badawis Hieben gemacht?', retrieved, deps, { reasonBonus })
      ).sentences.map((s) => s.score);
    expect(await scores(0.2)).toEqual(await scores(0));
  });
});

describe('ExtractiveAnswerer: names the quoted article does not mention', () => {
  const deir = makeArticle('deir.txt', 'Deir al-Sor', [
    [
      'paragraph',
      'Die Vereinten Nationen schätzen, dass rund 110.000 Menschen in Deir al-Sor belagert werden.',
    ],
  ]);
  const raids = makeArticle('raids.txt', 'Luftangriffe', [
    ['paragraph', 'Russische Flugzeuge fliegen Angriffe auf die Rebellengebiete in Aleppo und Idlib.'],
  ]);
  // The thesaurus knows "Menschen" as a noun with synonyms; "Aleppo" it does not know.
  const synonyms = { synonymsOf: (term: string) => (term === 'mensch' ? ['leut'] : []) };
  const options = {
    embedder: new TermHashEmbedder(),
    articles: articlesOf(deir, raids),
    maxQuotes: 1,
    minRelevance: 0,
    topicArticles: 0,
    synonyms,
  };
  const question = 'Wie viele Menschen werden in Aleppo belagert?';

  it('says plainly that the quote is from an article without the place asked about', async () => {
    const retrieved = retrievedFrom([...passagesOf(deir), ...passagesOf(raids)]);
    const answer = await new ExtractiveAnswerer(options).answer(question, retrieved);
    expect(answer.citations[0]!.articleId).toBe('deir.txt');
    expect(answer.unmentioned).toEqual(['Aleppo']);
    expect(answer.text).toMatch(
      /^Hinweis: Zitat \[1\] stammt aus einem Artikel, in dem „Aleppo“ nicht vorkommt\. Laut den Artikeln: „/,
    );
  });

  it('abstains on an English question about a name the collection writes in no spelling', async () => {
    const retrieved = retrievedFrom([...passagesOf(deir), ...passagesOf(raids)]);
    const question = 'How many people are besieged in Australia?';
    const expansion = {
      text: 'Menschen belagert Australien',
      concepts: [
        ['people', 'Menschen'],
        ['besieged', 'belagert'],
        ['Australia', 'Australien'],
      ],
      unknown: ['Australia'],
    };
    const answer = await new ExtractiveAnswerer(options).answer(question, retrieved, { expansion });
    expect(answer.abstained).toBe(true);
    const { unknown: _none, ...known } = expansion;
    const answered = await new ExtractiveAnswerer(options).answer(question, retrieved, { expansion: known });
    expect(answered.abstained).toBe(false);
    expect(answered.unmentioned).toEqual(['Australia']);
    expect(answered.text).toMatch(
      /^Note: quote \[1\] comes from an article that does not mention “Australia”\./,
    );
  });

  it('adds no note when the quoted article has the name, or nothing tells names from nouns', async () => {
    const retrieved = retrievedFrom([...passagesOf(deir), ...passagesOf(raids)]);
    const named = await new ExtractiveAnswerer(options).answer(
      'Wie viele Menschen leben in Deir al-Sor?',
      retrieved,
    );
    expect(named.unmentioned).toBeUndefined();
    expect(named.text).not.toContain('Hinweis');
    const { synonyms: _none, ...withoutThesaurus } = options;
    const plain = await new ExtractiveAnswerer(withoutThesaurus).answer(question, retrieved);
    expect(plain.unmentioned).toBeUndefined();
  });
});

describe('ExtractiveAnswerer: questions about a year', () => {
  const concert = makeArticle('concert.txt', 'Neujahrskonzert', [
    [
      'paragraph',
      'Dudamel wird das Neujahrskonzert 2017 dirigieren. Er ist der jüngste Dirigent in der Geschichte des Konzerts.',
    ],
  ]);
  const undated = makeArticle('undated.txt', 'Saisonbilanz', [
    ['paragraph', 'Kuechly führte die Panthers in dieser Saison bei den Tackles an.'],
  ]);
  const answerer = new ExtractiveAnswerer({
    embedder: new TermHashEmbedder(),
    articles: articlesOf(concert, undated),
    minRelevance: 0,
  });

  it('abstains when the best article names other years but never the one asked about', async () => {
    const other = await answerer.answer(
      'Wer hat das Neujahrskonzert 2016 dirigiert?',
      retrievedFrom(passagesOf(concert)),
    );
    expect(other.abstained).toBe(true);
    expect(other.nearestArticles.map((a) => a.title)).toEqual(['Neujahrskonzert']);
    const same = await answerer.answer(
      'Wer dirigiert das Neujahrskonzert 2017?',
      retrievedFrom(passagesOf(concert)),
    );
    expect(same.abstained).toBe(false);
    expect(same.citations[0]!.quote).toBe('Dudamel wird das Neujahrskonzert 2017 dirigieren.');
  });

  it('answers from an article that names no year at all: nothing tells', async () => {
    const answer = await answerer.answer(
      'Wer führte die Panthers 2015 bei den Tackles an?',
      retrievedFrom(passagesOf(undated)),
    );
    expect(answer.abstained).toBe(false);
  });
});

describe('ExtractiveAnswerer: a count or a time the articles do not give', () => {
  const plant = makeArticle('plant.txt', 'Fusionsanlage', [
    [
      'paragraph',
      'Die Fusionsanlage in Greifswald soll einmal Strom liefern. Die Forscher sind mit der Anlage sehr zufrieden.',
    ],
  ]);
  const laws = makeArticle('laws.txt', 'Parlament', [
    [
      'paragraph',
      'Das Parlament beschloss im letzten Jahr 123 Gesetze. Die Opposition stellte viele Anfragen.',
    ],
  ]);
  const history = makeArticle('history.txt', 'Thessalonike', [
    ['paragraph', 'Im Jahr 904 plünderte Leon von Tripoli die Stadt Thessalonike.'],
  ]);
  const deps = {
    embedder: new TermHashEmbedder(),
    articles: articlesOf(plant, laws, history),
    minRelevance: 0,
  };
  const answerer = new ExtractiveAnswerer(deps);

  it('abstains on a question for a count whose best sentence gives none, however close the topic', async () => {
    const answer = await answerer.answer(
      'Wie viel Strom soll die Fusionsanlage liefern?',
      retrievedFrom(passagesOf(plant)),
    );
    expect(answer.abstained).toBe(true);
    expect(answer.nearestArticles.map((a) => a.title)).toEqual(['Fusionsanlage']);
    // The same question is answered with the refusal switched off: the topic alone carried it.
    const lenient = new ExtractiveAnswerer({ ...deps, refuseUnstatedKind: false });
    const topical = await lenient.answer(
      'Wie viel Strom soll die Fusionsanlage liefern?',
      retrievedFrom(passagesOf(plant)),
    );
    expect(topical.abstained).toBe(false);
  });

  it('abstains on a question for a time whose best sentence gives none, in English too', async () => {
    const answer = await answerer.answer(
      'When will the Fusionsanlage in Greifswald deliver Strom?',
      retrievedFrom(passagesOf(plant)),
    );
    expect(answer.abstained).toBe(true);
  });

  it('does not take a number the question names itself for the count it asks for', async () => {
    const answer = await answerer.answer(
      'Wie viele der 123 Gesetze beschloss das Parlament einstimmig?',
      retrievedFrom(passagesOf(laws)),
    );
    expect(answer.abstained).toBe(true);
    const total = await answerer.answer(
      'Wie viele Gesetze beschloss das Parlament?',
      retrievedFrom(passagesOf(laws)),
    );
    expect(total.citations[0]!.quote).toBe('Das Parlament beschloss im letzten Jahr 123 Gesetze.');
  });

  it('leaves a degree and a frequency, told in words as often as in numbers, to scoring', async () => {
    const grid = makeArticle('grid.txt', 'Stromnetz', [
      [
        'paragraph',
        'Das Risiko eines Blackouts im Stromnetz ist nach Ansicht der Netzagentur gering. Ausfälle im Stromnetz sind selten.',
      ],
    ]);
    const answerer = new ExtractiveAnswerer({ ...deps, articles: articlesOf(grid) });
    const retrieved = retrievedFrom(passagesOf(grid));
    const risk = await answerer.answer('Wie hoch ist das Risiko eines Blackouts im Stromnetz?', retrieved);
    expect(risk.citations[0]?.quote).toBe(
      'Das Risiko eines Blackouts im Stromnetz ist nach Ansicht der Netzagentur gering.',
    );
    const often = await answerer.answer('Wie oft fällt das Stromnetz aus?', retrieved);
    expect(often.abstained).toBe(false);
  });

  it('abstains on a count that only a date answers, and on an area that no sentence states', async () => {
    const library = makeArticle('library.md', 'Stadtbibliothek', [
      [
        'paragraph',
        'Am 14. September 2024 hat die neue Stadtbibliothek in Kassel geöffnet. Die Stadtbibliothek bietet rund 120.000 Medien an.',
      ],
    ]);
    const answerer = new ExtractiveAnswerer({ ...deps, articles: articlesOf(library) });
    const retrieved = retrievedFrom(passagesOf(library));
    expect(
      (await answerer.answer('Wie viele Mitarbeiter hat die neue Stadtbibliothek in Kassel?', retrieved))
        .abstained,
    ).toBe(true);
    expect(
      (await answerer.answer('Wie viele Quadratmeter hat die Stadtbibliothek?', retrieved)).abstained,
    ).toBe(true);
    const media = await answerer.answer('Wie viele Medien bietet die Stadtbibliothek an?', retrieved);
    expect(media.citations[0]?.quote).toBe('Die Stadtbibliothek bietet rund 120.000 Medien an.');
  });

  it('abstains on a count whose best sentence does not mention what is counted', async () => {
    const concert = makeArticle('concert.txt', 'Konzert in Palmyra', [
      [
        'paragraph',
        'Das Konzert im Amphitheater von Palmyra dauerte zwei Stunden. Das Orchester spielte Stücke von Bach.',
      ],
    ]);
    const answerer = new ExtractiveAnswerer({ ...deps, articles: articlesOf(concert) });
    const retrieved = retrievedFrom(passagesOf(concert));
    const question = 'Wie viele Zuschauer waren bei dem Konzert in Palmyra?';
    // A number stands there, but it counts hours, not spectators.
    expect((await answerer.answer(question, retrieved)).abstained).toBe(true);
    const lenient = new ExtractiveAnswerer({
      ...deps,
      articles: articlesOf(concert),
      refuseUnstatedKind: false,
    });
    expect((await lenient.answer(question, retrieved)).abstained).toBe(false);
  });

  it('answers a count whose sentence counts it, and a count of people that names them otherwise', async () => {
    const concert = makeArticle('concert.txt', 'Konzert in Palmyra', [
      [
        'paragraph',
        'Das Konzert im Amphitheater von Palmyra dauerte zwei Stunden. Rund 400 Zuschauer kamen zum Konzert in Palmyra.',
      ],
    ]);
    const answerer = new ExtractiveAnswerer({ ...deps, articles: articlesOf(concert) });
    const retrieved = retrievedFrom(passagesOf(concert));
    const counted = await answerer.answer('Wie viele Zuschauer waren bei dem Konzert in Palmyra?', retrieved);
    expect(counted.citations[0]?.quote).toBe('Rund 400 Zuschauer kamen zum Konzert in Palmyra.');
    // "Menschen" is answered by any word for the people counted.
    const people = await answerer.answer('Wie viele Menschen kamen zum Konzert in Palmyra?', retrieved);
    expect(people.citations[0]?.quote).toBe('Rund 400 Zuschauer kamen zum Konzert in Palmyra.');
  });

  it('answers a time question from the photo caption beside the best passage, and only from that', async () => {
    const concert = (between: ReadonlyArray<[BlockKind, string]>) =>
      makeArticle('concert.txt', 'Konzert in Palmyra', [
        ['paragraph', 'Das Mariinski-Orchester spielte im Amphitheater von Palmyra Stücke von Bach.'],
        ...between,
        ['caption', 'REUTERS Konzert in Palmyra am 6. Mai'],
        ['paragraph', 'Nun steht der IS wieder vor den Toren der Wüstenstadt.'],
      ]);
    const question = 'Wann spielte das Orchester in Palmyra?';
    const beside = concert([]);
    const answer = await new ExtractiveAnswerer({ ...deps, articles: articlesOf(beside) }).answer(
      question,
      retrievedFrom(passagesOf(beside)),
    );
    expect(answer.citations.map((c) => c.quote)).toEqual([
      'REUTERS Konzert in Palmyra am 6. Mai',
      'Das Mariinski-Orchester spielte im Amphitheater von Palmyra Stücke von Bach.',
    ]);
    // A caption further away shows something else.
    const apart = concert([['paragraph', 'Die Soldaten hörten zu.']]);
    const refused = await new ExtractiveAnswerer({ ...deps, articles: articlesOf(apart) }).answer(
      question,
      retrievedFrom(passagesOf(apart)),
    );
    expect(refused.abstained).toBe(true);
  });

  it('takes no caption beside the paragraph that names no date or shares no word with the question', async () => {
    const question = 'Wann spielte das Orchester in Palmyra?';
    const withCaption = (caption: string) =>
      makeArticle('concert.txt', 'Konzert in Palmyra', [
        ['paragraph', 'Das Mariinski-Orchester spielte im Amphitheater von Palmyra Stücke von Bach.'],
        ['caption', caption],
      ]);
    for (const caption of [
      'AFP Russischer Su-24-Bomber auf dem Stützpunkt in Palmyra',
      'DPA Russischer Jet über Deir al-Sor (im August 2016)',
    ]) {
      const article = withCaption(caption);
      const answer = await new ExtractiveAnswerer({ ...deps, articles: articlesOf(article) }).answer(
        question,
        retrievedFrom(passagesOf(article)),
      );
      expect(answer.abstained).toBe(true);
    }
  });

  it('leaves an age, which a year of birth gives, to the unit check', async () => {
    const dudamel = makeArticle('dudamel.txt', 'Dudamel', [
      ['paragraph', 'Der Dirigent Dudamel wurde 1981 geboren.'],
    ]);
    const answerer = new ExtractiveAnswerer({ ...deps, articles: articlesOf(dudamel) });
    const answer = await answerer.answer(
      'Wie alt ist der Dirigent Dudamel?',
      retrievedFrom(passagesOf(dudamel)),
    );
    expect(answer.citations[0]?.quote).toBe('Der Dirigent Dudamel wurde 1981 geboren.');
  });

  it('answers a time question whose sentence gives a year of three digits', async () => {
    const answer = await answerer.answer(
      'Wann plünderte Leon von Tripoli Thessalonike?',
      retrievedFrom(passagesOf(history)),
    );
    expect(answer.abstained).toBe(false);
    expect(answer.citations[0]!.quote).toBe('Im Jahr 904 plünderte Leon von Tripoli die Stadt Thessalonike.');
  });
});

describe('scoreSentences', () => {
  const deps = { embedder: new TermHashEmbedder(), lookup };
  const retrieved = retrievedFrom(passagesOf(PALMYRA));
  const question = 'Wer dirigierte das Orchester in Palmyra?';
  // English words a dictionary could not translate stay in the expansion, and no passage has them.
  const untranslated = { expandQuery: async (q: string) => ({ text: `${q} conductor baton` }) };
  const overlaps = (scores: Awaited<ReturnType<typeof scoreSentences>>) =>
    new Map(scores.sentences.map((sentence) => [sentence.text, sentence.overlap]));

  it('leaves question terms no passage has out of sentence overlap', async () => {
    const plain = overlaps(await scoreSentences(question, retrieved, deps));
    const expanded = overlaps(await scoreSentences(question, retrieved, { ...deps, ...untranslated }));
    expect(expanded).toEqual(plain);
    const counted = overlaps(
      await scoreSentences(question, retrieved, { ...deps, ...untranslated }, { skipAbsentTerms: false }),
    );
    const conductor =
      'Die Musiker unter Leitung von Dirigent Waleri Gergijew spielten Stücke von Bach und Prokofjew.';
    expect(counted.get(conductor)).toBeLessThan(plain.get(conductor)! * 0.9);
  });

  it('lets the words of a recurring name share one weight by concept too, unless told not to', async () => {
    const deir = makeArticle('de/deir.md', 'Deir al-Sor', [
      [
        'paragraph',
        'Die Stadt Deir al-Sor liegt am Euphrat. In Deir al-Sor wird gekämpft. Hundert Menschen wurden getötet.',
      ],
    ]);
    const deps = { embedder: new TermHashEmbedder(), lookup: lookupOf(deir) };
    const english = 'How many people were killed in Deir al-Sor?';
    const expandQuery = async () => ({
      text: 'Menschen getötet Deir al Sor',
      concepts: [['Menschen', 'people'], ['getötet', 'killed'], ['Deir'], ['al'], ['Sor']],
    });
    const killed = 'Hundert Menschen wurden getötet.';
    const grouped = overlaps(
      await scoreSentences(english, retrievedFrom(passagesOf(deir)), { ...deps, expandQuery }),
    );
    const apart = overlaps(
      await scoreSentences(
        english,
        retrievedFrom(passagesOf(deir)),
        { ...deps, expandQuery },
        { groupPhrases: false },
      ),
    );
    // The name's three words weigh as one: the sentence that answers holds more of the question.
    expect(grouped.get(killed)!).toBeGreaterThan(apart.get(killed)!);
  });

  it("takes an English count question's counted word in the translation its question chose", async () => {
    const deir = makeArticle('deir.txt', 'Deir al-Sor', [
      ['paragraph', 'In Deir al-Sor wird gekämpft. Hundert Menschen wurden getötet.'],
    ]);
    const deps = { embedder: new TermHashEmbedder(), lookup: lookupOf(deir) };
    const retrieved = retrievedFrom(passagesOf(deir));
    const english = 'How many people were killed in Deir al-Sor?';
    const concepts = [['Menschen', 'people'], ['getötet', 'killed'], ['Deir'], ['al'], ['Sor']];
    const expandQuery = async () => ({ text: 'Menschen getötet Deir al Sor', concepts });
    // Translated alone, "people" would not even be taken for English.
    const translateWords = jest.fn(async (words: string) => words);
    const { relevance } = await scoreSentences(english, retrieved, { ...deps, expandQuery, translateWords });
    expect(relevance.counted).toEqual(expect.arrayContaining(analyze('Menschen')));
    expect(translateWords).not.toHaveBeenCalled();
    // A counted word left untranslated names nothing a German sentence holds: no counted terms.
    const untranslated = await scoreSentences(english, retrieved, {
      ...deps,
      expandQuery: async () => ({
        text: 'people getötet Deir al Sor',
        concepts: [['people'], ...concepts.slice(1)],
      }),
    });
    expect(untranslated.relevance.counted).toBeUndefined();
    // Not even when the collection writes it in none of the spellings the dictionary keeps: the
    // kept translations may miss the one the collection uses ("truck" → not "Lastwagen").
    const absent = await scoreSentences(english, retrieved, {
      ...deps,
      expandQuery: async () => ({
        text: 'people getötet Deir al Sor',
        concepts: [['people'], ...concepts.slice(1)],
        unknown: ['people'],
      }),
    });
    expect(absent.relevance.counted).toBeUndefined();
  });

  it("counts what a chat's follow-up asks, not the question before it", async () => {
    const palmyra = makeArticle('palmyra.txt', 'Palmyra', [
      ['paragraph', 'Das Konzert fand in Palmyra statt. Rund 30 syrische Soldaten wurden getötet.'],
    ]);
    const joined = 'Wie viele Zuschauer hatte das Konzert in Palmyra? Und wie viele Soldaten starben dabei?';
    const { relevance } = await scoreSentences(joined, retrievedFrom(passagesOf(palmyra)), {
      embedder: new TermHashEmbedder(),
      lookup: lookupOf(palmyra),
    });
    expect(relevance.counted).toEqual(analyze('Soldaten'));
  });

  it("counts an English word's translations in one sentence once, when the expansion gives its concepts", async () => {
    // "Where did the IS fighters advance?": IS and "Islamischer Staat", Kämpfer and Miliz stand
    // for one word each; a sentence with both translations of one word holds one concept.
    const english = 'Where did the IS fighters advance?';
    const text = 'Kämpfer Miliz vorrücken IS fighters advance';
    const concepts = [['Kämpfer', 'Miliz', 'fighters'], ['vorrücken', 'advance'], ['IS']];
    const withConcepts = { expandQuery: async () => ({ text, concepts }) };
    const termsOnly = { expandQuery: async () => ({ text }) };
    const advanced = 'Von drei Seiten sind Kämpfer der Miliz auf Palmyra vorgerückt.';
    const standsBefore = 'Nun steht der IS wieder vor den Toren der Wüstenstadt.';
    const byTerm = overlaps(await scoreSentences(english, retrieved, { ...deps, ...termsOnly }));
    const byConcept = overlaps(await scoreSentences(english, retrieved, { ...deps, ...withConcepts }));
    const off = overlaps(
      await scoreSentences(english, retrieved, { ...deps, ...withConcepts }, { byConcept: false }),
    );
    expect(off).toEqual(byTerm);
    // Kämpfer and Miliz no longer count twice against the one IS of the other sentence.
    expect(byConcept.get(advanced)! / byConcept.get(standsBefore)!).toBeLessThan(
      byTerm.get(advanced)! / byTerm.get(standsBefore)!,
    );
  });
});

describe('relevanceScore', () => {
  it('does not count filler words a reader adds to the question', async () => {
    const deps = { embedder: new TermHashEmbedder(), lookup };
    const retrieved = retrievedFrom(passagesOf(PALMYRA));
    const plain = await relevanceScore('Wo spielte das Mariinski-Orchester?', retrieved, deps);
    const filled = await relevanceScore('Wo spielte eigentlich das Mariinski-Orchester?', retrieved, deps);
    expect(filled).toEqual(plain);
    expect(plain.coverage).toBe(1);
    // Retrieval's expansion of a German question is the question as asked: not a translation.
    const asAsked = { expandQuery: async (q: string) => ({ text: q }) };
    expect(
      await relevanceScore('Wo spielte eigentlich das Mariinski-Orchester?', retrieved, {
        ...deps,
        ...asAsked,
      }),
    ).toEqual(plain);
  });

  it('rates passages that contain the question terms above passages that do not', async () => {
    const deps = { embedder: new TermHashEmbedder(), lookup };
    const retrieved = retrievedFrom(passagesOf(PALMYRA));
    const related = await relevanceScore('Wo spielte das Mariinski-Orchester?', retrieved, deps);
    const unrelated = await relevanceScore('Wie wird das Wetter morgen in Hamburg?', retrieved, deps);
    expect(related.coverage).toBe(1);
    expect(unrelated.coverage).toBe(0);
    expect(related.score).toBeGreaterThan(unrelated.score);
    expect(related.questionTerms).toHaveLength(3);
  });

  it("counts a question term the article's title holds as covered by every passage of it", async () => {
    const election = makeArticle('lindenau.md', 'Bürgermeisterwahl in Lindenau entschieden', [
      [
        'paragraph',
        'Die Stadt hat einen neuen Bürgermeister. Jonas Reichert setzte sich in der Stichwahl durch.',
      ],
      ['paragraph', 'Die Wahlbeteiligung lag bei 61,2 Prozent.'],
    ]);
    const deps = { embedder: new TermHashEmbedder(), lookup: lookupOf(election) };
    const turnout = retrievedFrom(passagesOf(election).slice(1));
    const named = await relevanceScore('Wie hoch war die Wahlbeteiligung in Lindenau?', turnout, deps);
    const unnamed = await relevanceScore('Wie hoch war die Wahlbeteiligung in Oberhausen?', turnout, deps);
    expect(named.coverage).toBeGreaterThan(unnamed.coverage);
    // A place no title and no passage names stays uncovered.
    expect(unnamed.coverage).toBeLessThan(1);
  });

  it('rescales dense evidence with the dense floor', async () => {
    const deps = { embedder: new TermHashEmbedder(), lookup };
    const retrieved = retrievedFrom(passagesOf(PALMYRA)).map((hit) => ({ ...hit, dense: 0.8 }));
    const raw = await relevanceScore('Wie wird das Wetter morgen?', retrieved, deps, {
      denseFloor: 0,
      coverageWeight: 0.6,
    });
    const floored = await relevanceScore('Wie wird das Wetter morgen?', retrieved, deps, {
      denseFloor: 0.8,
      coverageWeight: 0.6,
    });
    expect(raw.dense).toBeCloseTo(0.8);
    expect(raw.score).toBeCloseTo(0.4 * 0.8);
    expect(floored.score).toBe(0);
  });
});

describe('ExtractiveAnswerer: the rest of the best passage’s article', () => {
  const pool = makeArticle('bad.txt', 'Neue Schwimmhalle in Lindenau', [
    ['paragraph', 'Die neue Schwimmhalle in Lindenau wurde feierlich mit Musik eröffnet.'],
    ['paragraph', 'Im Becken haben bis zu zweihundert Schwimmer gleichzeitig Platz.'],
    ['paragraph', 'Geleitet wird die Schwimmhalle von Bademeisterin Anna Berger aus Leipzig.'],
    ['paragraph', 'Gebaut wurde die Halle für 12 Millionen Euro.'],
    ['paragraph', 'Die Rutsche im Becken der Schwimmhalle ist die längste in Sachsen.'],
    ['paragraph', 'Eröffnet wurde sie im März 2024.'],
    ['paragraph', 'Die Halle in Lindenau hat eine Rutsche und ein Becken für Kinder.'],
    [
      'paragraph',
      'Der Stadtrat von Lindenau hatte den Bau der Halle 2019 beschlossen, weil das alte Bad zu klein war.',
    ],
  ]);
  const passages = passagesOf(pool);
  const [opening, basin, leader, cost] = passages;
  const options = { embedder: new TermHashEmbedder(), articles: articlesOf(pool), maxQuotes: 1 };
  const retrieved = retrievedFrom([opening!, basin!]);
  const context = [leader!, cost!];

  it('quotes a sentence of the article that retrieval did not return, verbatim', async () => {
    const question = 'Wer leitet die Schwimmhalle in Lindenau?';
    const answerer = new ExtractiveAnswerer(options);
    const alone = await answerer.answer(question, retrieved);
    expect(alone.abstained).toBe(false);
    expect(alone.citations[0]!.quote).not.toContain('Anna Berger');
    const read = await answerer.answer(question, retrieved, { context });
    expect(read.citations[0]).toMatchObject({
      quote: 'Geleitet wird die Schwimmhalle von Bademeisterin Anna Berger aus Leipzig.',
      paragraph: 3,
      passageId: leader!.id,
    });
    expectVerbatim(read, [pool]);
    // Reading none of it is the answer without it.
    const none = new ExtractiveAnswerer({ ...options, scoring: { contextSentences: 0 } });
    expect((await none.answer(question, retrieved, { context })).citations).toEqual(alone.citations);
  });

  /** Scores the highest texts holding a question word best, as a cross-encoder might. */
  const reranker: Reranker = {
    id: 'test-words',
    score: async (question, texts) => {
      const words = new Set(analyze(question));
      return texts.map((text) => analyze(text).filter((term) => words.has(term)).length / 4);
    },
  };
  const questions = [
    'Wann wurde die neue Schwimmhalle in Lindenau eröffnet?',
    'Wie viele Schwimmer passen ins Becken der Halle in Lindenau?',
    'Wer leitet die Schwimmhalle in Lindenau?',
    'Was kostete der Bau der Halle in Lindenau?',
    'Warum wurde die Halle in Lindenau gebaut?',
    'Wie lang ist die Rutsche im Becken?',
  ];

  it('scores the retrieved sentences, their relevance and whether to answer the same with any context', async () => {
    const rest = passages.slice(2);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...questions),
        fc.subarray(rest),
        fc.subarray(passages, { minLength: 1, maxLength: 3 }),
        fc.boolean(),
        async (question, chosen, hits, reranked) => {
          const found = retrievedFrom(hits);
          const extra = chosen.filter((passage) => !hits.includes(passage));
          const deps = {
            embedder: new TermHashEmbedder(),
            lookup: lookupOf(pool),
            ...(reranked ? { reranker } : {}),
          };
          const without = await scoreSentences(question, found, deps);
          const read = await scoreSentences(question, found, { ...deps, context: extra });
          expect(read.relevance).toEqual(without.relevance);
          expect(read.sentences.filter((s) => !s.fromContext)).toEqual(without.sentences);
          const answerer = new ExtractiveAnswerer({ ...options, ...(reranked ? { reranker } : {}) });
          const plain = await answerer.answer(question, found);
          const widened = await answerer.answer(question, found, { context: extra });
          expect(widened.abstained).toBe(plain.abstained);
        },
      ),
      { numRuns: 60, seed: 20261207 },
    );
  });

  it('quotes a sentence of the context first only where it states the kind of fact asked for', async () => {
    // The retrieved passage gives a date; the context's sentence shares more words and gives none.
    const dated = retrievedFrom([passages[5]!]);
    const answer = await new ExtractiveAnswerer(options).answer(
      'Wann wurde die neue Schwimmhalle in Lindenau feierlich mit Musik eröffnet?',
      dated,
      { context: [opening!] },
    );
    expect(answer.abstained).toBe(false);
    expect(answer.citations[0]!.quote).toBe('Eröffnet wurde sie im März 2024.');
  });

  it('does not answer what the retrieved passages do not: a cost they never state is refused', async () => {
    const answer = await new ExtractiveAnswerer(options).answer(
      'Wie viel hat die Halle gekostet?',
      retrieved,
      {
        context,
      },
    );
    expect(answer.abstained).toBe(true);
  });
});

describe('ExtractiveAnswerer: a question for a unit that names nothing else', () => {
  const go = makeArticle('go.txt', 'AlphaGo schlägt Lee Sedol', [
    ['paragraph', 'Der Südkoreaner Lee Sedol ist 33 Jahre alt und gilt als einer der besten Go-Spieler.'],
  ]);
  const dogs = makeArticle('dogs.txt', 'Hundegräber', [
    [
      'paragraph',
      'Die Hundegräber aus Sibirien sind 8000 Jahre alt, der Preis der Grabung 2 Millionen Euro.',
    ],
  ]);
  const answerer = new ExtractiveAnswerer({
    embedder: new TermHashEmbedder(),
    articles: articlesOf(go, dogs),
    minRelevance: 0,
    topicArticles: 0,
  });
  const retrieved = retrievedFrom([...passagesOf(go), ...passagesOf(dogs)]);

  it('refuses "Wie alt ist er?" asked alone: it does not say whose age', async () => {
    for (const question of ['Wie alt ist er?', 'How old is he?', 'Was kostet es?', 'How much does it cost?'])
      expect([question, (await answerer.answer(question, retrieved)).abstained]).toEqual([question, true]);
  });

  it('answers it about the one article everything retrieved is from (an article filter)', async () => {
    const answer = await answerer.answer('Wie alt ist er?', retrievedFrom(passagesOf(go)));
    expect(answer.abstained).toBe(false);
    expect(answer.citations[0]!.quote).toContain('33 Jahre alt');
  });

  it('answers it once the question names someone, or joined to the question before', async () => {
    for (const question of [
      'Wie alt ist Lee Sedol?',
      'Wer hat gegen AlphaGo verloren? Und wie alt ist er?',
    ]) {
      const answer = await answerer.answer(question, retrieved);
      expect([question, answer.abstained]).toEqual([question, false]);
      expect(answer.citations[0]!.quote).toContain('33 Jahre alt');
    }
  });
});
