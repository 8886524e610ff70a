import { buildUnigramVocab, SPECIAL_TOKENS, tokenizerJson } from '../../tools/modelgen/tokenizer';

describe('buildUnigramVocab', () => {
  it('has exactly the requested size with unique pieces, XLM-R special ids and <mask> last', () => {
    for (const size of [6, 300, 5000]) {
      const vocab = buildUnigramVocab(size);
      expect(vocab).toHaveLength(size);
      expect(new Set(vocab.map(([piece]) => piece)).size).toBe(size);
      expect(vocab.slice(0, 4).map(([piece]) => piece)).toEqual(['<s>', '<pad>', '</s>', '<unk>']);
      expect(vocab[size - 1]?.[0]).toBe(SPECIAL_TOKENS.mask);
      expect(vocab.every(([, score]) => Number.isFinite(score) && score <= 0)).toBe(true);
    }
  });

  it('reaches the multilingual-e5-small size of 250037 pieces', () => {
    const vocab = buildUnigramVocab(250037);
    expect(vocab).toHaveLength(250037);
    expect(new Set(vocab.map(([piece]) => piece)).size).toBe(250037);
  });

  it('is deterministic and covers German letters, umlauts and word starts', () => {
    const vocab = buildUnigramVocab(2000);
    expect(buildUnigramVocab(2000)).toEqual(vocab);
    const pieces = new Set(vocab.map(([piece]) => piece));
    for (const piece of ['ä', 'ß', 'Ü', '\u2581die', '\u2581Bundes', 'ung']) expect(pieces).toContain(piece);
  });

  it('rejects sizes too small for the special tokens', () => {
    expect(() => buildUnigramVocab(5)).toThrow('vocabSize must be an integer ≥ 6');
  });
});

describe('tokenizerJson', () => {
  it('declares a Unigram model with Metaspace pre-tokenization and <s> … </s> around each text', () => {
    const json = tokenizerJson(buildUnigramVocab(100)) as {
      model: { type: string; unk_id: number; vocab: unknown[] };
      added_tokens: Array<{ id: number }>;
      post_processor: { single: Array<{ SpecialToken?: { id: string }; Sequence?: { id: string } }> };
    };
    expect(json.model).toMatchObject({ type: 'Unigram', unk_id: 3 });
    expect(json.model.vocab).toHaveLength(100);
    expect(json.added_tokens.map((token) => token.id)).toEqual([0, 1, 2, 3, 99]);
    expect(json.post_processor.single.map((item) => item.SpecialToken?.id ?? item.Sequence?.id)).toEqual([
      '<s>',
      'A',
      '</s>',
    ]);
  });
});
