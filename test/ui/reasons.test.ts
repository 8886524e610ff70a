import { decodeText, sizeLimitReason } from '../../src/core/ingest/decode';
import { unreadableReason } from '../../src/core/ingest/fileSource';
import { readArticle, unsupportedReason } from '../../src/core/ingest/readArticle';
import { uploadNameProblem } from '../../src/core/ingest/upload';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IndexLoadError } from '../../src/core/index/indexErrors';
import {
  assertCompatible,
  parseManifest,
  SCHEMA_VERSION,
  type Manifest,
} from '../../src/core/index/manifest';
import { IndexStore } from '../../src/core/index/store';
import { explainDatabaseError } from '../../src/postgres/database';
import { SHARED_INDEX_NOT_REBUILT } from '../../src/core/service';
import { indexProblemText, reasonText, uploadRefusalText } from '../../src/ui/reasons';

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

  it('says in German which database or replica cannot be used, keeping what the server said', () => {
    expect(
      indexProblemText(
        'Cannot use the database at db.example:5432/q: the user may not connect (role "ghost" does not exist).',
        'de',
      ),
    ).toBe(
      'Die Datenbank unter db.example:5432/q ist nicht nutzbar: der Benutzer darf sich nicht verbinden (role "ghost" does not exist).',
    );
    expect(
      indexProblemText(
        'Cannot use the read replica (DATABASE_READ_URL) at replica.example:5432/q: nothing listens there.',
        'de',
      ),
    ).toBe(
      'Das Lesereplikat (DATABASE_READ_URL) unter replica.example:5432/q ist nicht nutzbar: dort nimmt kein Server Verbindungen an.',
    );
    expect(
      indexProblemText(
        'The database holds no quellen schema yet: run "quellen migrate" (or "quellen index", which also builds the index).',
        'de',
      ),
    ).toBe(
      'Die Datenbank hat noch kein quellen-Schema: „quellen migrate“ ausführen (oder „quellen index“, das auch den Index aufbaut).',
    );
    expect(
      indexProblemText(
        'Not allowed to create the pgvector extension: run "CREATE EXTENSION vector" once as a superuser in database "quellen".',
        'de',
      ),
    ).toBe(
      'Die pgvector-Erweiterung darf nicht angelegt werden: einmal als Superuser in der Datenbank „quellen“ „CREATE EXTENSION vector“ ausführen.',
    );
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

describe('indexProblemText', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'quellen-reasons-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  const loadError = async (run: () => unknown): Promise<string> => {
    try {
      await run();
    } catch (error) {
      if (error instanceof IndexLoadError) return error.message;
      throw error;
    }
    throw new Error('expected an IndexLoadError');
  };
  const expected = {
    embedderId: 'builtin:a',
    dimensions: 8,
    chunking: { maxChars: 500, overlapSentences: 1 },
  };
  const manifestOf = (embedderId: string, dimensions: number, maxChars: number) =>
    ({
      embedder: { id: embedderId, dimensions },
      chunking: { maxChars, overlapSentences: 1 },
    }) as unknown as Manifest;

  // The reasons as the core writes them today: a reworded one fails here instead of reaching a
  // German reader in English.
  it('says in German why the index on disk cannot be used', async () => {
    const cases: Array<[string, string]> = [
      [
        await loadError(() => new IndexStore(join(root, 'none')).load(expected)),
        `kein Index in ${join(root, 'none')} gefunden`,
      ],
      [
        await loadError(() => parseManifest('{', 'g/manifest.json')),
        'das Manifest des Index ist kein gültiges JSON: g/manifest.json',
      ],
      [
        await loadError(() => parseManifest('{"schemaVersion": 99}', 'g/manifest.json')),
        `Index-Schemaversion 99 wird nicht unterstützt (erwartet: ${SCHEMA_VERSION}): g/manifest.json`,
      ],
      [
        await loadError(() => assertCompatible(manifestOf('builtin:b', 8, 500), expected)),
        'der Index wurde mit dem Embedder builtin:b gebaut, eingestellt ist builtin:a',
      ],
      [
        await loadError(() => assertCompatible(manifestOf('builtin:a', 16, 500), expected)),
        'der Index wurde mit dem Embedder builtin:a (16 Dimensionen) gebaut, eingestellt ist builtin:a (8 Dimensionen)',
      ],
      [
        await loadError(() => assertCompatible(manifestOf('builtin:a', 8, 300), expected)),
        'der Index wurde mit der Zerlegung CHUNK_MAX_CHARS=300, CHUNK_OVERLAP_SENTENCES=1 gebaut, eingestellt ist CHUNK_MAX_CHARS=500, CHUNK_OVERLAP_SENTENCES=1',
      ],
    ];
    for (const [reason, german] of cases) {
      expect(indexProblemText(reason, 'de')).toBe(german);
      // English as written, but chunking named by the settings people set.
      expect(indexProblemText(reason, 'en')).toBe(
        reason
          .replace(/maxChars=/g, 'CHUNK_MAX_CHARS=')
          .replace(/overlapSentences=/g, 'CHUNK_OVERLAP_SENTENCES='),
      );
    }
    expect(indexProblemText(cases.at(-1)![0], 'en')).toBe(
      'index was built with chunking CHUNK_MAX_CHARS=300, CHUNK_OVERLAP_SENTENCES=1 but CHUNK_MAX_CHARS=500, CHUNK_OVERLAP_SENTENCES=1 is configured',
    );
  });

  it('says in German why a database cannot be used, for every reason quellen gives', () => {
    const url = 'postgres://quellen:secret@db.example:5433/news';
    const reasons = [
      'ECONNREFUSED',
      'ENOTFOUND',
      'EAI_AGAIN',
      'ETIMEDOUT',
      'ECONNRESET',
      '28P01',
      '28000',
      '3D000',
      '57P03',
      '42501',
    ].map((code) => (explainDatabaseError(Object.assign(new Error('x'), { code }), url) as Error).message);
    reasons.push(
      (explainDatabaseError(new Error('The server does not support SSL connections'), url) as Error).message,
    );
    for (const reason of reasons) {
      const german = indexProblemText(reason, 'de');
      expect(german).toMatch(/^Die Datenbank unter db\.example:5433\/news ist nicht nutzbar: [a-zäöü]/);
      // No English wording left after the colon, and no password.
      expect(german).not.toMatch(/: the |secret/);
    }
    // A URL without a database name, and one that cannot be read.
    const refused = Object.assign(new Error('x'), { code: '28P01' });
    expect(
      indexProblemText((explainDatabaseError(refused, 'postgres://u:p@db:5432') as Error).message, 'de'),
    ).toBe(
      'Die Datenbank unter db:5432/(Standarddatenbank) ist nicht nutzbar: das Passwort wurde abgelehnt.',
    );
    expect(indexProblemText((explainDatabaseError(refused, 'not a url') as Error).message, 'de')).toBe(
      'Die Datenbank unter (DATABASE_URL nicht lesbar) ist nicht nutzbar: das Passwort wurde abgelehnt.',
    );
  });

  it.each([
    ['index file missing: g/texts.bin', 'Indexdatei fehlt: g/texts.bin'],
    ['index pointer is damaged: e/CURRENT', 'der Zeiger auf den Index ist beschädigt: e/CURRENT'],
    [
      'index file is damaged: g/vectors.hnsw (10 bytes, expected 17)',
      'Indexdatei ist beschädigt: g/vectors.hnsw (10 Bytes, erwartet 17)',
    ],
    [
      'index file is damaged: g/vectors.hnsw (checksum mismatch)',
      'Indexdatei ist beschädigt: g/vectors.hnsw (Prüfsumme stimmt nicht)',
    ],
    [
      'the embedder changed from builtin:a to builtin:b',
      'der Embedder wurde von builtin:a auf builtin:b geändert',
    ],
    [
      'the index in the database was built with CHUNK_MAX_CHARS=500 and CHUNK_OVERLAP_SENTENCES=1 but 300 and 1 are configured',
      'der Index in der Datenbank wurde mit CHUNK_MAX_CHARS=500 und CHUNK_OVERLAP_SENTENCES=1 gebaut, eingestellt sind 300 und 1',
    ],
  ])('says "%s" in German', (reason, german) => {
    expect(indexProblemText(reason, 'de')).toBe(german);
  });

  it('says why a shared index is not rebuilt, with or without the full stop', () => {
    const reason = `index file is damaged: g/texts.bin (checksum mismatch): ${SHARED_INDEX_NOT_REBUILT}.`;
    const german = indexProblemText(reason, 'de');
    expect(german).toMatch(
      /^Indexdatei ist beschädigt: g\/texts\.bin \(Prüfsumme stimmt nicht\): Der Index wird geteilt .*„quellen index --full“.*\.$/,
    );
    expect(indexProblemText(reason.slice(0, -1), 'de')).toBe(german.slice(0, -1));
  });

  it('says in German why the database refuses, with what it was built with', () => {
    expect(
      indexProblemText(
        'The index in the database was built differently (the embedder changed from builtin:a to builtin:b): run "quellen index --full" to rebuild it for every process that shares it, or configure this one as the others are.',
        'de',
      ),
    ).toMatch(
      /^Der Index in der Datenbank wurde anders gebaut \(der Embedder wurde von builtin:a auf builtin:b geändert\): „quellen index --full“ .*\.$/,
    );
    expect(
      indexProblemText(
        'The database holds quellen schema version 3, this quellen needs 4: run "quellen migrate".',
        'de',
      ),
    ).toBe(
      'Die Datenbank hat das quellen-Schema in Version 3, dieses quellen braucht 4: „quellen migrate“ ausführen.',
    );
  });

  it('keeps a reason it has no wording for as the core wrote it', () => {
    expect(indexProblemText('connect ECONNREFUSED 127.0.0.1:5432', 'de')).toBe(
      'connect ECONNREFUSED 127.0.0.1:5432',
    );
  });
});
