/**
 * Errors meant for the person using quellen: a stable code (for tests and translations)
 * and a short, one-line message. Anything else that is thrown is a bug or an operational
 * failure: it is logged with its cause and the user sees a generic message.
 */
export type UserErrorCode =
  | 'ARTICLE_NOT_FOUND'
  | 'ARTICLE_AMBIGUOUS'
  | 'EMPTY_QUESTION'
  | 'QUESTION_TOO_LONG'
  | 'INVALID_DATE'
  | 'INVALID_DATE_RANGE'
  | 'REINDEX_RUNNING'
  | 'INDEX_LOCKED'
  | 'INDEX_UNUSABLE'
  | 'INDEX_EMPTY'
  | 'NO_ARTICLES'
  | 'COLLECTION_EMPTY'
  | 'UPLOAD_REJECTED'
  | 'MODEL_UNAVAILABLE'
  | 'INVALID_CONFIG';

export class UserError extends Error {
  constructor(
    readonly code: UserErrorCode,
    message: string,
    readonly details: Record<string, string | number> = {},
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
    this.name = 'UserError';
  }
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}
