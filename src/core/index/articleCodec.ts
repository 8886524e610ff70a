import type { Article, Block, BlockKind } from '../types';
import { parseFileStamp } from '../fileStamp';

/**
 * An article as `articles.json` stores it: everything but the text, which lies in `texts.bin`,
 * and with its blocks as one flat list of numbers (schema 6; schema 5 stored `blocks` objects).
 */
type StoredArticle = Omit<Article, 'text' | 'blocks'> & {
  /** Byte range of the text (UTF-8) in `texts.bin`. */
  textBytes: [start: number, end: number];
  /** Length of the text in UTF-16 code units, as JavaScript counts it (passage offsets do too). */
  textLength: number;
  /** Each block as four numbers: kind (index into {@link BLOCK_KINDS}), start, end, paragraph. */
  blockData?: number[];
  /** Schema 5: the blocks as objects. */
  blocks?: Block[];
};

/** Each block kind's number in `blockData`: every kind needs one, and a number never changes meaning. */
const BLOCK_KIND_NUMBERS: Readonly<Record<BlockKind, number>> = { heading: 0, paragraph: 1, caption: 2 };

/** Block kinds by their number. */
const BLOCK_KINDS: readonly BlockKind[] = (Object.keys(BLOCK_KIND_NUMBERS) as BlockKind[]).sort(
  (a, b) => BLOCK_KIND_NUMBERS[a] - BLOCK_KIND_NUMBERS[b],
);

function encodeBlocks(blocks: readonly Block[]): number[] {
  const data: number[] = [];
  for (const block of blocks) {
    data.push(BLOCK_KIND_NUMBERS[block.kind], block.start, block.end, block.paragraph);
  }
  return data;
}

/** Whether `blockData` is a list of well-formed blocks inside a text of this length. */
function validBlockData(data: readonly unknown[], textLength: number): data is number[] {
  if (data.length % 4 !== 0) return false;
  for (let i = 0; i < data.length; i += 4) {
    const [kind, start, end, paragraph] = [data[i], data[i + 1], data[i + 2], data[i + 3]];
    if (
      typeof kind !== 'number' ||
      BLOCK_KINDS[kind] === undefined ||
      !Number.isSafeInteger(start) ||
      !Number.isSafeInteger(end) ||
      !Number.isSafeInteger(paragraph) ||
      (start as number) < 0 ||
      (start as number) > (end as number) ||
      (end as number) > textLength
    ) {
      return false;
    }
  }
  return true;
}

/** The blocks of `blockData`, or undefined when it is malformed. */
function decodeBlocks(data: readonly unknown[], textLength: number): Block[] | undefined {
  if (!validBlockData(data, textLength)) return undefined;
  const blocks: Block[] = [];
  for (let i = 0; i < data.length; i += 4) {
    blocks.push({
      kind: BLOCK_KINDS[data[i]!]!,
      start: data[i + 1]!,
      end: data[i + 2]!,
      paragraph: data[i + 3]!,
    });
  }
  return blocks;
}

/** What {@link decodeArticles} returns. */
export interface DecodedArticles {
  /** Articles by id; each one's `text` is decoded when first read. */
  articles: Map<string, Article>;
  /** Length of an article's text, known without decoding it. */
  textLength: (article: Article) => number;
}

/**
 * Splits articles into `articles.json` (metadata and blocks) and `texts.bin` (every text,
 * UTF-8, one after another), so that opening an index need not decode every article's text:
 * most of a large collection's bytes, and most of what start-up spent parsing.
 */
export function encodeArticles(articles: readonly Article[]): { records: string; texts: Buffer } {
  const parts: Buffer[] = [];
  let at = 0;
  const records = articles.map((article): StoredArticle => {
    // An article read from a generation whose text or blocks nobody has read yet is written from
    // its stored bytes and numbers: an update then decodes only the articles it touches. (The
    // bytes were checked against the text's recorded length in UTF-8 bounds when read; the exact
    // length is checked whenever the text is decoded, in this generation or the next.)
    const storedText = probe(article, 'text') as StoredText | undefined;
    const bytes = storedText
      ? storedText.texts.subarray(storedText.start, storedText.end)
      : Buffer.from(article.text, 'utf8');
    // Stored block numbers are checked as reading them would (a malformed list throws there).
    const storedBlocks = probe(article, 'blocks') as StoredBlocks | undefined;
    const blockData =
      storedBlocks && validBlockData(storedBlocks.blockData, storedBlocks.textLength)
        ? storedBlocks.blockData
        : encodeBlocks(article.blocks);
    parts.push(bytes);
    const fields: Record<string, unknown> = {};
    for (const key of Object.keys(article))
      if (key !== 'text' && key !== 'blocks') fields[key] = article[key as keyof Article];
    const record = {
      ...fields,
      blockData,
      textBytes: [at, at + bytes.length],
      textLength: storedText ? storedText.textLength : article.text.length,
    } as StoredArticle;
    at += bytes.length;
    return record;
  });
  return { records: JSON.stringify(records), texts: Buffer.concat(parts, at) };
}

/** Where a decoding getter of {@link decodeArticles} reads an article's text from. */
interface StoredText {
  texts: Buffer;
  start: number;
  end: number;
  textLength: number;
}

/** Where a decoding getter of {@link decodeArticles} reads an article's blocks from. */
interface StoredBlocks {
  blockData: readonly unknown[];
  textLength: number;
}

/**
 * Called as `this` of a decoding getter, it makes the getter report where it reads from (into
 * {@link probed}) instead of decoding. Nothing is kept per article for this: once read, a getter
 * replaces itself with the value and the generation's bytes are no longer held for it. (The
 * getters share `decodeArticles`' closure, so the bytes stay while any getter of the generation is
 * unread, or while its `textLength` function is held.)
 */
const PROBE = Object.freeze({}) as Article;
let probed: StoredText | StoredBlocks | undefined;

/**
 * Where an article's text or blocks would be decoded from, while the property is still the
 * getter {@link decodeArticles} defined (never read, never set); otherwise undefined. A copy that
 * keeps the property definitions (a new file stamp) keeps the getter.
 */
function probe(article: Article, key: 'text' | 'blocks'): StoredText | StoredBlocks | undefined {
  const get = Object.getOwnPropertyDescriptor(article, key)?.get;
  if (!get) return undefined;
  probed = undefined;
  try {
    // A getter that is not one of ours (another copy of this module, or anything else) reports
    // nothing, or throws on the frozen probe: the article is then written from what it holds.
    get.call(PROBE);
  } catch {
    probed = undefined;
  }
  const found = probed;
  probed = undefined;
  return found;
}

/**
 * Reads {@link encodeArticles} output (and schema 5's, with block objects). Every record is
 * checked (id, hash, byte range inside `texts`, a block list); a text and its blocks are decoded
 * on first use (a large collection's start-up would otherwise spend most of its parse on blocks
 * of articles no question reads), and one whose length differs from the recorded one, or whose
 * blocks are malformed, throws then, as the files would disagree although their checksums matched.
 * @throws on a malformed record
 */
export function decodeArticles(records: string, texts: Buffer): DecodedArticles {
  const list = JSON.parse(records) as unknown;
  if (!Array.isArray(list)) throw new Error('articles.json is not an array');
  const articles = new Map<string, Article>();
  const lengths = new Map<string, number>();
  for (const item of list as Array<Partial<StoredArticle> | null>) {
    const range = item?.textBytes;
    const length = item?.textLength;
    if (
      typeof item?.id !== 'string' ||
      typeof item.contentHash !== 'string' ||
      !Array.isArray(range) ||
      !Number.isSafeInteger(range[0]) ||
      !Number.isSafeInteger(range[1]) ||
      range[0] < 0 ||
      range[0] > range[1] ||
      range[1] > texts.length ||
      !Number.isSafeInteger(length) ||
      (length as number) < 0 ||
      // Each UTF-16 code unit takes one to three bytes in UTF-8.
      range[1] - range[0] < (length as number) ||
      range[1] - range[0] > 3 * (length as number) ||
      !(Array.isArray(item.blockData) || Array.isArray(item.blocks))
    ) {
      throw new Error('bad article record');
    }
    const { textBytes: _bytes, textLength: _length, file, blockData, ...fields } = item as StoredArticle;
    const article = fields as unknown as Article;
    if (blockData) {
      Object.defineProperty(article, 'blocks', {
        enumerable: true,
        configurable: true,
        get(this: Article): Block[] {
          if (this === PROBE) {
            probed = { blockData, textLength: length as number };
            return [];
          }
          const blocks = decodeBlocks(blockData, length as number);
          if (!blocks) throw new Error(`the blocks of ${this.id} are malformed`);
          Object.defineProperty(this, 'blocks', { value: blocks, enumerable: true, writable: true });
          return blocks;
        },
      });
    }
    // A stamp that is not one (damaged, or of another kind) is dropped: the file is read then.
    const stamp = parseFileStamp(file);
    if (stamp) article.file = stamp;
    const [start, end] = range;
    Object.defineProperty(article, 'text', {
      enumerable: true,
      configurable: true,
      // On `this`: a copy made with the same property definitions keeps its text to itself.
      get(this: Article): string {
        if (this === PROBE) {
          probed = { texts, start, end, textLength: length as number };
          return '';
        }
        const text = texts.toString('utf8', start, end);
        if (text.length !== length) throw new Error(`the text of ${this.id} disagrees with its record`);
        Object.defineProperty(this, 'text', { value: text, enumerable: true, writable: true });
        return text;
      },
    });
    articles.set(article.id, article);
    lengths.set(article.id, length as number);
  }
  return {
    articles,
    textLength: (article) => lengths.get(article.id) ?? article.text.length,
  };
}

/** Reads an `articles.json` of schema 4 and before, which held every text inline. */
export function decodeInlineArticles(records: string): Map<string, Article> {
  const list = JSON.parse(records) as Article[];
  if (!Array.isArray(list)) throw new Error('articles.json is not an array');
  const articles = new Map<string, Article>();
  for (const article of list) {
    if (typeof article?.id !== 'string' || typeof article.text !== 'string')
      throw new Error('bad article record');
    articles.set(article.id, article);
  }
  return articles;
}
