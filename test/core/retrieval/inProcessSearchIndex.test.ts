import type { DenseSearchOptions } from '../../../src/core/index/denseSearch';
import { InProcessSearchIndex } from '../../../src/core/retrieval/inProcessSearchIndex';
import { PostingsLexicalIndex } from '../../../src/core/retrieval/postingsLexicalIndex';
import { makeArticle } from '../../fakes/articles';
import { wholeTextPassage } from '../../fakes/passages';

describe('InProcessSearchIndex', () => {
  const passages = [wholeTextPassage('a', 0, 'Palmyra'), wholeTextPassage('b', 0, 'Palmyra')];
  const articles = new Map([
    ['a', { ...makeArticle('a', ['Palmyra']), date: '2017-01' }],
    ['b', makeArticle('b', ['Palmyra'])],
  ]);

  function withSpy(): { search: InProcessSearchIndex; calls: DenseSearchOptions[] } {
    const calls: DenseSearchOptions[] = [];
    const lexical = new PostingsLexicalIndex();
    lexical.add(passages);
    const search = new InProcessSearchIndex({
      dense: {
        search: (_vector, _k, options = {}) => {
          calls.push(options);
          return [];
        },
      },
      lexical,
      passageById: (id) => passages.find((p) => p.id === id),
      article: (id) => articles.get(id),
    });
    return { search, calls };
  }

  it('hands an article filter to dense search as a list, so it can read just those vectors', async () => {
    const { search, calls } = withSpy();
    await search.denseSearch(new Float32Array(2), 5, { articleIds: ['a'] });
    expect(calls).toHaveLength(1);
    expect([...calls[0]!.articleIds!]).toEqual(['a']);
    // No predicate re-checks the articles passage by passage.
    expect(calls[0]!.filter).toBeUndefined();
  });

  it('adds a predicate for dates only, checking each article once', async () => {
    const { search, calls } = withSpy();
    await search.denseSearch(new Float32Array(2), 5, { articleIds: ['a', 'b'], dateFrom: '2017' });
    const accept = calls[0]!.filter!;
    expect(passages.map((p) => accept(p))).toEqual([true, false]);
  });

  it('passes no options at all without a filter', async () => {
    const { search, calls } = withSpy();
    await search.denseSearch(new Float32Array(2), 5);
    await search.denseSearch(new Float32Array(2), 5, {});
    expect(calls).toEqual([{}, {}]);
  });
});
