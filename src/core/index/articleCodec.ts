import type { Article, Block, BlockKind } from '../types';
import { parseFileStamp } from '../fileStamp';

/**
 * An article as `articles.json` stores it: everything but the text, which lies in `texts.bin`,
 * and with its blocks as one flat list of numbers (schema 6 and later; schema 5 stored `blocks`
 * objects). Since schema 7 the file holds one record per line under a header line (see
 * {@link encodeArticles}); before, one JSON array.
 */
type StoredArticle = Omit<Article, 'text' | 'blocks'> & {
  /** Byte range of the text (UTF-8) in `texts.bin`, or in `texts.delta.bin` when `textFile` is 1. */
  textBytes: [start: number, end: number];
  /** Which texts file holds the text: 1 for `texts.delta.bin`; absent for `texts.bin`. */
  textFile?: 1;
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
  /**
   * Articles by id; each one's record (since schema 7) and `text` are decoded when first read,
   * and one that disagrees with the header or with `texts.bin` throws then (`get`, iteration).
   */
  articles: ReadonlyMap<string, Article>;
  /** Length of an article's text, known without decoding its record or text (undefined: none such). */
  textLengthOf: (articleId: string) => number | undefined;
  /** An article's content hash, known without decoding its record (undefined: no such article). */
  contentHashOf: (articleId: string) => string | undefined;
}

/** The first line of a schema 7 `articles.json`: what opening an index needs of every article. */
interface ArticlesHeader {
  /** Each record's article id, in the order of the lines below. */
  ids: string[];
  /** Each article's content hash, checked against the manifest when the index is opened. */
  contentHashes: string[];
  /** Each article's text length in UTF-16 code units. */
  textLengths: number[];
}

/**
 * Splits articles into `articles.json` (metadata and blocks) and `texts.bin` (every text,
 * UTF-8, one after another), so that opening an index need not decode every article's text:
 * most of a large collection's bytes, and most of what start-up spent parsing. `articles.json`
 * holds a header line ({@link ArticlesHeader}: ids, content hashes, text lengths) and then one
 * record per line (JSON never puts a raw line break inside a value), so that opening an index
 * parses only the header and a record is parsed when its article is first asked for.
 */
export function encodeArticles(
  articles: readonly Article[],
  options: EncodeOptions = {},
): { records: string; texts: Buffer; linked: boolean } {
  // An article read from a generation whose text or blocks nobody has read yet is written from
  // its stored bytes and numbers: an update then decodes only the articles it touches. (The
  // bytes were checked against the text's recorded length in UTF-8 bounds when read; the exact
  // length is checked whenever the text is decoded, in this generation or the next.)
  const texts = articles.map((article) => textOf(article));
  const base =
    options.base && keepsBase(texts, options.base, options.maxDeltaShare ?? DEFAULT_MAX_TEXT_DELTA_SHARE)
      ? options.base
      : undefined;
  const parts: Buffer[] = [];
  const header: ArticlesHeader = { ids: [], contentHashes: [], textLengths: [] };
  const lines: string[] = [];
  let at = 0;
  articles.forEach((article, i) => {
    const { stored, bytes, textLength } = texts[i]!;
    // Stored block numbers are checked as reading them would (a malformed list throws there).
    const storedBlocks = probe(article, 'blocks') as StoredBlocks | undefined;
    const blockData =
      storedBlocks && validBlockData(storedBlocks.blockData, storedBlocks.textLength)
        ? storedBlocks.blockData
        : encodeBlocks(article.blocks);
    const fields: Record<string, unknown> = {};
    for (const key of Object.keys(article))
      if (key !== 'text' && key !== 'blocks') fields[key] = article[key as keyof Article];
    // Beside a kept file: a text in it stays where it is, an empty one takes an empty range of it
    // (the delta, which holds only bytes, may then not be written at all), the rest go to the delta.
    let place: Pick<StoredArticle, 'textBytes' | 'textFile'>;
    if (base && stored?.texts === base) place = { textBytes: [stored.start, stored.end] };
    else if (base && bytes.length === 0) place = { textBytes: [0, 0] };
    else {
      place = { textBytes: [at, at + bytes.length], ...(base ? { textFile: 1 as const } : {}) };
      parts.push(bytes);
      at += bytes.length;
    }
    header.ids.push(article.id);
    header.contentHashes.push(article.contentHash);
    header.textLengths.push(textLength);
    lines.push(JSON.stringify({ ...fields, blockData, ...place, textLength }));
  });
  return {
    records: [JSON.stringify(header), ...lines].join('\n'),
    texts: Buffer.concat(parts, at),
    linked: base !== undefined,
  };
}

/** An article's text as {@link encodeArticles} writes it: where it is stored, else its UTF-8 bytes. */
interface TextToWrite {
  stored: StoredText | undefined;
  bytes: Buffer;
  textLength: number;
}

function textOf(article: Article): TextToWrite {
  const stored = probe(article, 'text') as StoredText | undefined;
  return stored
    ? { stored, bytes: stored.texts.subarray(stored.start, stored.end), textLength: stored.textLength }
    : { stored, bytes: Buffer.from(article.text, 'utf8'), textLength: article.text.length };
}

/** Options of {@link encodeArticles}. */
export interface EncodeOptions {
  /**
   * The `texts.bin` of the generation the articles were read from. When the texts not in it, and
   * the texts in it no article uses any more, come to at most `maxDeltaShare` of its size, the
   * new generation keeps it (linked) and `texts` holds only the other texts (its `texts.delta.bin`).
   */
  base?: Buffer;
  /** Default {@link DEFAULT_MAX_TEXT_DELTA_SHARE}. */
  maxDeltaShare?: number;
}

/**
 * How much of a kept `texts.bin` may be texts written beside it or texts nothing uses any more
 * before an update writes every text into one file again.
 */
export const DEFAULT_MAX_TEXT_DELTA_SHARE = 0.1;

/** Whether a generation of these texts can keep `base` as its `texts.bin` (see {@link EncodeOptions}). */
function keepsBase(texts: readonly TextToWrite[], base: Buffer, maxShare: number): boolean {
  let kept = 0;
  let other = 0;
  for (const { stored, bytes } of texts) {
    if (stored?.texts === base) kept += bytes.length;
    else other += bytes.length;
  }
  return other + (base.length - kept) <= maxShare * base.length;
}

/**
 * The length of an article's text without decoding it: its recorded length while the text is
 * still the getter {@link decodeArticles} defined, else the text's length.
 */
export function storedTextLength(article: Article): number {
  const stored = probe(article, 'text') as StoredText | undefined;
  return stored ? stored.textLength : article.text.length;
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
 * bytes stay while any getter of the generation is unread, or while its map of articles is held.)
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
 * Reads {@link encodeArticles} output (schema 7's lines, and schema 6's and 5's arrays, with block
 * numbers or objects). Every record is checked (id, byte range inside `texts`, a block list, and
 * against the header's id, content hash and length): a schema 7 record when its article is first
 * asked for, an older one at once. A text and its blocks are decoded on first use (a large
 * collection's start-up would otherwise spend most of its parse on articles no question reads);
 * a record, text or block list that disagrees with the rest throws then, as the files would
 * disagree although their checksums matched.
 * @throws on a malformed header (or one listing an article twice, or other than one id per
 *   record line) or array, or (for arrays) a malformed record
 */
export function decodeArticles(records: string | Buffer, texts: Buffer | TextFiles): DecodedArticles {
  const files: TextFiles = Buffer.isBuffer(texts) ? [texts] : texts;
  const bytes = typeof records === 'string' ? Buffer.from(records, 'utf8') : records;
  if (bytes[0] !== OPEN_BRACE) return decodeArticleArray(bytes.toString('utf8'), files);
  const articles = new LazyArticles(bytes, files);
  return {
    articles,
    textLengthOf: (articleId) => articles.textLengthOf(articleId),
    contentHashOf: (articleId) => articles.contentHashOf(articleId),
  };
}

/** A generation's texts files: `texts.bin`, then `texts.delta.bin` when it has one. */
export type TextFiles = readonly [Buffer] | readonly [Buffer, Buffer];

const OPEN_BRACE = 0x7b;
const LINE_FEED = 0x0a;

/** Schema 6's and 5's `articles.json`: one array, every record checked and defined at once. */
function decodeArticleArray(records: string, texts: TextFiles): DecodedArticles {
  const list = JSON.parse(records) as unknown;
  if (!Array.isArray(list)) throw new Error('articles.json is not an array');
  const articles = new Map<string, Article>();
  const lengths = new Map<string, number>();
  for (const item of list as unknown[]) {
    const { article, textLength } = articleOf(item, texts);
    articles.set(article.id, article);
    lengths.set(article.id, textLength);
  }
  return {
    articles,
    textLengthOf: (articleId) => lengths.get(articleId),
    contentHashOf: (articleId) => articles.get(articleId)?.contentHash,
  };
}

/**
 * Schema 7's `articles.json` as a map: ids, content hashes and text lengths from its header line
 * at once, each record parsed from its line when its article is first asked for (and then kept).
 */
class LazyArticles implements ReadonlyMap<string, Article> {
  private readonly ids: readonly string[];
  private readonly hashes: readonly string[];
  private readonly lengths: readonly number[];
  private readonly rowById = new Map<string, number>();
  /** Where each record's line starts; the line ends where the next starts, less its line break. */
  private readonly lineStarts: Float64Array;
  private readonly built: Array<Article | undefined>;
  /** Records not parsed yet; once none is left, the file's bytes are let go. */
  private unbuilt: number;

  constructor(
    private bytes: Buffer,
    private readonly texts: TextFiles,
  ) {
    const headerEnd = bytes.indexOf(LINE_FEED);
    const header = JSON.parse(
      bytes.toString('utf8', 0, headerEnd < 0 ? bytes.length : headerEnd),
    ) as Partial<ArticlesHeader> | null;
    const { ids, contentHashes, textLengths } = header ?? {};
    if (
      !Array.isArray(ids) ||
      !Array.isArray(contentHashes) ||
      !Array.isArray(textLengths) ||
      ids.length !== textLengths.length ||
      ids.length !== contentHashes.length ||
      !ids.every((id) => typeof id === 'string') ||
      !contentHashes.every((hash) => typeof hash === 'string') ||
      !textLengths.every((length) => Number.isSafeInteger(length) && length >= 0)
    ) {
      throw new Error('the header of articles.json is malformed');
    }
    this.ids = ids;
    this.hashes = contentHashes;
    this.lengths = textLengths;
    ids.forEach((id, row) => this.rowById.set(id, row));
    if (this.rowById.size !== ids.length) throw new Error('articles.json lists an article twice');
    this.lineStarts = new Float64Array(ids.length + 1);
    let at = headerEnd;
    for (let row = 0; row < ids.length; row += 1) {
      if (at < 0) throw new Error('articles.json has fewer records than its header lists');
      this.lineStarts[row] = at + 1;
      at = bytes.indexOf(LINE_FEED, at + 1);
    }
    if (at >= 0) throw new Error('articles.json has more records than its header lists');
    this.lineStarts[ids.length] = bytes.length + 1;
    this.built = new Array<Article | undefined>(ids.length);
    this.unbuilt = ids.length;
  }

  get size(): number {
    return this.ids.length;
  }

  has(id: string): boolean {
    return this.rowById.has(id);
  }

  get(id: string): Article | undefined {
    const row = this.rowById.get(id);
    return row === undefined ? undefined : this.at(row);
  }

  /** The text length the header lists for an article, without parsing its record. */
  textLengthOf(id: string): number | undefined {
    const row = this.rowById.get(id);
    return row === undefined ? undefined : this.lengths[row];
  }

  /** The content hash the header lists for an article, without parsing its record. */
  contentHashOf(id: string): string | undefined {
    const row = this.rowById.get(id);
    return row === undefined ? undefined : this.hashes[row];
  }

  keys(): MapIterator<string> {
    return this.ids.values();
  }

  *values(): MapIterator<Article> {
    for (let row = 0; row < this.ids.length; row += 1) yield this.at(row);
  }

  *entries(): MapIterator<[string, Article]> {
    for (let row = 0; row < this.ids.length; row += 1) yield [this.ids[row]!, this.at(row)];
  }

  [Symbol.iterator](): MapIterator<[string, Article]> {
    return this.entries();
  }

  forEach(
    callback: (value: Article, key: string, map: ReadonlyMap<string, Article>) => void,
    thisArg?: unknown,
  ): void {
    for (let row = 0; row < this.ids.length; row += 1)
      callback.call(thisArg, this.at(row), this.ids[row]!, this);
  }

  private at(row: number): Article {
    const known = this.built[row];
    if (known) return known;
    const id = this.ids[row]!;
    const line = this.bytes.toString('utf8', this.lineStarts[row], this.lineStarts[row + 1]! - 1);
    let item: unknown;
    try {
      item = JSON.parse(line);
    } catch {
      throw new Error(`the record of ${id} is malformed`);
    }
    const { article, textLength } = articleOf(item, this.texts);
    if (article.id !== id || article.contentHash !== this.hashes[row] || textLength !== this.lengths[row]) {
      throw new Error(`the record of ${id} disagrees with the header of articles.json`);
    }
    this.built[row] = article;
    this.unbuilt -= 1;
    if (this.unbuilt === 0) this.bytes = Buffer.alloc(0);
    return article;
  }
}

/**
 * An article from its stored record, checked (id and content hash present, byte range inside
 * `texts`, a block list); its text and blocks are decoded on first use.
 * @throws on a malformed record
 */
function articleOf(record: unknown, files: TextFiles): { article: Article; textLength: number } {
  const item = record as Partial<StoredArticle> | null;
  const range = item?.textBytes;
  const length = item?.textLength;
  const fileNumber = item?.textFile ?? 0;
  const texts = fileNumber === 0 || fileNumber === 1 ? files[fileNumber] : undefined;
  if (
    texts === undefined ||
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
  const {
    textBytes: _bytes,
    textLength: _length,
    textFile: _file,
    file,
    blockData,
    ...fields
  } = item as StoredArticle;
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
  return { article, textLength: length as number };
}

/** Reads an `articles.json` of schema 4 and before, which held every text inline. */
export function decodeInlineArticles(records: string): DecodedArticles {
  const list = JSON.parse(records) as Article[];
  if (!Array.isArray(list)) throw new Error('articles.json is not an array');
  const articles = new Map<string, Article>();
  for (const article of list) {
    if (typeof article?.id !== 'string' || typeof article.text !== 'string')
      throw new Error('bad article record');
    articles.set(article.id, article);
  }
  return {
    articles,
    textLengthOf: (articleId) => articles.get(articleId)?.text.length,
    contentHashOf: (articleId) => articles.get(articleId)?.contentHash,
  };
}
