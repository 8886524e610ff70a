import { PostingsLexicalIndex } from '../../src/core/retrieval/postingsLexicalIndex';
import type { PassageFilter, SearchIndex } from '../../src/core/retrieval/searchIndex';
import { analyze } from '../../src/core/text/analysis';
import type { Article, Passage, ScoredPassage } from '../../src/core/types';
import { makeArticle, seededRandom, VOCABULARY } from '../fakes/articles';
import { chunkByBlock } from '../fakes/blockChunker';
import { HashEmbedder } from '../fakes/hashEmbedder';

/** What every backend is built from: articles, their passages, and the vectors of their texts. */
export interface SearchIndexFixture {
  articles: readonly Article[];
  passages: readonly Passage[];
  embedder: HashEmbedder;
}

/**
 * A question whose query terms at the given positions are the given words, and words no passage
 * holds everywhere else.
 */
function spreadQuestion(placed: Readonly<Record<number, string>>): string {
  const last = Math.max(...Object.keys(placed).map(Number));
  const words: string[] = [];
  for (let position = 0; position <= last; position += 1) {
    // None of them is a beginning of a word the passages hold.
    const filler = `xyq${String.fromCharCode(97 + (position % 26))}${String.fromCharCode(97 + Math.floor(position / 26))}`;
    words.push(placed[position] ?? filler);
  }
  return words.join(' ');
}

/** Builds a backend's index over the fixture; `close` frees what it holds. */
export type SearchIndexFactory = (
  fixture: SearchIndexFixture,
) => Promise<{ search: SearchIndex; close?: () => Promise<void> }>;

// Dates of every shape an article may carry: a day, a month, a year, a time of day, none, and
// unreadable ones (outside every range).
const DATES: ReadonlyArray<string | undefined> = [
  '2017-01-15',
  '2017-01',
  '2017-02-20',
  '2016',
  undefined,
  '2018-06-30',
  '2017',
  undefined,
  '2017-03-05T10:00:00Z',
  'Frühjahr 2017',
  '2017-13',
];

// Words that exercise the analysis: compounds, a prefix, umlauts, a feminine form, stop words.
const SPECIAL: Readonly<Record<number, string>> = {
  6: 'Die Regierungsexklave liegt am Fluss, und das Ernährungsprogramm läuft.',
  8: 'Die Bürgermeisterin sprach über die Exklave und die Ernährung der Stadt.',
  9: 'Der Bürgermeister der Großstadt eröffnete das Programm.',
};

/** Eight dated and undated articles of random vocabulary; one word occurs in a single passage only. */
export function searchIndexFixture(): SearchIndexFixture {
  const random = seededRandom(20);
  const articles = DATES.map((date, a) => {
    const paragraphs = Array.from({ length: 3 + (a % 3) }, (_, p) => {
      const words = Array.from({ length: 12 }, () => VOCABULARY[Math.floor(random() * VOCABULARY.length)]!);
      if (a === 5 && p === 1) words.push('Zeppelin');
      // Ties: two passages with the same words score the same.
      if (a === 10 && p < 2) return 'Gleiche Worte hier.';
      return `${words.join(' ')}.${p === 0 && SPECIAL[a] ? ` ${SPECIAL[a]}` : ''}`;
    });
    const article = makeArticle(`art${a}.md`, [`# Abschnitt ${a}`, ...paragraphs], `Artikel ${a}`);
    return date === undefined ? article : { ...article, date };
  });
  return {
    articles,
    passages: articles.flatMap((article) => chunkByBlock(article)),
    embedder: new HashEmbedder(32),
  };
}

/** The days a (partial) date covers, as the contract defines them; undefined when unreadable. */
function period(date: string): [string, string] | undefined {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:$|T)/.exec(date);
  if (!match) return undefined;
  const [, year, month, day] = match;
  if (month !== undefined && (Number(month) < 1 || Number(month) > 12)) return undefined;
  if (day !== undefined) return [`${year}-${month}-${day}`, `${year}-${month}-${day}`];
  if (month !== undefined) return [`${year}-${month}-01`, `${year}-${month}-31`];
  return [`${year}-01-01`, `${year}-12-31`];
}

function accepts(fixture: SearchIndexFixture, filter: PassageFilter, passage: Passage): boolean {
  if (filter.articleIds && !filter.articleIds.includes(passage.articleId)) return false;
  if (filter.dateFrom === undefined && filter.dateTo === undefined) return true;
  const date = fixture.articles.find((article) => article.id === passage.articleId)?.date;
  const covered = date === undefined ? undefined : period(date);
  if (!covered) return false;
  const [from, to] = covered;
  const lower = filter.dateFrom === undefined ? '0000-01-01' : period(filter.dateFrom)![0];
  const upper = filter.dateTo === undefined ? '9999-12-31' : period(filter.dateTo)![1];
  return to >= lower && from <= upper;
}

const FILTERS: ReadonlyArray<[string, PassageFilter]> = [
  ['one article', { articleIds: ['art2.md'] }],
  ['two articles', { articleIds: ['art0.md', 'art5.md'] }],
  ['a month, which takes days and months inside it', { dateFrom: '2017-01', dateTo: '2017-01' }],
  ['a lower bound only, which takes a date with a time of day', { dateFrom: '2017-02' }],
  ['a day, which takes a date with a time of day on it', { dateFrom: '2017-03-05', dateTo: '2017-03-05' }],
  ['an upper bound only, which leaves out undated articles', { dateTo: '2016-12-31' }],
  ['articles and dates together', { articleIds: ['art1.md', 'art3.md', 'art4.md'], dateFrom: '2017' }],
];

/**
 * The contract of {@link SearchIndex}, run against every backend: the same questions must get the
 * same passages, whichever index holds them.
 */
export function describeSearchIndexContract(name: string, factory: SearchIndexFactory): void {
  describe(`SearchIndex contract: ${name}`, () => {
    const fixture = searchIndexFixture();
    const byId = new Map(fixture.passages.map((passage) => [passage.id, passage]));
    let search: SearchIndex;
    let close: (() => Promise<void>) | undefined;

    beforeAll(async () => {
      ({ search, close } = await factory(fixture));
    });
    afterAll(async () => {
      await close?.();
    });

    function cosine(vector: Float32Array, passage: Passage): number {
      const other = fixture.embedder.vectorOf(passage.text);
      let dot = 0;
      for (let i = 0; i < vector.length; i += 1) dot += vector[i]! * other[i]!;
      return dot;
    }

    /**
     * Checks that hits are k nearest passages the filter accepts, best first: each with its true
     * cosine as score, and the scores those of an exact ranking (passages of equal similarity may
     * stand in for each other).
     */
    function expectNearest(
      hits: ScoredPassage[],
      vector: Float32Array,
      k: number,
      filter: PassageFilter = {},
    ) {
      const exact = fixture.passages
        .filter((passage) => accepts(fixture, filter, passage))
        .map((passage) => cosine(vector, passage))
        .sort((a, b) => b - a)
        .slice(0, k);
      expect(hits).toHaveLength(exact.length);
      hits.forEach((hit, i) => expect(hit.score).toBeCloseTo(exact[i]!, 5));
      expect(new Set(hits.map((hit) => hit.passage.id)).size).toBe(hits.length);
      for (const hit of hits) {
        const passage = byId.get(hit.passage.id)!;
        expect(hit.passage).toEqual(passage);
        expect(accepts(fixture, filter, passage)).toBe(true);
        expect(hit.score).toBeCloseTo(cosine(vector, passage), 5);
        expect(hit.dense).toBeCloseTo(hit.score, 5);
      }
    }

    const queries = [
      'bahn stadt hafen',
      'wein bier kaffee markt',
      'Zeppelin',
      'klima energie wind solar',
      'Exklave',
      'Ernährung',
      'Bürgermeisterin der Stadt',
      'Gleiche Worte',
      'Abschnitt',
      // Long questions whose words one passage holds together ("Die Bürgermeisterin sprach über die
      // Exklave und die Ernährung der Stadt."), as query terms that a count of matched terms kept
      // in 32 bits, or cut off at 32, would merge (0 and 32) or lose (32 and above), and 0 and 64,
      // which a count kept in 64 bits would merge.
      spreadQuestion({ 0: 'Exklave', 32: 'Ernährung', 55: 'Stadt', 62: 'Bürgermeisterin' }),
      spreadQuestion({ 0: 'Exklave', 64: 'Ernährung' }),
    ];
    /** The ranking every backend must reproduce: the product's own BM25+ over the fixture's passages. */
    const reference = new PostingsLexicalIndex();
    reference.add(fixture.passages);

    it('dense search returns the k nearest passages by cosine, best first, with the similarity as score', async () => {
      for (const query of queries) {
        const vector = fixture.embedder.vectorOf(query);
        expectNearest(await search.denseSearch(vector, 5), vector, 5);
      }
    });

    it.each(FILTERS)(
      'dense search with a filter on %s keeps to the passages it accepts',
      async (_, filter) => {
        for (const query of queries) {
          const vector = fixture.embedder.vectorOf(query);
          expectNearest(await search.denseSearch(vector, 4, filter), vector, 4, filter);
        }
      },
    );

    it('lexical search ranks as the reference BM25+ does: scores, ties by id, at most k', async () => {
      for (const query of queries) {
        for (const k of [3, fixture.passages.length]) {
          const hits = await search.lexicalSearch(query, k);
          const expected = reference.search(query, k);
          expect(expected.length).toBeGreaterThan(0);
          expect(hits.map((hit) => hit.id)).toEqual(expected.map((hit) => hit.id));
          hits.forEach((hit, i) => expect(hit.score).toBeCloseTo(expected[i]!.score, 9));
          for (let i = 1; i < hits.length; i += 1) {
            const [a, b] = [hits[i - 1]!, hits[i]!];
            expect(a.score > b.score || (a.score === b.score && a.id < b.id)).toBe(true);
          }
        }
      }
      const tied = await search.lexicalSearch('Gleiche Worte', 2);
      expect(tied.map((hit) => hit.id)).toEqual(['art10.md#0', 'art10.md#1']);
      expect(tied[0]!.score).toBe(tied[1]!.score);
      const [only] = await search.lexicalSearch('Zeppelin', 3);
      expect(only?.id).toBe('art5.md#1');
      expect(await search.lexicalSearch('Quasselstrippe', 3)).toEqual([]);
    });

    it.each(FILTERS)(
      'lexical search with a filter on %s narrows the ranking without scoring again',
      async (_, filter) => {
        for (const query of queries) {
          const all = await search.lexicalSearch(query, fixture.passages.length);
          const narrowed = all.filter((hit) => accepts(fixture, filter, byId.get(hit.id)!));
          const hits = await search.lexicalSearch(query, 3, filter);
          expect(hits.map((hit) => hit.id)).toEqual(narrowed.slice(0, 3).map((hit) => hit.id));
          hits.forEach((hit, i) => expect(hit.score).toBeCloseTo(narrowed[i]!.score, 9));
        }
      },
    );

    it('an empty article list accepts no passage', async () => {
      const filter = { articleIds: [] };
      expect(await search.denseSearch(fixture.embedder.vectorOf('bahn'), 5, filter)).toEqual([]);
      expect(await search.lexicalSearch('bahn', 5, filter)).toEqual([]);
    });

    it('looks passages up by id, leaving unknown ids out', async () => {
      const ids = ['art0.md#0', 'art5.md#1', 'art99.md#0', 'art1.md#99'];
      const found = await search.passages(ids);
      expect([...found.keys()].sort()).toEqual(['art0.md#0', 'art5.md#1']);
      for (const [id, passage] of found) expect(passage).toEqual(byId.get(id));
      const every = await search.passages(fixture.passages.map((passage) => passage.id));
      expect(new Map(every)).toEqual(byId);
      expect((await search.passages([])).size).toBe(0);
    });

    it('reads articles by id, with the text their passages are slices of', async () => {
      const found = await search.articles(['art5.md', 'art4.md', 'missing.md']);
      expect([...found.keys()].sort()).toEqual(['art4.md', 'art5.md']);
      expect(found.get('art5.md')).toEqual(fixture.articles[5]);
      expect(found.get('art4.md')).toEqual(fixture.articles[4]);
      const every = await search.articles(fixture.articles.map((article) => article.id));
      for (const article of fixture.articles) expect(every.get(article.id)).toEqual(article);
      for (const passage of fixture.passages) {
        expect(every.get(passage.articleId)!.text.slice(passage.start, passage.end)).toBe(passage.text);
      }
    });

    it('counts the passages holding each analysed term', async () => {
      // "Abschnitt" stands in every section title and in no text: titles are not counted.
      const words = ['bahn', 'zeppelin', 'wein', 'quasselstripp', 'Abschnitt', 'Exklave', 'Bürgermeisterin'];
      const terms = [...new Set(words.flatMap((w) => analyze(w)))];
      const statistics = await search.termStatistics(terms);
      expect(statistics.passages).toBe(fixture.passages.length);
      for (const term of terms) {
        const holding = fixture.passages.filter((passage) => analyze(passage.text).includes(term)).length;
        expect([term, statistics.documentFrequency.get(term)]).toEqual([term, holding]);
      }
      expect(statistics.documentFrequency.get(analyze('Zeppelin')[0]!)).toBe(1);
      expect(statistics.documentFrequency.get(analyze('Abschnitt')[0]!)).toBe(0);
    });
  });
}
