import { GERMAN_SAMPLE_SENTENCES, GERMAN_SYLLABLES } from './germanSample';

/**
 * A synthetic SentencePiece-style Unigram tokenizer in the Hugging Face `tokenizer.json` format,
 * shaped like XLM-RoBERTa's (the tokenizer of multilingual-e5): `<s>`, `<pad>`, `</s>`, `<unk>`
 * first, `<mask>` last, `▁` marking word starts. Pieces come from character n-grams of German
 * text, then German syllable combinations until the vocabulary has exactly the requested size.
 */

export const SPECIAL_TOKENS = {
  bos: '<s>',
  pad: '<pad>',
  eos: '</s>',
  unk: '<unk>',
  mask: '<mask>',
} as const;
const WORD_START = '\u2581';
const BASE_CHARACTERS =
  'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZäöüÄÖÜß0123456789.,;:!?-–—„“”"\'()[]/%&§€$+*=…éèàç';

/**
 * Longest n-gram pieces taken from the corpus. Kept short so that, as with XLM-R's vocabulary on
 * German, most words split into two or three pieces (≈ 4–5 characters per token) instead of the
 * sample's own words becoming single tokens.
 */
const MAX_PREFIX_PIECE = 6;
const MAX_INNER_PIECE = 5;

/** A vocabulary entry: piece and log-probability score, as in `tokenizer.json`. */
export type UnigramPiece = [string, number];

function countNgrams(corpus: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (piece: string): void => {
    counts.set(piece, (counts.get(piece) ?? 0) + 1);
  };
  for (const sentence of corpus) {
    for (const word of sentence.split(/\s+/)) {
      // Punctuation gets its own pieces; n-grams come from letter runs.
      for (const [runIndex, run] of (word.match(/[\p{L}\p{N}]+/gu) ?? []).entries()) {
        for (const form of new Set([run, run.toLowerCase()])) {
          if (runIndex === 0) {
            for (let length = 1; length <= Math.min(form.length, MAX_PREFIX_PIECE); length++)
              add(WORD_START + form.slice(0, length));
          }
          for (let start = 0; start < form.length; start++) {
            for (let length = 2; length <= MAX_INNER_PIECE && start + length <= form.length; length++) {
              add(form.slice(start, start + length));
            }
          }
        }
      }
    }
  }
  return counts;
}

function* syllableCombinations(): Generator<string> {
  const syllables = GERMAN_SYLLABLES;
  for (const a of syllables) yield a;
  for (const a of syllables) for (const b of syllables) yield a + b;
  for (const a of syllables) for (const b of syllables) for (const c of syllables) yield a + b + c;
  for (const a of syllables)
    for (const b of syllables) for (const c of syllables) for (const d of syllables) yield a + b + c + d;
}

/**
 * Builds a Unigram vocabulary with exactly `vocabSize` pieces (at least 6). Deterministic.
 *
 * @param corpus sentences whose n-grams become the most likely pieces (default: the German sample).
 */
export function buildUnigramVocab(
  vocabSize: number,
  corpus: readonly string[] = GERMAN_SAMPLE_SENTENCES,
): UnigramPiece[] {
  if (!Number.isInteger(vocabSize) || vocabSize < 6) throw new Error('vocabSize must be an integer ≥ 6');
  const pieces: UnigramPiece[] = [
    [SPECIAL_TOKENS.bos, 0],
    [SPECIAL_TOKENS.pad, 0],
    [SPECIAL_TOKENS.eos, 0],
    [SPECIAL_TOKENS.unk, 0],
  ];
  const seen = new Set<string>(Object.values(SPECIAL_TOKENS));
  const limit = vocabSize - 1; // the last id is <mask>
  const push = (piece: string, score: number): void => {
    if (pieces.length >= limit || seen.has(piece)) return;
    seen.add(piece);
    pieces.push([piece, score]);
  };

  const counts = countNgrams(corpus);
  const total = [...counts.values()].reduce((sum, count) => sum + count, 0) || 1;
  push(WORD_START, -3);
  const characters = new Set([...BASE_CHARACTERS, ...corpus.join('').replace(/\s/g, '')]);
  for (const character of characters) {
    push(WORD_START + character, -11);
    push(character, -12);
  }
  const ranked = [...counts.entries()]
    .filter(([piece]) => [...piece.replace(WORD_START, '')].length > 1)
    .sort((a, b) => b[1] - a[1] || b[0].length - a[0].length || (a[0] < b[0] ? -1 : 1));
  for (const [piece, count] of ranked) push(piece, Math.log(count / total));
  let rank = 0;
  for (const syllables of syllableCombinations()) {
    if (pieces.length >= limit) break;
    const score = -13 - Math.log1p(rank++) / 4;
    push(WORD_START + syllables, score);
    push(syllables, score - 0.5);
    const capitalised = syllables.charAt(0).toUpperCase() + syllables.slice(1);
    push(WORD_START + capitalised, score - 0.25);
  }
  pieces.push([SPECIAL_TOKENS.mask, 0]);
  return pieces;
}

/** The `tokenizer.json` content for a vocabulary (XLM-R layout, loadable by transformers.js v2). */
export function tokenizerJson(vocab: readonly UnigramPiece[]): object {
  const special = (content: string, id: number): object => ({
    id,
    content,
    single_word: false,
    lstrip: content === SPECIAL_TOKENS.mask,
    rstrip: false,
    normalized: false,
    special: true,
  });
  const maskId = vocab.length - 1;
  const token = (id: string) => ({ SpecialToken: { id, type_id: 0 } });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [
      special(SPECIAL_TOKENS.bos, 0),
      special(SPECIAL_TOKENS.pad, 1),
      special(SPECIAL_TOKENS.eos, 2),
      special(SPECIAL_TOKENS.unk, 3),
      special(SPECIAL_TOKENS.mask, maskId),
    ],
    normalizer: { type: 'NFKC' },
    pre_tokenizer: {
      type: 'Sequence',
      pretokenizers: [
        { type: 'WhitespaceSplit' },
        { type: 'Metaspace', replacement: WORD_START, add_prefix_space: true, prepend_scheme: 'always' },
      ],
    },
    post_processor: {
      type: 'TemplateProcessing',
      single: [token(SPECIAL_TOKENS.bos), { Sequence: { id: 'A', type_id: 0 } }, token(SPECIAL_TOKENS.eos)],
      pair: [
        token(SPECIAL_TOKENS.bos),
        { Sequence: { id: 'A', type_id: 0 } },
        token(SPECIAL_TOKENS.eos),
        token(SPECIAL_TOKENS.eos),
        { Sequence: { id: 'B', type_id: 0 } },
        token(SPECIAL_TOKENS.eos),
      ],
      special_tokens: {
        [SPECIAL_TOKENS.bos]: { id: SPECIAL_TOKENS.bos, ids: [0], tokens: [SPECIAL_TOKENS.bos] },
        [SPECIAL_TOKENS.eos]: { id: SPECIAL_TOKENS.eos, ids: [2], tokens: [SPECIAL_TOKENS.eos] },
      },
    },
    decoder: { type: 'Metaspace', replacement: WORD_START, add_prefix_space: true, prepend_scheme: 'always' },
    model: { type: 'Unigram', unk_id: 3, vocab },
  };
}

/** The `tokenizer_config.json` content; `model_max_length` is what truncation uses. */
export function tokenizerConfigJson(modelMaxLength: number): object {
  return {
    tokenizer_class: 'XLMRobertaTokenizer',
    model_max_length: modelMaxLength,
    bos_token: SPECIAL_TOKENS.bos,
    eos_token: SPECIAL_TOKENS.eos,
    unk_token: SPECIAL_TOKENS.unk,
    pad_token: SPECIAL_TOKENS.pad,
    cls_token: SPECIAL_TOKENS.bos,
    sep_token: SPECIAL_TOKENS.eos,
    mask_token: SPECIAL_TOKENS.mask,
    clean_up_tokenization_spaces: true,
  };
}
