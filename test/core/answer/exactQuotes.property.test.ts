import fc from 'fast-check';

import { ExtractiveAnswerer } from '../../../src/core/answer/extractive';
import { inlineQuote } from '../../../src/core/answer/citations';
import { chunkArticle } from '../../../src/core/chunking/chunker';
import { normalizeText } from '../../../src/core/ingest/decode';
import { readArticle } from '../../../src/core/ingest/readArticle';
import { TermHashEmbedder, articlesOf, retrievedFrom } from './fixtures';

const WORDS = [
  'Palmyra',
  'Orchester',
  'spielte',
  'im',
  'Amphitheater',
  'Soldaten',
  'lauschten',
  'Konzert',
  'Mai',
];
// What real files hold between words: double spaces, tabs, NBSP, CRLF and lone CR, hard wraps,
// soft hyphens and zero-width characters.
const GAPS = [' ', '  ', '\t', '\u00a0', '\r\n', '\n', '\r', ' \u00ad', '\u200b ', ' \u200d ', ' \n  '];
const BREAKS = ['\n\n', '\r\n\r\n', '\n \n', '\n\n\n'];

const sentenceArb = fc
  .array(fc.tuple(fc.constantFrom(...WORDS), fc.constantFrom(...GAPS)), { minLength: 3, maxLength: 12 })
  .map((parts) => parts.map(([word, gap], i) => (i === 0 ? word : `${gap}${word}`)).join('') + '.');
const paragraphArb = fc
  .array(fc.tuple(sentenceArb, fc.constantFrom(...GAPS)), { minLength: 1, maxLength: 4 })
  .map((parts) => parts.map(([sentence, gap]) => `${sentence}${gap}`).join(''));
const fileArb = fc
  .array(fc.tuple(paragraphArb, fc.constantFrom(...BREAKS)), { minLength: 1, maxLength: 5 })
  .map((parts) => parts.map(([paragraph, gap]) => `${paragraph}${gap}`).join(''));

describe('quotes of a plain-text file', () => {
  it('are the file text between their offsets, whatever whitespace it holds', async () => {
    await fc.assert(
      fc.asyncProperty(fileArb, fc.subarray(WORDS, { minLength: 2, maxLength: 4 }), async (file, words) => {
        const result = readArticle('odd.txt', new TextEncoder().encode(file), { maxBytes: 1 << 20 });
        if (!result.ok) throw new Error(result.reason);
        const { article } = result;
        const asRead = normalizeText(file);
        expect(article.text).toBe(asRead);
        const passages = chunkArticle(article, { maxChars: 120, overlapSentences: 1 });
        const answerer = new ExtractiveAnswerer({
          embedder: new TermHashEmbedder(),
          articles: articlesOf(article),
          minRelevance: 0,
        });
        const answer = await answerer.answer(`Wo ${words.join(' ')}?`, retrievedFrom(passages));
        for (const citation of answer.citations) {
          expect(citation.quote).toBe(asRead.slice(citation.quoteStart, citation.quoteEnd));
          expect(asRead).toContain(citation.passage);
          // Shown on one line; the citation itself keeps the file's characters.
          expect(answer.text).toContain(inlineQuote(citation.quote));
        }
      }),
      { numRuns: 150 },
    );
  });
});
