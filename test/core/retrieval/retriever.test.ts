import { PostingsLexicalIndex } from '../../../src/core/retrieval/postingsLexicalIndex';
import type { DenseSearch } from '../../../src/core/index/denseSearch';
import { InProcessSearchIndex } from '../../../src/core/retrieval/inProcessSearchIndex';
import { Retriever } from '../../../src/core/retrieval/retriever';
import type { PassageFilter, SearchIndex } from '../../../src/core/retrieval/searchIndex';
import type { Embedder, QueryExpander, ScoredPassage } from '../../../src/core/types';
import { makeArticle } from '../../fakes/articles';
import { wholeTextPassage } from '../../fakes/passages';

const passage = wholeTextPassage;

const PASSAGES = [
  passage('jan', 0, 'Im Januar wurde Palmyra erneut angegriffen.'),
  passage('jan', 1, 'Die Kämpfer kamen aus drei Richtungen nach Palmyra.'),
  passage('feb', 0, 'Im Februar fiel Palmyra an die Armee zurück.'),
  passage('nodate', 0, 'Palmyra ist eine antike Oasenstadt.'),
  passage('y2016', 0, 'Das Orchester spielte 2016 in Palmyra.'),
];
const DATES: Record<string, string> = { jan: '2017-01', feb: '2017-02-20', y2016: '2016' };
const ARTICLES = new Map(
  ['jan', 'feb', 'nodate', 'y2016'].map((id) => {
    const article = makeArticle(id, ['Palmyra.']);
    return [id, DATES[id] === undefined ? article : { ...article, date: DATES[id] }];
  }),
);

/** One dimension per word of a tiny vocabulary: enough to make dense search meaningful and predictable. */
const WORDS = ['palmyra', 'orchester', 'armee', 'januar', 'kampfer', 'oasenstadt'];
const embedder: Embedder = {
  id: 'fake',
  dimensions: WORDS.length,
  embedPassages: async (texts) => texts.map(vectorOf),
  embedQuery: async (text) => vectorOf(text),
};
function vectorOf(text: string): Float32Array {
  const folded = text.toLowerCase().replace(/ä/g, 'a');
  const v = new Float32Array(WORDS.map((w) => (folded.includes(w) ? 1 : 0)));
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => x / norm);
}
const dense: DenseSearch = {
  search(vector, k, options = {}) {
    const articles = options.articleIds ? new Set(options.articleIds) : undefined;
    const hits: ScoredPassage[] = [];
    for (const p of PASSAGES) {
      if (articles && !articles.has(p.articleId)) continue;
      if (options.filter && !options.filter(p)) continue;
      const pv = vectorOf(p.text);
      const score = pv.reduce((s, x, i) => s + x * vector[i]!, 0);
      hits.push({ passage: p, score, dense: score });
    }
    return hits.sort((a, b) => b.score - a.score).slice(0, k);
  },
};

function makeSearch(): SearchIndex {
  const lexical = new PostingsLexicalIndex();
  lexical.add(PASSAGES);
  const byId = new Map(PASSAGES.map((p) => [p.id, p]));
  return new InProcessSearchIndex({
    dense,
    lexical,
    passageById: (id) => byId.get(id),
    article: (id) => ARTICLES.get(id),
  });
}

function makeRetriever(extra: { translate?: QueryExpander; search?: SearchIndex } = {}): Retriever {
  return new Retriever({ embedder, search: makeSearch(), ...extra });
}

describe('Retriever', () => {
  it('returns at most topK passages with fused, dense and lexical scores, and stage timings', async () => {
    const result = await makeRetriever().retrieve(
      'Aus wie vielen Richtungen kamen die Kämpfer nach Palmyra?',
      { topK: 2 },
    );
    expect(result.passages).toHaveLength(2);
    expect(result.passages[0]!.passage.id).toBe('jan#1');
    expect(result.passages[0]!.lexical).toBeGreaterThan(0);
    expect(result.passages[0]!.dense).toBeGreaterThan(0);
    for (const ms of Object.values(result.timings)) expect(ms).toBeGreaterThanOrEqual(0);
  });

  it('keeps to one article when asked', async () => {
    const { passages } = await makeRetriever().retrieve('Palmyra', { topK: 10, articleId: 'jan' });
    expect(passages.map((p) => p.passage.id).sort()).toEqual(['jan#0', 'jan#1']);
  });

  it('keeps to articles dated in the range, comparing partial dates by the period they cover', async () => {
    const retriever = makeRetriever();
    const inJanuary = await retriever.retrieve('Palmyra', {
      topK: 10,
      dateFrom: '2017-01-10',
      dateTo: '2017-01-31',
    });
    expect(new Set(inJanuary.passages.map((p) => p.passage.articleId))).toEqual(new Set(['jan']));
    const in2017 = await retriever.retrieve('Palmyra', { topK: 10, dateFrom: '2017' });
    expect(new Set(in2017.passages.map((p) => p.passage.articleId))).toEqual(new Set(['jan', 'feb']));
    const until2016 = await retriever.retrieve('Palmyra', { topK: 10, dateTo: '2016-12' });
    expect(until2016.passages.map((p) => p.passage.articleId)).toEqual(['y2016']);
  });

  it('combines article and date filters', async () => {
    const { passages } = await makeRetriever().retrieve('Palmyra', {
      topK: 10,
      articleId: 'feb',
      dateTo: '2017-01',
    });
    expect(passages).toEqual([]);
  });

  it('hands the index one filter object, with the article and the date bounds as given', async () => {
    const inner = makeSearch();
    const seen: Array<PassageFilter | undefined> = [];
    const search: SearchIndex = {
      denseSearch: async (vector, k, filter) => (seen.push(filter), inner.denseSearch(vector, k, filter)),
      lexicalSearch: async (query, k, filter) => (seen.push(filter), inner.lexicalSearch(query, k, filter)),
      passages: (ids) => inner.passages(ids),
      termStatistics: (terms) => inner.termStatistics(terms),
      articles: (ids) => inner.articles(ids),
    };
    await makeRetriever({ search }).retrieve('Palmyra', { topK: 3, articleId: 'jan', dateFrom: '2017' });
    const expected = { articleIds: ['jan'], dateFrom: '2017' };
    expect(seen).toEqual([expected, expected]);
    seen.length = 0;
    await makeRetriever({ search }).retrieve('Palmyra', { topK: 3 });
    expect(seen).toEqual([undefined, undefined]);
  });

  it('rejects a date bound that is not a date before embedding or searching anything', async () => {
    let used = 0;
    const count = <T>(value: T): T => ((used += 1), value);
    const search: SearchIndex = {
      denseSearch: async () => count([]),
      lexicalSearch: async () => count([]),
      passages: async () => count(new Map()),
      termStatistics: async () => count({ passages: 0, documentFrequency: new Map() }),
      articles: async () => count(new Map()),
    };
    const spied: Embedder = { ...embedder, embedQuery: async (text) => count(vectorOf(text)) };
    const retriever = new Retriever({ embedder: spied, search });
    await expect(retriever.retrieve('Palmyra', { topK: 3, dateFrom: 'letzte Woche' })).rejects.toThrow(
      'invalid date "letzte Woche"',
    );
    expect(used).toBe(0);
  });

  it('searches without the filler words a reader adds, and has the question translated as asked', async () => {
    const asked: string[] = [];
    // A German question comes back as it was asked, and then adds nothing to the search.
    const translate = async (q: string) => (asked.push(q), { text: q });
    const searched: string[] = [];
    const search = makeSearch();
    const lexicalSearch = search.lexicalSearch.bind(search);
    search.lexicalSearch = (query, ...rest) => (searched.push(query), lexicalSearch(query, ...rest));
    const plain = await makeRetriever({ translate }).retrieve('Wo spielte das Orchester?', { topK: 3 });
    const filled = await makeRetriever({ translate, search }).retrieve(
      'Wo spielte eigentlich das Orchester?',
      {
        topK: 3,
      },
    );
    expect(filled.passages).toEqual(plain.passages);
    expect(searched).toEqual(['Wo spielte das Orchester?']);
    // The translator tells the language from the whole question.
    expect(asked).toEqual(['Wo spielte das Orchester?', 'Wo spielte eigentlich das Orchester?']);
    expect(filled.expansion).toEqual({ text: 'Wo spielte eigentlich das Orchester?' });
  });

  it('searches with the translated question as well when a translator is given', async () => {
    const question = 'Where did the orchestra play?';
    const without = await makeRetriever().retrieve(question, { topK: 1 });
    expect(without.passages[0]?.passage.id).not.toBe('y2016#0');
    const translate = async (q: string) => ({ text: q === question ? 'Wo spielte das Orchester?' : q });
    const withTranslation = await makeRetriever({ translate }).retrieve(question, { topK: 1 });
    expect(withTranslation.passages[0]!.passage.id).toBe('y2016#0');
    // Handed on, so the answerer need not translate again.
    expect(withTranslation.expansion).toEqual({ text: 'Wo spielte das Orchester?' });
    expect(without.expansion).toBeUndefined();
  });
});

describe('Retriever over an index in another process', () => {
  /** The in-process index, declared remote, with the order of calls recorded. */
  function remote(calls: string[], failLexical = false): SearchIndex {
    const inner = makeSearch();
    return {
      concurrent: true,
      denseSearch: (...args) => (calls.push('dense'), inner.denseSearch(...args)),
      lexicalSearch: async (...args) => {
        calls.push('lexical');
        if (failLexical) throw new Error('connection lost');
        return inner.lexicalSearch(...args);
      },
      passages: (ids) => (calls.push('passages'), inner.passages(ids)),
      termStatistics: (terms) => (calls.push('statistics'), inner.termStatistics(terms)),
      articles: (ids) => inner.articles(ids),
    };
  }

  it('asks for the lexical ranking and term frequencies before embedding, with the same result', async () => {
    const calls: string[] = [];
    const question = 'Aus wie vielen Richtungen kamen die Kämpfer nach Palmyra?';
    const counting: Embedder = {
      id: embedder.id,
      dimensions: embedder.dimensions,
      embedPassages: (texts) => embedder.embedPassages(texts),
      embedQuery: (text) => (calls.push('embed'), embedder.embedQuery(text)),
    };
    const together = await new Retriever({ embedder: counting, search: remote(calls) }).retrieve(question, {
      topK: 3,
    });
    expect(calls.slice(0, 3)).toEqual(['lexical', 'statistics', 'embed']);
    expect(calls).toContain('dense');
    const apart = await makeRetriever().retrieve(question, { topK: 3 });
    expect(together.passages).toEqual(apart.passages);
  });

  it('reports a failed lexical search as the retrieval failure, even when embedding fails first', async () => {
    const unhandled = jest.fn();
    process.on('unhandledRejection', unhandled);
    try {
      const failing: Embedder = {
        id: embedder.id,
        dimensions: embedder.dimensions,
        embedPassages: (texts) => embedder.embedPassages(texts),
        embedQuery: async () => {
          await new Promise((resolve) => setTimeout(resolve, 20));
          throw new Error('model crashed');
        },
      };
      await expect(
        new Retriever({ embedder: failing, search: remote([], true) }).retrieve('Palmyra?', { topK: 3 }),
      ).rejects.toThrow('model crashed');
      await expect(
        new Retriever({ embedder, search: remote([], true) }).retrieve('Palmyra?', { topK: 3 }),
      ).rejects.toThrow('connection lost');
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });
});
