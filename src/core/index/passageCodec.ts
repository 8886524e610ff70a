import type { StoredPassage } from './loadedIndex';

/**
 * Column-wise encoding of the passage records (`passages.json`): one array per field, articles
 * and sections referenced by number. Parsing a few integer arrays is several times faster
 * than 100k small objects, and the file is a third of the size. Passage ids are not stored:
 * they are always `${articleId}#${ordinal}`.
 */
interface PassageColumns {
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

/** Serialises passage records to the JSON text of `passages.json`. */
export function encodePassages(passages: readonly StoredPassage[]): string {
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
  const columns: PassageColumns = {
    count: passages.length,
    articles: [],
    sections: [],
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
  const kinds: string[] = [];
  for (const passage of passages) {
    if (passage.id !== `${passage.articleId}#${passage.ordinal}`) {
      throw new Error(`passage id ${passage.id} is not "${passage.articleId}#${passage.ordinal}"`);
    }
    columns.label.push(passage.label);
    columns.article.push(intern(articleIndex, passage.articleId));
    columns.ordinal.push(passage.ordinal);
    columns.section.push(passage.section === undefined ? -1 : intern(sectionIndex, passage.section));
    columns.paragraphStart.push(passage.paragraphStart);
    columns.paragraphEnd.push(passage.paragraphEnd);
    columns.start.push(passage.start);
    columns.end.push(passage.end);
    kinds.push(passage.kind === 'caption' ? 'c' : 't');
  }
  columns.articles = [...articleIndex.keys()];
  columns.sections = [...sectionIndex.keys()];
  columns.kind = kinds.join('');
  return JSON.stringify(columns);
}

/** Parses `passages.json`; throws on any structural inconsistency. */
export function decodePassages(text: string): StoredPassage[] {
  const columns = JSON.parse(text) as PassageColumns;
  const count = columns.count;
  const numeric = [
    'label',
    'article',
    'ordinal',
    'section',
    'paragraphStart',
    'paragraphEnd',
    'start',
    'end',
  ] as const;
  if (!Number.isInteger(count) || typeof columns.kind !== 'string' || columns.kind.length !== count) {
    throw new Error('passage columns are malformed');
  }
  for (const name of numeric) {
    if (!Array.isArray(columns[name]) || columns[name].length !== count)
      throw new Error(`passage column ${name} is malformed`);
  }
  const passages: StoredPassage[] = new Array(count);
  for (let i = 0; i < count; i += 1) {
    const articleId = columns.articles[columns.article[i]!];
    const sectionRef = columns.section[i]!;
    const section = sectionRef < 0 ? undefined : columns.sections[sectionRef];
    if (articleId === undefined || (sectionRef >= 0 && section === undefined)) {
      throw new Error(`passage ${i} refers to a missing article or section`);
    }
    const ordinal = columns.ordinal[i]!;
    passages[i] = {
      id: `${articleId}#${ordinal}`,
      articleId,
      ordinal,
      ...(section === undefined ? {} : { section }),
      paragraphStart: columns.paragraphStart[i]!,
      paragraphEnd: columns.paragraphEnd[i]!,
      start: columns.start[i]!,
      end: columns.end[i]!,
      kind: columns.kind[i] === 'c' ? 'caption' : 'text',
      label: columns.label[i]!,
    };
  }
  return passages;
}
