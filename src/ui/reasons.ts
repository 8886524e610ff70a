import type { IndexSummary } from '../core/index/indexer';
import { SHARED_INDEX_NOT_REBUILT } from '../core/service';
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
  return locale === 'en' ? reason : (worded(GERMAN, reason) ?? reason);
}

/** The first wording whose pattern matches the text, or undefined. */
function worded(wordings: readonly Wording[], text: string): string | undefined {
  for (const [pattern, wording] of wordings) {
    const match = pattern.exec(text);
    if (match) return wording(...match.slice(1));
  }
  return undefined;
}

/*
 * Why an index cannot be used or had to be rebuilt: the core's one line for operators (an
 * `IndexLoadError`, or what a shared database was built with), which `quellen status` and the
 * summary of an index run show. These are its German wordings; paths, ids and settings stay as
 * written.
 */
const dims = (text: string): string => text.replace(/\((\d+) dims\)/g, '($1 Dimensionen)');

const INDEX_GERMAN: readonly Wording[] = [
  [/^no index found in (.+)$/, (dir) => `kein Index in ${dir} gefunden`],
  [/^index file missing: (.+)$/, (path) => `Indexdatei fehlt: ${path}`],
  [/^index pointer is damaged: (.+)$/, (path) => `der Zeiger auf den Index ist beschädigt: ${path}`],
  [
    /^index manifest is not valid JSON: (.+)$/,
    (path) => `das Manifest des Index ist kein gültiges JSON: ${path}`,
  ],
  [
    /^index manifest is invalid at (\S+): (.+)$/,
    (field, path) => `das Manifest des Index ist ungültig bei ${field}: ${path}`,
  ],
  [
    /^index manifest belongs to another generation: (.+)$/,
    (path) => `das Manifest des Index gehört zu einer anderen Generation: ${path}`,
  ],
  [/^index manifest does not list (.+)$/, (path) => `das Manifest des Index führt ${path} nicht auf`],
  [
    /^index schema version (\S+) is not supported \(expected (\S+)\): (.+)$/,
    (version, expected, path) =>
      `Index-Schemaversion ${version} wird nicht unterstützt (erwartet: ${expected}): ${path}`,
  ],
  [
    /^index file is damaged: (.+) \((\d+) bytes, expected (\d+)\)$/,
    (path, bytes, expected) => `Indexdatei ist beschädigt: ${path} (${bytes} Bytes, erwartet ${expected})`,
  ],
  [
    /^index file is damaged: (.+) \(checksum mismatch\)$/,
    (path) => `Indexdatei ist beschädigt: ${path} (Prüfsumme stimmt nicht)`,
  ],
  [/^index file is unreadable: (.+)$/, (path) => `Indexdatei ist nicht lesbar: ${path}`],
  [
    /^index file disagrees with its manifest: (.+)$/,
    (path) => `eine Indexdatei passt nicht zu ihrem Manifest: ${path}`,
  ],
  [
    /^index files disagree with their manifest: (.+)$/,
    (dir) => `die Indexdateien passen nicht zu ihrem Manifest: ${dir}`,
  ],
  [
    /^index was built with embedder (.+) but (.+) is configured$/,
    (built, configured) =>
      `der Index wurde mit dem Embedder ${dims(built!)} gebaut, eingestellt ist ${dims(configured!)}`,
  ],
  [
    /^index was built with chunking (.+) but (.+) is configured$/,
    (built, configured) => `der Index wurde mit der Zerlegung ${built} gebaut, eingestellt ist ${configured}`,
  ],
  [
    /^the database at (.+) holds no index yet$/,
    (where) => `die Datenbank unter ${where} enthält noch keinen Index`,
  ],
  [
    /^the index in the database was built with embedder (\S+) but (\S+) is configured$/,
    (built, configured) =>
      `der Index in der Datenbank wurde mit dem Embedder ${built} gebaut, eingestellt ist ${configured}`,
  ],
  [
    /^the index in the database was built with (CHUNK_MAX_CHARS=\S+ and CHUNK_OVERLAP_SENTENCES=\S+) but (\S+) and (\S+) are configured$/,
    (built, chars, overlap) =>
      `der Index in der Datenbank wurde mit ${built.replace(' and ', ' und ')} gebaut, eingestellt sind ${chars} und ${overlap}`,
  ],
  [
    /^the index in the database was written with text analysis version (\S+) but this quellen uses version (\S+)$/,
    (built, current) =>
      `der Index in der Datenbank wurde mit der Textanalyse in Version ${built} geschrieben, dieses quellen nutzt Version ${current}`,
  ],
  [
    /^the embedder changed from (\S+) to (\S+)$/,
    (from, to) => `der Embedder wurde von ${from} auf ${to} geändert`,
  ],
  [/^the chunking settings changed$/, () => 'die Einstellungen der Zerlegung wurden geändert'],
  [
    /^the text analysis changed from version (\S+) to (\S+)$/,
    (from, to) => `die Textanalyse wurde von Version ${from} auf ${to} geändert`,
  ],
  [/^(a )?full rebuild (was )?requested$/, () => 'ein vollständiger Neuaufbau wurde verlangt'],
  // A database quellen cannot use (src/postgres: the server, its extension, the schema).
  [
    /^Cannot use the database at (.+?): ((?:nothing|the) .+?)\.?$/,
    (where, reason) =>
      `Die Datenbank unter ${germanPlace(where!)} ist nicht nutzbar: ${germanDatabaseReason(reason!)}`,
  ],
  [
    /^Cannot use the read replica \(DATABASE_READ_URL\) at (.+?): ((?:nothing|the) .+?)\.?$/,
    (where, reason) =>
      `Das Lesereplikat (DATABASE_READ_URL) unter ${germanPlace(where!)} ist nicht nutzbar: ${germanDatabaseReason(reason!)}`,
  ],
  [
    /^The database holds no quellen schema yet: run "quellen migrate" \(or "quellen index", which also builds the index\)\.?$/,
    () =>
      'Die Datenbank hat noch kein quellen-Schema: „quellen migrate“ ausführen (oder „quellen index“, das auch den Index aufbaut)',
  ],
  [
    /^The database holds quellen schema version (\S+), this quellen needs (\S+): run "quellen migrate"\.?$/,
    (found, needed) =>
      `Die Datenbank hat das quellen-Schema in Version ${found}, dieses quellen braucht ${needed}: „quellen migrate“ ausführen`,
  ],
  [
    /^The database holds quellen schema version (\S+), newer than this quellen \((\S+)\): upgrade quellen\.?$/,
    (found, needed) =>
      `Die Datenbank hat das quellen-Schema in Version ${found}, neuer als dieses quellen (${needed}): quellen aktualisieren`,
  ],
  [
    /^quellen needs PostgreSQL 14 or newer; this server runs (.+?)\.?$/,
    (name) => `quellen braucht PostgreSQL 14 oder neuer; dieser Server hat ${name}`,
  ],
  [
    /^quellen needs pgvector 0\.8 or newer; this database has (\S+): install a newer pgvector on the server and run "ALTER EXTENSION vector UPDATE" in this database\.?$/,
    (version) =>
      `quellen braucht pgvector 0.8 oder neuer; diese Datenbank hat ${version}: ein neueres pgvector auf dem Server installieren und in dieser Datenbank „ALTER EXTENSION vector UPDATE“ ausführen`,
  ],
  [
    /^PostgreSQL has no pgvector extension: install it on the database server \(Debian\/Ubuntu: (\S+) from apt\.postgresql\.org\), then start again\.?$/,
    (name) =>
      `PostgreSQL hat keine pgvector-Erweiterung: sie auf dem Datenbankserver installieren (Debian/Ubuntu: ${name} von apt.postgresql.org), dann neu starten`,
  ],
  [
    /^The index in the database was built differently \((.+)\): run "quellen index --full" to rebuild it for every process that shares it, or configure this one as the others are$/,
    (reason) =>
      `Der Index in der Datenbank wurde anders gebaut (${indexProblemText(reason!, 'de')}): „quellen index --full“ baut ihn für alle Prozesse neu auf, die ihn teilen, oder dieser Prozess wird wie die anderen eingestellt`,
  ],
  [
    /^Not allowed to create the pgvector extension: run "CREATE EXTENSION vector" once as a superuser in (this database|database "(.+)")\.?$/,
    (_, name) =>
      `Die pgvector-Erweiterung darf nicht angelegt werden: einmal als Superuser in ${name === undefined ? 'dieser Datenbank' : `der Datenbank „${name}“`} „CREATE EXTENSION vector“ ausführen`,
  ],
];

/** Where a database is (`describeDatabase`), its placeholders in German. */
function germanPlace(where: string): string {
  return where
    .replace('(default database)', '(Standarddatenbank)')
    .replace('(unreadable DATABASE_URL)', '(DATABASE_URL nicht lesbar)');
}

/**
 * A reason of `explainDatabaseError` in German; what the server said in brackets after it (a
 * role that does not exist) stays as the server wrote it.
 */
function germanDatabaseReason(reason: string): string {
  const detail = /^(.+?) \((.+)\)$/.exec(reason);
  if (detail && DATABASE_REASONS[detail[1]!] !== undefined && DATABASE_REASONS[reason] === undefined) {
    return `${DATABASE_REASONS[detail[1]!]} (${detail[2]})`;
  }
  return DATABASE_REASONS[reason] ?? reason;
}

// Why a database cannot be used (`explainDatabaseError`), in German.
const DATABASE_REASONS: Readonly<Record<string, string>> = {
  'nothing listens there': 'dort nimmt kein Server Verbindungen an',
  'the host name is unknown': 'der Hostname ist unbekannt',
  'the host name could not be resolved': 'der Hostname konnte nicht aufgelöst werden',
  'the connection timed out': 'die Verbindung kam nicht rechtzeitig zustande',
  'the server closed the connection': 'der Server hat die Verbindung geschlossen',
  'the password was refused': 'das Passwort wurde abgelehnt',
  'the user may not connect': 'der Benutzer darf sich nicht verbinden',
  'the database does not exist': 'die Datenbank existiert nicht',
  'the server is starting up or shutting down': 'der Server startet gerade oder fährt herunter',
  'the server does not accept SSL connections (see sslmode in the URL)':
    'der Server nimmt keine SSL-Verbindungen an (siehe sslmode in der URL)',
  'the role lacks rights on quellen\'s tables (answering needs USAGE on schema quellen and SELECT on its tables; indexing must run as the role that owns them, the one that ran "quellen migrate", which needs CREATE on the database)':
    'der Rolle fehlen Rechte an den Tabellen von quellen (zum Antworten USAGE auf dem Schema quellen und SELECT auf seinen Tabellen; indexieren muss die Rolle, der sie gehören und die „quellen migrate“ ausgeführt hat, wofür sie CREATE auf der Datenbank braucht)',
};

// What a process that shares its index adds to the reason (see QuellenService.open).
const SHARED_SUFFIX = `: ${SHARED_INDEX_NOT_REBUILT}`;
const SHARED_SUFFIX_GERMAN =
  ': Der Index wird geteilt und daher beim Start nicht neu aufgebaut; „quellen index --full“ baut ihn für alle Prozesse neu auf, oder dieser Prozess wird wie die anderen eingestellt';

/**
 * Why an index cannot be used or was rebuilt (see above), in the reader's language, chunking
 * named by its settings (`CHUNK_MAX_CHARS`, `CHUNK_OVERLAP_SENTENCES`). A reason without a
 * wording (an operating-system or database message) stays as the core wrote it.
 */
export function indexProblemText(written: string, locale: Locale): string {
  // The core names chunking by its options; people set it by these names.
  const reason = written
    .replace(/\bmaxChars=/g, 'CHUNK_MAX_CHARS=')
    .replace(/\boverlapSentences=/g, 'CHUNK_OVERLAP_SENTENCES=');
  if (locale === 'en') return reason;
  // The shared suffix ends a sentence; `quellen status` shows it without its full stop.
  const stop = reason.endsWith('.') ? '.' : '';
  const line = reason.slice(0, reason.length - stop.length);
  const shared = line.endsWith(SHARED_SUFFIX);
  const head = shared ? line.slice(0, -SHARED_SUFFIX.length) : line;
  const german = worded(INDEX_GERMAN, head);
  return german === undefined ? reason : `${german}${shared ? SHARED_SUFFIX_GERMAN : ''}${stop}`;
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
