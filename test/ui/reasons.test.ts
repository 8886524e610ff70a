import { decodeText, sizeLimitReason } from '../../src/core/ingest/decode';
import { unreadableReason } from '../../src/core/ingest/fileSource';
import { readArticle, unsupportedReason } from '../../src/core/ingest/readArticle';
import { uploadNameProblem } from '../../src/core/ingest/upload';
import { reasonText, uploadRefusalText } from '../../src/ui/reasons';

const reasonOf = (result: { ok: boolean; reason?: string }): string => {
  if (result.ok || result.reason === undefined) throw new Error('expected a refusal');
  return result.reason;
};

const MB = 1024 * 1024;

describe('reasonText', () => {
  // The reasons as the core writes them today: a reworded one fails here instead of reaching a
  // German reader in English.
  const coreReasons: Array<[string, string]> = [
    [reasonOf(decodeText(new Uint8Array(), MB)), 'leere Datei'],
    [reasonOf(decodeText(new Uint8Array([0x41, 0, 0x42]), MB)), 'Binärdatei, kein Text'],
    [reasonOf(decodeText(new TextEncoder().encode(' \n\t '), MB)), 'leere Datei (nur Leerraum)'],
    [
      reasonOf(decodeText(new Uint8Array([0x47, 0x72, 0xfc, 0xdf, 0x65]), MB)),
      'kein gültiger UTF-8-Text (bitte als UTF-8 speichern)',
    ],
    [sizeLimitReason(7.2 * MB, 5 * MB)!, 'größer als die Grenze von 5 MB (7,2 MB)'],
    [sizeLimitReason(5 * MB + 1, 5 * MB)!, 'größer als die Grenze von 5 MB (5242881 Bytes)'],
    [sizeLimitReason(3001, 1000)!, 'größer als die Grenze von 1000 Bytes (3001 Bytes)'],
    [sizeLimitReason(2, 1)!, 'größer als die Grenze von 1 Byte (2 Bytes)'],
    [
      unsupportedReason('scan.pdf'),
      'Dateityp nicht unterstützt („.pdf“; erwartet: .txt, .md, .markdown, .html, .htm)',
    ],
    [
      unsupportedReason('README'),
      'Dateityp nicht unterstützt (keine Dateiendung; erwartet: .txt, .md, .markdown, .html, .htm)',
    ],
    [unreadableReason(Object.assign(new Error('x'), { code: 'EACCES' })), 'nicht lesbar: keine Berechtigung'],
    [
      unreadableReason(Object.assign(new Error('x'), { code: 'ENOENT' })),
      'nicht lesbar: Datei nicht gefunden',
    ],
    [
      reasonOf(readArticle('a.md', new TextEncoder().encode('---\n---\n'), { maxBytes: MB })),
      'kein lesbarer Text gefunden',
    ],
    [uploadNameProblem('')!, 'der Dateiname muss 1–120 Zeichen lang sein'],
    [uploadNameProblem(`${'€'.repeat(81)}.md`)!, 'der Dateiname darf in UTF-8 höchstens 240 Bytes lang sein'],
    [uploadNameProblem('a\u200b.md')!, 'der Dateiname enthält unsichtbare Formatierungszeichen'],
    [uploadNameProblem('a/b.md')!, 'der Dateiname darf keinen Pfad enthalten'],
    [uploadNameProblem('.a.md')!, 'der Dateiname darf nicht mit einem Punkt beginnen'],
    [uploadNameProblem('a\u0007.md')!, 'der Dateiname enthält Steuerzeichen'],
    [uploadNameProblem('a.pdf')!, 'Dateityp nicht unterstützt (erwartet: .txt, .md, .markdown, .html, .htm)'],
  ];

  it.each(coreReasons)('says "%s" in German', (reason, german) => {
    expect(reasonText(reason, 'de')).toBe(german);
    expect(reasonText(reason, 'en')).toBe(reason);
  });

  it('says the reasons of the reader and the indexer in German', () => {
    expect(reasonText('took longer than 2.5 s to read (skipped)', 'de')).toBe(
      'Lesen dauerte länger als 2,5 s (übersprungen)',
    );
    expect(reasonText('needs more than 256 MB to read (skipped)', 'de')).toBe(
      'braucht zum Lesen mehr als 256 MB (übersprungen)',
    );
    expect(reasonText('unreadable: the reader did not start within 10 s', 'de')).toBe(
      'nicht lesbar: das Lesen begann nicht innerhalb von 10 s',
    );
    expect(reasonText('hidden file (ignored)', 'de')).toBe('versteckte Datei (ignoriert)');
    expect(reasonText('duplicate article id', 'de')).toBe('doppelte Artikel-ID');
  });

  it('keeps a reason it has no wording for as the core wrote it', () => {
    expect(reasonText('unreadable: ESTALE stale file handle', 'de')).toBe(
      'nicht lesbar: ESTALE stale file handle',
    );
    expect(reasonText('something new', 'de')).toBe('something new');
  });
});

describe('uploadRefusalText', () => {
  it('translates the reason and keeps the file name as given, colons included', () => {
    expect(uploadRefusalText('a: b.md: binary file, not text.', 'a: b.md', 'de')).toBe(
      'a: b.md: Binärdatei, kein Text.',
    );
    expect(uploadRefusalText('x.md: a different article with this name already exists.', 'x.md', 'de')).toBe(
      'x.md: ein anderer Artikel mit diesem Namen existiert bereits.',
    );
    expect(uploadRefusalText('x.md: binary file, not text.', 'x.md', 'en')).toBe(
      'x.md: binary file, not text.',
    );
    expect(uploadRefusalText('other text', 'x.md', 'de')).toBe('other text');
    // Without the closing full stop the message is not one the core wrote: left as it is.
    expect(uploadRefusalText('x.md: binary file, not text', 'x.md', 'de')).toBe(
      'x.md: binary file, not text',
    );
  });
});
