import { isUserError } from '../core/errors';
import { startedBy, t, type Locale } from './messages';
import { uploadRefusalText } from './reasons';

/**
 * What a person is told about an error: a translated one-liner for user errors, a generic
 * message for everything else (whose cause goes to the log, never to the user).
 */
export function describeError(
  error: unknown,
  locale: Locale,
  /** Makes text a person supplied (an article name, a reason naming a file) safe for the output. */
  quote: (text: string) => string = (text) => text,
): { message: string; expected: boolean } {
  if (!isUserError(error)) return { message: t(locale, 'genericError'), expected: false };
  const details = error.details;
  const d = Object.fromEntries(Object.entries(details).map(([key, value]) => [key, quote(String(value))]));
  switch (error.code) {
    case 'EMPTY_QUESTION':
      return { message: t(locale, 'emptyQuestion'), expected: true };
    case 'QUESTION_TOO_LONG':
      return { message: t(locale, 'questionTooLong', { max: d.max ?? '' }), expected: true };
    case 'INVALID_DATE':
      return { message: t(locale, 'invalidDate', { date: d.date ?? '' }), expected: true };
    case 'INVALID_DATE_RANGE':
      return {
        message: t(locale, 'invalidDateRange', { from: d.from ?? '', to: d.to ?? '' }),
        expected: true,
      };
    case 'ARTICLE_AMBIGUOUS':
      return {
        message: t(locale, 'articleAmbiguous', { article: d.article ?? '', candidates: d.candidates ?? '' }),
        expected: true,
      };
    case 'ARTICLE_NOT_FOUND':
      return {
        message:
          d.minChars !== undefined
            ? t(locale, 'articleReferenceTooShort', { article: d.article ?? '', min: d.minChars })
            : t(locale, 'articleNotFound', { article: d.article ?? '' }),
        expected: true,
      };
    case 'REINDEX_RUNNING':
      return {
        message: t(locale, 'reindexRunning', {
          started: quote(startedBy(String(details.by ?? '?'), locale)),
          at: d.startedAt ?? '?',
        }),
        expected: true,
      };
    case 'INDEX_LOCKED':
      return { message: t(locale, 'indexLocked'), expected: true };
    case 'INDEX_UNUSABLE':
      return { message: t(locale, 'indexUnusable'), expected: true };
    case 'INVALID_CONFIG':
      return { message: t(locale, 'invalidConfig'), expected: true };
    case 'COLLECTION_EMPTY':
      return { message: t(locale, 'collectionEmpty', { indexed: d.indexed ?? '' }), expected: true };
    case 'NO_ARTICLES':
      return { message: t(locale, 'noArticlesToAsk'), expected: true };
    case 'INDEX_EMPTY':
      return { message: t(locale, 'indexEmpty'), expected: true };
    case 'UPLOAD_REJECTED':
      return {
        message: t(locale, 'uploadRejected', {
          reason: quote(
            uploadRefusalText(
              error.message,
              details.file === undefined ? undefined : String(details.file),
              locale,
            ),
          ),
        }),
        expected: true,
      };
    case 'MODEL_UNAVAILABLE':
      return { message: t(locale, 'modelUnavailable'), expected: true };
  }
}
