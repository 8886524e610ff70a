/**
 * Custom ids of the bot's buttons. Discord allows 100 characters; ids carry only a short
 * answer key or a page number, never user text.
 */
export const customIds = {
  sources: (answerId: string) => `q:src:${answerId}`,
  feedback: (answerId: string, vote: 'up' | 'down') => `q:fb:${answerId}:${vote}`,
  articlesPage: (page: number) => `q:art:${page}`,
  thread: (answerId: string) => `q:th:${answerId}`,
  /** The modal a 👎 opens, asking what was wrong. */
  dislikeModal: (answerId: string) => `q:why:${answerId}`,
};

/** The text input of the 👎 modal. */
export const DISLIKE_REASON_FIELD = 'reason';

/** A parsed custom id of one of the bot's buttons. */
export type ParsedCustomId =
  | { kind: 'sources'; answerId: string }
  | { kind: 'feedback'; answerId: string; vote: 'up' | 'down' }
  | { kind: 'articlesPage'; page: number }
  | { kind: 'thread'; answerId: string }
  | { kind: 'dislikeModal'; answerId: string };

/** Parses a custom id made by {@link customIds}; undefined for anything else. */
export function parseCustomId(id: string): ParsedCustomId | undefined {
  const parts = id.split(':');
  if (parts[0] !== 'q') return undefined;
  if (parts[1] === 'src' && parts[2] && parts.length === 3) return { kind: 'sources', answerId: parts[2] };
  if (parts[1] === 'th' && parts[2] && parts.length === 3) return { kind: 'thread', answerId: parts[2] };
  if (parts[1] === 'why' && parts[2] && parts.length === 3)
    return { kind: 'dislikeModal', answerId: parts[2] };
  if (parts[1] === 'fb' && parts[2] && (parts[3] === 'up' || parts[3] === 'down') && parts.length === 4) {
    return { kind: 'feedback', answerId: parts[2], vote: parts[3] };
  }
  if (parts[1] === 'art' && parts.length === 3 && /^\d{1,6}$/.test(parts[2] ?? '')) {
    return { kind: 'articlesPage', page: Number(parts[2]) };
  }
  return undefined;
}
