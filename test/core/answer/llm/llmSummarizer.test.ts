import { LlmSummarizer } from '../../../../src/core/answer/llm/llmSummarizer';
import { LlmStub, completion, errorBody } from '../../../support/llmStub';
import { PALMYRA, TermHashEmbedder } from '../fixtures';

let stub: LlmStub;
beforeAll(async () => {
  stub = await LlmStub.start();
});
afterAll(async () => {
  await stub.close();
});

function summarizer(): LlmSummarizer {
  return new LlmSummarizer({
    llm: { baseUrl: stub.baseUrl, model: 'stub', timeoutMs: 2000 },
    embedder: new TermHashEmbedder(),
  });
}

describe('LlmSummarizer', () => {
  it('cites the paragraphs it was shown and maps each citation to a verbatim sentence', async () => {
    stub.respond({
      body: completion(
        'Russische Soldaten hörten ein Konzert in Palmyra [1]. Der IS rückte von drei Seiten vor [2]. Anwohner flohen [3]. Erfunden [8].',
      ),
    });
    const summary = await summarizer().summarize(PALMYRA, { sentences: 3 });
    const user = stub.last!.body!.messages[1]!.content;
    expect(user).toContain('[1] Konzert in Palmyra');
    expect(user).not.toContain('REUTERS'); // captions are not summarised
    expect(summary.mode).toBe('llm');
    expect(summary.text).toBe(
      'Russische Soldaten hörten ein Konzert in Palmyra [1]. Der IS rückte von drei Seiten vor [2]. Anwohner flohen [3].',
    );
    expect(summary.citations.map((c) => c.paragraph)).toEqual([1, 3, 4]);
    expect(summary.citations[1]!.quote).toBe(
      'Von drei Seiten sind Kämpfer der Miliz auf Palmyra vorgerückt.',
    );
    for (const c of summary.citations) expect(PALMYRA.text.slice(c.quoteStart, c.quoteEnd)).toBe(c.quote);
  });

  it('falls back to the extractive summary on an HTTP error or an uncited summary', async () => {
    stub.respond({ status: 500, body: errorBody('boom', 'server_error', null) });
    const failed = await summarizer().summarize(PALMYRA);
    expect(failed.mode).toBe('extractive');
    expect(failed.citations.length).toBeGreaterThanOrEqual(3);
    stub.respond({ body: completion('Eine Zusammenfassung ohne Quellen.') });
    expect((await summarizer().summarize(PALMYRA)).mode).toBe('extractive');
  });
});
