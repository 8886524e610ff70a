import { FocusReranker, bm25Idf, sentenceFocus, sentenceTerms } from '../../../src/core/retrieval/focus';
import { PostingsLexicalIndex } from '../../../src/core/retrieval/postingsLexicalIndex';
import { InProcessSearchIndex } from '../../../src/core/retrieval/inProcessSearchIndex';
import { Retriever } from '../../../src/core/retrieval/retriever';
import { contentTerms } from '../../../src/core/text/termMatch';
import type { Embedder, ScoredPassage } from '../../../src/core/types';
import { wholeTextPassage } from '../../fakes/passages';

const QUESTION = 'Wo spielte das Orchester?';
/** The question's words, each in a sentence of its own: the topic, not the answer. */
const SCATTERED = 'Das Orchester probte lange. Dann spielte der Chor. Das Orchester reiste ab.';
/** The question's words in one sentence, among words the question does not have. */
const FOCUSED =
  'Im Sommer spielte das Orchester im Amphitheater vor Soldaten, Gästen und Reportern aus dem ganzen Land. Es war heiß.';

const even = () => 1;
const hit = (id: string, text: string, score: number): ScoredPassage => ({
  passage: wholeTextPassage(id, 0, text),
  score,
});

describe('bm25Idf', () => {
  it('weighs rare terms above common ones and stays positive for a term every passage has', () => {
    expect(bm25Idf(1, 1000)).toBeGreaterThan(bm25Idf(100, 1000));
    expect(bm25Idf(1000, 1000)).toBeGreaterThan(0);
  });
});

describe('sentenceFocus', () => {
  const terms = contentTerms(QUESTION);

  it('is the weighted share of the question terms in the best single sentence', () => {
    expect(sentenceFocus(terms, sentenceTerms(FOCUSED), even)).toBe(1);
    expect(sentenceFocus(terms, sentenceTerms(SCATTERED), even)).toBe(0.5);
    const orchestraCounts = (term: string) => (term === contentTerms('Orchester')[0] ? 3 : 1);
    expect(sentenceFocus(terms, sentenceTerms('Dann spielte der Chor.'), orchestraCounts)).toBe(0.25);
  });

  it('gives half credit to a term found inside a compound', () => {
    expect(sentenceFocus(contentTerms('Miliz'), sentenceTerms('Die Terrormiliz zog ab.'), even)).toBe(0.5);
  });

  it('is 0 without query terms or text', () => {
    expect(sentenceFocus([], sentenceTerms(FOCUSED), even)).toBe(0);
    expect(sentenceFocus(terms, sentenceTerms(''), even)).toBe(0);
  });
});

describe('FocusReranker', () => {
  const hits = [
    hit('scattered', SCATTERED, 0.65),
    hit('focused', FOCUSED, 0.3),
    hit('other', 'Nichts.', 0.2),
  ];

  it('moves a passage whose one sentence holds the question above one that scatters it', () => {
    const ranked = new FocusReranker({ candidates: 3, weight: 2 }).rerank(QUESTION, hits, even);
    expect(ranked.map((h) => h.passage.articleId)).toEqual(['focused', 'scattered', 'other']);
    expect(ranked[0]).toMatchObject({ focus: 1, score: 2.3 });
    expect(ranked[1]).toMatchObject({ focus: 0.5, score: 1.65 });
  });

  it('leaves passages beyond the candidates in place and unscored', () => {
    const ranked = new FocusReranker({ candidates: 1, weight: 2 }).rerank(QUESTION, hits, even);
    expect(ranked.map((h) => h.passage.articleId)).toEqual(['scattered', 'focused', 'other']);
    expect(ranked[1]).toEqual(hits[1]);
  });

  it('keeps the fused order for equal scores and when the weight is 0', () => {
    const tied = [hit('a', FOCUSED, 0.5), hit('b', FOCUSED, 0.5)];
    expect(new FocusReranker().rerank(QUESTION, tied, even).map((h) => h.passage.articleId)).toEqual([
      'a',
      'b',
    ]);
    expect(new FocusReranker({ candidates: 3, weight: 0 }).rerank(QUESTION, hits, even)).toEqual(hits);
  });
  it('analyses a passage again when a new index brings a new passage object with the same id', () => {
    const reranker = new FocusReranker({ candidates: 1, weight: 1 });
    expect(reranker.rerank(QUESTION, [hit('p', FOCUSED, 0)], even)[0]!.focus).toBe(1);
    expect(reranker.rerank(QUESTION, [hit('p', SCATTERED, 0)], even)[0]!.focus).toBe(0.5);
  });

  it('keeps the sentence terms of the most recently ranked passages only, up to its limit', () => {
    const reads = new Map<string, number>();
    const counted = (id: string): ScoredPassage => {
      const passage = wholeTextPassage(id, 0, FOCUSED);
      // Counts how often the reranker reads the text, i.e. analyses the passage.
      Object.defineProperty(passage, 'text', {
        get: () => {
          reads.set(id, (reads.get(id) ?? 0) + 1);
          return FOCUSED;
        },
      });
      return { passage, score: 0 };
    };
    const [a, b, c] = [counted('a'), counted('b'), counted('c')];
    const reranker = new FocusReranker({ candidates: 1, weight: 1 }, 2);
    for (const h of [a, b, a, c]) expect(reranker.rerank(QUESTION, [h], even)[0]!.focus).toBe(1);
    expect(reranker.cachedPassages).toBe(2);
    const readsBefore = new Map(reads);
    reranker.rerank(QUESTION, [a], even);
    expect(reads.get('a')).toBe(readsBefore.get('a'));
    reranker.rerank(QUESTION, [b], even);
    expect(reads.get('b')).toBeGreaterThan(readsBefore.get('b')!);
  });
});

describe('Retriever with focus', () => {
  const passages = [wholeTextPassage('scattered', 0, SCATTERED), wholeTextPassage('focused', 0, FOCUSED)];
  const lexical = new PostingsLexicalIndex();
  lexical.add(passages);
  const byId = new Map(passages.map((p) => [p.id, p]));
  const embedder: Embedder = {
    id: 'none',
    dimensions: 1,
    embedPassages: async (texts) => texts.map(() => new Float32Array(1)),
    embedQuery: async () => new Float32Array(1),
  };
  const retrieverWith = (weight: number) =>
    new Retriever({
      embedder,
      search: new InProcessSearchIndex({
        dense: { search: () => [] },
        lexical,
        passageById: (id) => byId.get(id),
      }),
      focus: { candidates: 10, weight },
    });

  it('ranks the focused passage first although BM25 prefers the one that repeats the words', async () => {
    const bm25Only = await retrieverWith(0).retrieve(QUESTION, { topK: 2 });
    expect(bm25Only.passages.map((p) => p.passage.articleId)).toEqual(['scattered', 'focused']);
    const focused = await retrieverWith(2).retrieve(QUESTION, { topK: 2 });
    expect(focused.passages.map((p) => p.passage.articleId)).toEqual(['focused', 'scattered']);
    expect(focused.passages[0]!.focus).toBe(1);
  });
});
