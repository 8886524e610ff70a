import type { IndexSummary } from '../core/index/indexer';
import type { SkippedFile } from '../core/types';
import { t, type Locale } from './messages';

/*
 * The core says in English why a file was skipped or an upload refused ("binary file, not text"):
 * that text goes to logs, `--json` output and the index manifest. People read it in their own
 * language; these are its German wordings. A reason without one (an operating-system message)
 * stays as the core wrote it.
 */
type Wording = [RegExp, (...parts: string[]) => string];

const FS_PHRASES: Readonly<Record<string, string>> = {
  'file not found': 'Datei nicht gefunden',
  'permission denied': 'keine Berechtigung',
  'is a folder': 'ist ein Ordner',
  'not a folder': 'kein Ordner',
  'too many symbolic links': 'zu viele symbolische Links',
  'too many open files': 'zu viele offene Dateien',
  'input/output error': 'Ein-/Ausgabefehler',
};

/** German decimal comma in figures the core writes with a point ("7.2 MB"). */
const decimal = (text: string): string => text.replace(/(\d)\.(\d)/g, '$1,$2');
const germanUnit = (unit: string): string => (unit === 'bytes' ? 'Bytes' : unit === 'byte' ? 'Byte' : unit);

const GERMAN: readonly Wording[] = [
  [/^empty file$/, () => 'leere Datei'],
  [/^empty file \(only whitespace\)$/, () => 'leere Datei (nur Leerraum)'],
  [/^binary file, not text$/, () => 'Binärdatei, kein Text'],
  [
    /^not valid UTF-8 text \(save it as UTF-8\)$/,
    () => 'kein gültiger UTF-8-Text (bitte als UTF-8 speichern)',
  ],
  [
    /^larger than (\S+) (MB|bytes?) limit \((\S+) (MB|bytes?)\)$/,
    (limit, limitUnit, size, unit) =>
      `größer als die Grenze von ${decimal(limit!)} ${germanUnit(limitUnit!)} (${decimal(size!)} ${germanUnit(unit!)})`,
  ],
  [
    /^unsupported file type \(no file extension; expected (.+)\)$/,
    (expected) => `Dateityp nicht unterstützt (keine Dateiendung; erwartet: ${expected})`,
  ],
  [
    /^unsupported file type \("(.+)"; expected (.+)\)$/,
    (extension, expected) => `Dateityp nicht unterstützt („${extension}“; erwartet: ${expected})`,
  ],
  [
    /^unsupported file type \(expected (.+)\)$/,
    (expected) => `Dateityp nicht unterstützt (erwartet: ${expected})`,
  ],
  [/^hidden file \(ignored\)$/, () => 'versteckte Datei (ignoriert)'],
  [/^outside the article folder$/, () => 'außerhalb des Artikelordners'],
  [/^not a regular file$/, () => 'keine gewöhnliche Datei'],
  [/^no readable text found$/, () => 'kein lesbarer Text gefunden'],
  [/^could not be parsed \((.+)\)$/, (detail) => `konnte nicht gelesen werden (${detail})`],
  [/^duplicate article id$/, () => 'doppelte Artikel-ID'],
  [
    /^unreadable: the reader did not start within (\S+) s$/,
    (seconds) => `nicht lesbar: das Lesen begann nicht innerhalb von ${decimal(seconds!)} s`,
  ],
  [
    /^unreadable: the reader could not start \((.+)\)$/,
    (detail) => `nicht lesbar: das Lesen konnte nicht beginnen (${detail})`,
  ],
  [/^unreadable: (.+)$/, (detail) => `nicht lesbar: ${FS_PHRASES[detail!] ?? detail}`],
  [
    /^took longer than (\S+) s to read \(skipped\)$/,
    (seconds) => `Lesen dauerte länger als ${decimal(seconds!)} s (übersprungen)`,
  ],
  [
    /^needs more than (\S+) MB to read \(skipped\)$/,
    (megabytes) => `braucht zum Lesen mehr als ${decimal(megabytes!)} MB (übersprungen)`,
  ],
  [/^reading was stopped$/, () => 'das Lesen wurde abgebrochen'],
  [/^the reader stopped \(skipped\)$/, () => 'das Lesen brach ab (übersprungen)'],
  // Refused uploads.
  [
    /^the file name must be 1–(\d+) characters long$/,
    (max) => `der Dateiname muss 1–${max} Zeichen lang sein`,
  ],
  [
    /^the file name must be at most (\d+) bytes long in UTF-8$/,
    (max) => `der Dateiname darf in UTF-8 höchstens ${max} Bytes lang sein`,
  ],
  [
    /^the file name contains invisible formatting characters$/,
    () => 'der Dateiname enthält unsichtbare Formatierungszeichen',
  ],
  [/^the file name must not contain a path$/, () => 'der Dateiname darf keinen Pfad enthalten'],
  [/^the file name must not start with a dot$/, () => 'der Dateiname darf nicht mit einem Punkt beginnen'],
  [/^the file name contains control characters$/, () => 'der Dateiname enthält Steuerzeichen'],
  [
    /^a different article with this name already exists$/,
    () => 'ein anderer Artikel mit diesem Namen existiert bereits',
  ],
];

/** Why a file was skipped or an upload refused, in the reader's language (see above). */
export function reasonText(reason: string, locale: Locale): string {
  if (locale === 'en') return reason;
  for (const [pattern, wording] of GERMAN) {
    const match = pattern.exec(reason);
    if (match) return wording(...match.slice(1));
  }
  return reason;
}

/**
 * Why an index run skipped a file, in the reader's language, saying so when the file's article
 * was indexed before and has now been removed (see `IndexSummary.unreadable`).
 */
export function skippedReasonText(
  file: SkippedFile,
  summary: Pick<IndexSummary, 'unreadable'>,
  locale: Locale,
): string {
  const reason = reasonText(file.reason, locale);
  return summary.unreadable?.includes(file.path) ? t(locale, 'skippedWasIndexed', { reason }) : reason;
}

/**
 * A refused upload's message (`"<file>: <reason>."`, see `saveUploadedArticle`) in the reader's
 * language: the file name as given, the reason translated.
 */
export function uploadRefusalText(message: string, file: string | undefined, locale: Locale): string {
  const prefix = file !== undefined ? `${file}: ` : '';
  if (locale === 'en' || prefix === '' || !message.startsWith(prefix) || !message.endsWith('.'))
    return message;
  return `${prefix}${reasonText(message.slice(prefix.length, -1), locale)}.`;
}
