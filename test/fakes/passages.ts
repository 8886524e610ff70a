import type { Passage } from '../../src/core/types';

/** A passage that is the whole text of a one-paragraph article (offsets 0 to `text.length`). */
export function wholeTextPassage(
  articleId: string,
  ordinal: number,
  text: string,
  section?: string,
): Passage {
  return {
    id: `${articleId}#${ordinal}`,
    articleId,
    ordinal,
    paragraphStart: 1,
    paragraphEnd: 1,
    start: 0,
    end: text.length,
    text,
    kind: 'text',
    ...(section !== undefined ? { section } : {}),
  };
}
