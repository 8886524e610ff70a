import { ExtractiveAnswerer } from '../../../src/core/answer/extractive';
import type { Reranker } from '../../../src/core/rerank/reranker';
import { PALMYRA, TermHashEmbedder, articlesOf, passagesOf, retrievedFrom } from './fixtures';

/** A re-ranker that knows which sentence answers: texts containing `answer` score 0.95, others `rest`. */
class FakeReranker implements Reranker {
  readonly id = 'fake';
  readonly calls: Array<{ question: string; texts: readonly string[] }> = [];
  constructor(
    private readonly answer: string,
    private readonly rest = 0.02,
  ) {}
  score(question: string, texts: readonly string[]): Promise<number[]> {
    this.calls.push({ question, texts });
    return Promise.resolve(texts.map((text) => (text.includes(this.answer) ? 0.95 : this.rest)));
  }
}

const articles = articlesOf(PALMYRA);
const embedder = new TermHashEmbedder();
const retrieved = retrievedFrom(passagesOf(PALMYRA));
// Reworded: no word of the question is in the sentence that answers it.
const QUESTION = 'Wer stand am Pult, als in der antiken Stätte musiziert wurde?';
const ANSWER =
  'Die Musiker unter Leitung von Dirigent Waleri Gergijew spielten Stücke von Bach und Prokofjew.';

describe('ExtractiveAnswerer with a re-ranker', () => {
  it('quotes the sentence the re-ranker finds answering, reading the question as asked', async () => {
    const question = 'Wo spielte das Mariinski-Orchester?';
    const kreml = 'Der Kreml hatte Politiker und Journalisten extra einfliegen lassen.';
    const plain = await new ExtractiveAnswerer({ embedder, articles }).answer(question, retrieved);
    expect(plain.citations[0]!.quote).not.toBe(kreml);
    const reranker = new FakeReranker('Kreml');
    const answer = await new ExtractiveAnswerer({ embedder, articles, reranker }).answer(question, retrieved);
    expect(answer.abstained).toBe(false);
    expect(answer.citations[0]!.quote).toBe(kreml);
    expect(reranker.calls).toHaveLength(1);
    expect(reranker.calls[0]!.question).toBe(question);
    expect(reranker.calls[0]!.texts.length).toBeGreaterThan(1);
    expect(reranker.calls[0]!.texts.length).toBeLessThanOrEqual(16);
    // The reworded question gets the conductor's sentence too.
    const conductor = await new ExtractiveAnswerer({
      embedder,
      articles,
      reranker: new FakeReranker('Gergijew'),
    }).answer(QUESTION, retrieved);
    expect(conductor.citations[0]!.quote).toBe(ANSWER);
  });

  it('abstains on the re-ranker score of the sentence it would quote, not of the best one read', async () => {
    // Weight 0: the re-ranker reorders nothing, so the sentence quoted first is one it rejected.
    const answerer = new ExtractiveAnswerer({
      embedder,
      articles,
      reranker: new FakeReranker('Kreml', 0.01),
      reranking: { weight: 0 },
    });
    expect((await answerer.answer('Wo spielte das Mariinski-Orchester?', retrieved)).abstained).toBe(true);
  });

  it('abstains when no sentence reaches the re-ranker minimum, and answers when one does', async () => {
    const none = new ExtractiveAnswerer({ embedder, articles, reranker: new FakeReranker('nirgends', 0.05) });
    expect((await none.answer('Wo spielte das Mariinski-Orchester?', retrieved)).abstained).toBe(true);
    const lenient = new ExtractiveAnswerer({
      embedder,
      articles,
      reranker: new FakeReranker('nirgends', 0.05),
      reranking: { minScore: 0.01 },
    });
    expect((await lenient.answer('Wo spielte das Mariinski-Orchester?', retrieved)).abstained).toBe(false);
  });

  it('reads only the best `candidates` sentences', async () => {
    const reranker = new FakeReranker('Gergijew');
    await new ExtractiveAnswerer({ embedder, articles, reranker, reranking: { candidates: 2 } }).answer(
      QUESTION,
      retrieved,
    );
    expect(reranker.calls[0]!.texts).toHaveLength(2);
  });
});
