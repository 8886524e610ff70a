import type { StoredPassage } from './loadedIndex';

/**
 * Column-wise encoding of the passage records (`passages.bin`; `passages.json` until schema 5):
 * one array per field, articles and sections referenced by number. Integer columns load several
 * times faster than 100k small objects, and the file is a third of the size. Passage ids are not
 * stored: they are always `${articleId}#${ordinal}`.
 */
interface EncodedColumns {
  count: number;
  /** Article ids, referenced by `article`. */
  articles: string[];
  /** Section titles, referenced by `section` (-1: none). */
  sections: string[];
  label: number[];
  article: number[];
  ordinal: number[];
  section: number[];
  paragraphStart: number[];
  paragraphEnd: number[];
  start: number[];
  end: number[];
  /** One character per passage: `t` text, `c` caption. */
  kind: string;
}

const NUMERIC_COLUMNS = [
  'label',
  'article',
  'ordinal',
  'section',
  'paragraphStart',
  'paragraphEnd',
  'start',
  'end',
] as const;

type NumericColumn = (typeof NUMERIC_COLUMNS)[number];

/**
 * Passage records held column-wise in typed arrays, one row per passage: what an opened index
 * keeps instead of one object per passage (at 100k passages, 100k fewer objects to create and
 * collect). Every value is an integer checked on decoding; `article` and `section` index
 * `articleIds` and `sections` (section -1: none); `caption` is 1 for a caption, 0 for text.
 */
export interface PassageColumns extends Readonly<Record<NumericColumn, Int32Array>> {
  readonly count: number;
  readonly articleIds: readonly string[];
  readonly sections: readonly string[];
  readonly caption: Uint8Array;
}

/** What the first line of `passages.bin` records; the columns follow it. */
interface BinaryHeader {
  count: number;
  articles: string[];
  sections: string[];
}

/** Byte order of typed arrays on this machine (`passages.bin` is little-endian). */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Serialises passage records to `passages.bin` (schema 6): a JSON line with the passage count,
 * the article ids and the section titles, padded with spaces so the columns after it start at a
 * multiple of 4 bytes; then each of {@link NUMERIC_COLUMNS} as `count` 32-bit little-endian
 * integers, then one byte per passage (1: caption). Opening copies the columns into typed arrays
 * instead of parsing a million numbers from text.
 */
export function encodePassagesBinary(passages: readonly StoredPassage[]): Buffer {
  const columns = passageColumnsOf(passages);
  const header: BinaryHeader = {
    count: columns.count,
    articles: [...columns.articleIds],
    sections: [...columns.sections],
  };
  const json = JSON.stringify(header);
  const padding = (4 - ((Buffer.byteLength(json) + 1) % 4)) % 4;
  const parts: Buffer[] = [Buffer.from(`${json}${' '.repeat(padding)}\n`, 'utf8')];
  for (const name of NUMERIC_COLUMNS) {
    const column = columns[name];
    parts.push(
      LITTLE_ENDIAN
        ? Buffer.from(column.buffer, column.byteOffset, column.byteLength)
        : Buffer.from(column.slice().buffer).swap32(),
    );
  }
  parts.push(Buffer.from(columns.caption.buffer, columns.caption.byteOffset, columns.caption.byteLength));
  return Buffer.concat(parts);
}

/**
 * Reads {@link encodePassagesBinary} output into columns.
 * @throws Error on any structural inconsistency, as {@link decodePassageColumns}, and on a file
 *   whose length is not what its header's count makes it
 */
export function decodePassagesBinary(data: Uint8Array): PassageColumns {
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const newline = bytes.indexOf(0x0a);
  if (newline < 0 || (newline + 1) % 4 !== 0) throw new Error('passage columns are malformed');
  let header: Partial<BinaryHeader> | null;
  try {
    header = JSON.parse(bytes.toString('utf8', 0, newline)) as Partial<BinaryHeader> | null;
  } catch {
    throw new Error('passage columns are malformed');
  }
  const count = header?.count;
  if (
    !Number.isSafeInteger(count) ||
    (count as number) < 0 ||
    !isStringArray(header?.articles) ||
    !isStringArray(header.sections) ||
    bytes.length !== newline + 1 + (count as number) * (4 * NUMERIC_COLUMNS.length + 1)
  ) {
    throw new Error('passage columns are malformed');
  }
  const rows = count as number;
  let at = newline + 1;
  const typed = {} as Record<NumericColumn, Int32Array>;
  for (const name of NUMERIC_COLUMNS) {
    // A copy, aligned and independent of the file's buffer, which can then be collected.
    const column = new Int32Array(rows);
    const view = new Uint8Array(column.buffer);
    view.set(bytes.subarray(at, at + 4 * rows));
    if (!LITTLE_ENDIAN) Buffer.from(column.buffer).swap32();
    typed[name] = column;
    at += 4 * rows;
  }
  const caption = Uint8Array.from(bytes.subarray(at, at + rows));
  for (let row = 0; row < rows; row += 1) {
    if (caption[row]! > 1) throw new Error(`passage ${row} has an unknown kind`);
  }
  checkReferences(typed, rows, header.articles.length, header.sections.length);
  return { count: rows, articleIds: header.articles, sections: header.sections, caption, ...typed };
}

/** Throws when a row refers to an article or a section the lists do not have. */
function checkReferences(
  typed: Record<NumericColumn, Int32Array>,
  rows: number,
  articleCount: number,
  sectionCount: number,
): void {
  for (let row = 0; row < rows; row += 1) {
    const article = typed.article[row]!;
    const section = typed.section[row]!;
    if (article < 0 || article >= articleCount || section < -1 || section >= sectionCount) {
      throw new Error(`passage ${row} refers to a missing article or section`);
    }
  }
}

/** Serialises passage records to the JSON text of `passages.json`, as schema 5 and before stored them. */
export function encodePassages(passages: readonly StoredPassage[]): string {
  const columns = passageColumnsOf(passages);
  const encoded: EncodedColumns = {
    count: columns.count,
    articles: [...columns.articleIds],
    sections: [...columns.sections],
    label: [],
    article: [],
    ordinal: [],
    section: [],
    paragraphStart: [],
    paragraphEnd: [],
    start: [],
    end: [],
    kind: '',
  };
  for (const name of NUMERIC_COLUMNS) encoded[name] = Array.from(columns[name]);
  encoded.kind = Array.from(columns.caption, (caption) => (caption ? 'c' : 't')).join('');
  return JSON.stringify(encoded);
}

/**
 * Passage records as columns, article ids and section titles stored once each.
 * @throws Error when an id is not `${articleId}#${ordinal}` or a number is not a 32-bit integer
 */
export function passageColumnsOf(passages: readonly StoredPassage[]): PassageColumns {
  const articleIndex = new Map<string, number>();
  const sectionIndex = new Map<string, number>();
  const intern = (map: Map<string, number>, value: string): number => {
    let index = map.get(value);
    if (index === undefined) {
      index = map.size;
      map.set(value, index);
    }
    return index;
  };
  const count = passages.length;
  const column = (): Int32Array => new Int32Array(count);
  const columns = {
    count,
    articleIds: [] as string[],
    sections: [] as string[],
    label: column(),
    article: column(),
    ordinal: column(),
    section: column(),
    paragraphStart: column(),
    paragraphEnd: column(),
    start: column(),
    end: column(),
    caption: new Uint8Array(count),
  };
  const set = (name: NumericColumn, row: number, value: number): void => {
    if (!isInt32(value)) throw new Error(`passage ${passages[row]!.id}: ${name} ${value} is not an integer`);
    columns[name][row] = value;
  };
  passages.forEach((passage, row) => {
    if (passage.id !== `${passage.articleId}#${passage.ordinal}`) {
      throw new Error(`passage id ${passage.id} is not "${passage.articleId}#${passage.ordinal}"`);
    }
    set('label', row, passage.label);
    set('article', row, intern(articleIndex, passage.articleId));
    set('ordinal', row, passage.ordinal);
    set('section', row, passage.section === undefined ? -1 : intern(sectionIndex, passage.section));
    set('paragraphStart', row, passage.paragraphStart);
    set('paragraphEnd', row, passage.paragraphEnd);
    set('start', row, passage.start);
    set('end', row, passage.end);
    columns.caption[row] = passage.kind === 'caption' ? 1 : 0;
  });
  columns.articleIds = [...articleIndex.keys()];
  columns.sections = [...sectionIndex.keys()];
  return columns;
}

/**
 * Parses `passages.json` (schema 5 and before) into columns without creating an object per passage.
 * @throws Error on any structural inconsistency: columns of unequal length, a value that is not
 *   a 32-bit integer, a reference to a missing article or section
 */
export function decodePassageColumns(text: string): PassageColumns {
  const encoded = JSON.parse(text) as Partial<EncodedColumns> | null;
  const count = encoded?.count;
  if (
    !Number.isInteger(count) ||
    typeof encoded?.kind !== 'string' ||
    encoded.kind.length !== count ||
    !isStringArray(encoded.articles) ||
    !isStringArray(encoded.sections)
  ) {
    throw new Error('passage columns are malformed');
  }
  const typed = {} as Record<NumericColumn, Int32Array>;
  for (const name of NUMERIC_COLUMNS) {
    const values = encoded[name];
    if (!Array.isArray(values) || values.length !== count)
      throw new Error(`passage column ${name} is malformed`);
    const column = new Int32Array(count as number);
    for (let row = 0; row < values.length; row += 1) {
      const value: unknown = values[row];
      if (!isInt32(value)) throw new Error(`passage column ${name} holds ${String(value)}, not an integer`);
      column[row] = value;
    }
    typed[name] = column;
  }
  const caption = new Uint8Array(count as number);
  const kinds = encoded.kind;
  for (let row = 0; row < caption.length; row += 1) {
    const kind = kinds.charCodeAt(row);
    if (kind !== CAPTION && kind !== TEXT) throw new Error(`passage ${row} has an unknown kind`);
    caption[row] = kind === CAPTION ? 1 : 0;
  }
  checkReferences(typed, caption.length, encoded.articles.length, encoded.sections.length);
  return {
    count: count as number,
    articleIds: encoded.articles,
    sections: encoded.sections,
    caption,
    ...typed,
  };
}

/** Parses `passages.bin` (or schema 5's `passages.json` text) into passage records. @throws as the decoders */
export function decodePassages(data: Uint8Array | string): StoredPassage[] {
  const columns = typeof data === 'string' ? decodePassageColumns(data) : decodePassagesBinary(data);
  return Array.from({ length: columns.count }, (_, row) => passageRecordAt(columns, row));
}

/** The record of one row of `columns`, as a new object. */
export function passageRecordAt(columns: PassageColumns, row: number): StoredPassage {
  const articleId = columns.articleIds[columns.article[row]!]!;
  const ordinal = columns.ordinal[row]!;
  const section = columns.section[row]!;
  return {
    id: `${articleId}#${ordinal}`,
    articleId,
    ordinal,
    ...(section < 0 ? {} : { section: columns.sections[section]! }),
    paragraphStart: columns.paragraphStart[row]!,
    paragraphEnd: columns.paragraphEnd[row]!,
    start: columns.start[row]!,
    end: columns.end[row]!,
    kind: columns.caption[row] ? 'caption' : 'text',
    label: columns.label[row]!,
  };
}

const CAPTION = 'c'.charCodeAt(0);
const TEXT = 't'.charCodeAt(0);

function isInt32(value: unknown): value is number {
  return typeof value === 'number' && (value | 0) === value;
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}
