/**
 * Hostile and broken articles: what a careless or malicious collection can contain. Extends the
 * ingest property tests (test/core/ingest/properties.test.ts) with the extremes: invalid UTF-8,
 * MB-long lines, 10,000 levels of nesting, active content, bidi and zero-width characters, front
 * matter garbage (including a YAML alias bomb), empty and oversized files, and a mixed folder.
 */
import fc from 'fast-check';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chunkArticle } from '../../src/core/chunking/chunker';
import { FileArticleSource } from '../../src/core/ingest/fileSource';
import { loadHtmlReader, type HtmlReader } from '../../src/core/ingest/html';
import { readArticle, type ReadResult } from '../../src/core/ingest/readArticle';
import { checkPassages } from '../core/chunking/passageInvariants';
import { CHAOS_LONG } from '../support/chaosCli';

const MAX_BYTES = 5 * 1024 * 1024;
const CHUNKING = { maxChars: 500, overlapSentences: 1 };
/** Generous per-input bound: the machine is shared, and a hang shows as seconds, not milliseconds. */
const SMALL_INPUT_MS = 3_000;
const RUNS = CHAOS_LONG ? 2_000 : 150;
const EXTENSIONS = ['txt', 'md', 'markdown', 'html', 'htm'] as const;

let html: HtmlReader;
beforeAll(async () => {
  html = await loadHtmlReader();
});

const encode = (text: string): Buffer => Buffer.from(text, 'utf8');

/** Figures of this file, printed once at the end. */
const figures = { inputs: 0, articles: 0, refused: 0, passages: 0, slowestMs: 0 };
afterAll(() => {
  console.log(
    `[chaos articles] inputs=${figures.inputs} read=${figures.articles} refused=${figures.refused} ` +
      `passagesChecked=${figures.passages} slowestSmallInputMs=${figures.slowestMs.toFixed(1)} ` +
      `${figures5mb.join(' ')}`,
  );
});
const figures5mb: string[] = [];

/** Reads and chunks one input, checking every invariant; returns the result and the time taken. */
function readChecked(
  name: string,
  bytes: Uint8Array,
  maxBytes = MAX_BYTES,
): { result: ReadResult; ms: number } {
  const started = performance.now();
  const result = readArticle(name, bytes, { maxBytes, html });
  figures.inputs += 1;
  if (!result.ok) {
    figures.refused += 1;
    if (result.reason.trim() === '' || result.reason.includes('\n'))
      throw new Error(`bad reason: ${result.reason}`);
    return { result, ms: performance.now() - started };
  }
  figures.articles += 1;
  const passages = chunkArticle(result.article, CHUNKING);
  checkPassages(result.article, passages, CHUNKING.maxChars);
  figures.passages += passages.length;
  return { result, ms: performance.now() - started };
}

function readSmall(name: string, bytes: Uint8Array): ReadResult {
  const { result, ms } = readChecked(name, bytes);
  figures.slowestMs = Math.max(figures.slowestMs, ms);
  if (ms > SMALL_INPUT_MS) throw new Error(`${name} took ${ms.toFixed(0)} ms`);
  return result;
}

/** Byte sequences that are not UTF-8: lone continuation bytes, overlongs, surrogates, truncated sequences. */
const invalidUtf8 = fc.constantFrom(
  [0x80],
  [0xbf],
  [0xc0, 0xaf],
  [0xe0, 0x80, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xf4, 0x90, 0x80, 0x80],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0xe2, 0x82],
  [0xff],
);
/** Text that is hostile without being binary. */
const hostilePiece = fc.constantFrom(
  '\u200b\u200c\u200d\u2060\ufeff',
  '\u202e\u2066\u2067\u2068\u2069\u200f\u061c',
  'مرحبا بالعالم ',
  'שלום עולם ',
  '<script>document.write("GEHEIM-SKRIPT")</script>',
  '<style>body{content:"GEHEIM-STIL"}</style>',
  '<iframe src="http://127.0.0.1:1/">GEHEIM-RAHMEN</iframe>',
  '<img src=x onerror="alert(1)">',
  '---\n',
  '\n---\ntitle: [unclosed\n',
  '```\n',
  '> > > > ',
  '<!--',
  ']]>',
  '&#0;&#xD800;&#x110000;',
  'Z\u0351\u0352\u0357\u035b\u0360\u0361',
  '\u0000',
  ' ',
  '\n\n',
  'Ein ganz normaler Satz über Palmyra. ',
);

describe('readArticle and the chunker on hostile input', () => {
  test('random bytes with invalid UTF-8 never crash or hang and are either articles or one refusal', () => {
    const bytes = fc
      .array(
        fc.oneof(
          fc.uint8Array({ maxLength: 64 }).map((b) => [...b]),
          invalidUtf8,
          hostilePiece.map((t) => [...encode(t)]),
        ),
        {
          maxLength: 60,
        },
      )
      .map((parts) => Uint8Array.from(parts.flat()));
    fc.assert(
      fc.property(bytes, fc.constantFrom(...EXTENSIONS), (input, ext) => void readSmall(`r.${ext}`, input)),
      { numRuns: RUNS, seed: 20_240_601 },
    );
  });

  test('invalid UTF-8 anywhere in an otherwise good file is refused with the same reason', () => {
    fc.assert(
      fc.property(invalidUtf8, fc.nat(400), fc.constantFrom(...EXTENSIONS), (bad, at, ext) => {
        const good = encode('Ein Satz über die Wüstenstadt Palmyra. '.repeat(12));
        const position = Math.min(at, good.length);
        const input = Buffer.concat([good.subarray(0, position), Buffer.from(bad), good.subarray(position)]);
        const result = readSmall(`u.${ext}`, input);
        expect(result).toEqual({ ok: false, reason: 'not valid UTF-8 text (save it as UTF-8)' });
      }),
      { numRuns: Math.min(RUNS, 200), seed: 7 },
    );
  });

  test('hostile text mixes give articles without active content or invisible characters', () => {
    const text = fc.array(fc.oneof(hostilePiece, fc.string({ unit: 'grapheme', maxLength: 30 })), {
      maxLength: 80,
    });
    fc.assert(
      fc.property(text, fc.constantFrom(...EXTENSIONS), (parts, ext) => {
        const result = readSmall(`h.${ext}`, encode(parts.join('')));
        if (!result.ok) return;
        // Zero-width spaces, word joiners and BOMs are removed; NUL never survives.
        expect(result.article.text).not.toMatch(/[\u200b\u2060\ufeff]/);
        expect(result.article.text.includes('\u0000')).toBe(false);
        if (ext === 'html' || ext === 'htm')
          expect(result.article.text).not.toMatch(/GEHEIM-(SKRIPT|STIL|RAHMEN)/);
      }),
      { numRuns: RUNS, seed: 99 },
    );
  });

  test('10,000 levels of nesting are read in bounded time (HTML elements, markdown quotes and lists)', () => {
    const depth = 10_000;
    const inputs: Array<[string, string]> = [
      [
        'deep.html',
        `<html><body>${'<div>'.repeat(depth)}<p>Tief unten steht ein Satz.</p>${'</div>'.repeat(depth)}</body></html>`,
      ],
      ['unclosed.html', `<html><body>${'<span><b>'.repeat(depth)}Nie geschlossen.`],
      [
        'mixed.htm',
        `<html><body>${'<ul><li>'.repeat(depth / 2)}Liste${'<blockquote>'.repeat(depth / 2)}Zitat</body></html>`,
      ],
      ['quotes.md', `${'>'.repeat(depth)} Ein sehr tief verschachteltes Zitat.\n`],
      ['lists.md', Array.from({ length: 500 }, (_, i) => `${'  '.repeat(i)}- Punkt ${i}`).join('\n')],
      ['brackets.md', `${'['.repeat(depth)}Text${'](x)'.repeat(depth)}`],
    ];
    for (const [name, source] of inputs) {
      const { result, ms } = readChecked(name, encode(source));
      figures.slowestMs = Math.max(figures.slowestMs, ms);
      expect({ name, ms: ms < 10_000 }).toEqual({ name, ms: true });
      if (name === 'deep.html') expect(result.ok && result.article.text).toBe('Tief unten steht ein Satz.');
    }
  });

  test('front matter garbage never loses the article, and a YAML alias bomb is defused', () => {
    const body = '\n\nDer Text des Artikels über Palmyra bleibt lesbar.\n';
    const bomb = [
      'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
      ...Array.from({ length: 8 }, (_, i) => {
        const prev = String.fromCharCode(97 + i);
        const name = String.fromCharCode(98 + i);
        return `${name}: &${name} [*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev}]`;
      }),
      'title: *i',
    ].join('\n');
    const headers = [
      `---\n${bomb}\n---`,
      '---\n: : : [\n---',
      '---\ntitle: {a: [b, {c: ]}\n---',
      '---\n!!binary AAAA\n---',
      '---\ntitle: !!js/function "function(){}"\n---',
      '---\ndate: 99999-99-99\ntitle: 12\ntags: {a: 1}\n---',
      `---\ntitle: ${'x'.repeat(100_000)}\n---`,
      '---\n---\n---',
      '---',
      '---\ntitle: nie geschlossen',
    ];
    for (const [i, header] of headers.entries()) {
      const { result, ms } = readChecked(`front-${i}.md`, encode(`${header}${body}`));
      expect({ i, ms: ms < SMALL_INPUT_MS }).toEqual({ i, ms: true });
      expect(result.ok && result.article.text).toContain('Der Text des Artikels über Palmyra bleibt lesbar.');
      if (result.ok) expect(result.article.title.length).toBeLessThanOrEqual(200);
    }
  });

  test('empty, whitespace-only and over-limit files are refused with a one-line reason', () => {
    for (const ext of EXTENSIONS) {
      expect(readChecked(`empty.${ext}`, new Uint8Array(0)).result).toEqual({
        ok: false,
        reason: 'empty file',
      });
      expect(readChecked(`blank.${ext}`, encode(' \n\t\n \u200b ')).result.ok).toBe(false);
      const over = readChecked(`big.${ext}`, new Uint8Array(2_000).fill(0x61), 1_000).result;
      expect(over).toEqual({ ok: false, reason: 'larger than 1000 bytes limit (2000 bytes)' });
    }
  });

  test('a 5 MB article with MB-long lines is read in bounded time', () => {
    const sentence = 'Die Musiker spielten im Amphitheater von Palmyra Stücke von Bach und Prokofjew. ';
    const line = sentence.repeat(Math.ceil((2 * 1024 * 1024) / sentence.length));
    const words = 'Wort '.repeat(300_000);
    const paragraph = `${sentence.repeat(6)}\n\n`;
    const paragraphs = paragraph.repeat(Math.floor(MAX_BYTES / Buffer.byteLength(paragraph)));
    for (const [name, source] of [
      ['long-lines.txt', `${line}\n\n${line}`],
      [
        'one-word-line.md',
        `# Titel\n\n${'Donaudampfschifffahrtsgesellschaftskapitän'.repeat(60_000)}\n\n${words}`,
      ],
      [
        'big.html',
        `<html><body><article>${`<p>${sentence.repeat(40)}</p>`.repeat(1_500)}</article></body></html>`,
      ],
      ['paragraphs.txt', paragraphs],
    ] as const) {
      const bytes = encode(source);
      expect(bytes.length).toBeLessThanOrEqual(MAX_BYTES);
      const started = performance.now();
      const result = readArticle(name, bytes, { maxBytes: MAX_BYTES, html });
      const readMs = performance.now() - started;
      expect(result.ok).toBe(true);
      let chunkMs = 0;
      if (result.ok) {
        const chunkStarted = performance.now();
        const passages = chunkArticle(result.article, CHUNKING);
        chunkMs = performance.now() - chunkStarted;
        checkPassages(result.article, passages, CHUNKING.maxChars);
        figures.passages += passages.length;
      }
      figures.inputs += 1;
      figures.articles += 1;
      figures5mb.push(
        `${name}=${(bytes.length / 1024 / 1024).toFixed(1)}MB/read${Math.round(readMs)}ms` +
          `/chunk${Math.round(chunkMs)}ms`,
      );
      expect({ name, bounded: readMs < 15_000 && chunkMs < 30_000 }).toEqual({ name, bounded: true });
    }
  }, 120_000);

  test('an HTML fragment without <html><body> is read as an article, title and meta included', () => {
    const result = readArticle(
      'fragment.html',
      encode('<title>Palmyra</title><meta name="date" content="2016-05-06"><p>Ein Satz über Palmyra.</p>'),
      { maxBytes: MAX_BYTES, html },
    );
    expect(result.ok && result.article.text).toBe('Ein Satz über Palmyra.');
    expect(result.ok && [result.article.title, result.article.date]).toEqual(['Palmyra', '2016-05-06']);
  });

  test('thousands of unclosed head tags in a fragment are read in bounded time', () => {
    const source = `${'<head><title>'.repeat(20_000)}${'<meta content="'.repeat(20_000)}<p>Text.</p>`;
    const { ms } = readChecked('unclosed-head.html', encode(source));
    figures.slowestMs = Math.max(figures.slowestMs, ms);
    expect(ms).toBeLessThan(10_000);
  });
});

describe('FileArticleSource.readAll on a mixed folder', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'quellen-chaos-folder-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  test('reports every bad file exactly once and reads every good one', async () => {
    const good: string[] = [];
    const bad: string[] = [];
    const files: Array<[string, Uint8Array, 'good' | 'bad']> = [];
    for (let i = 0; i < 20; i += 1) {
      const ext = EXTENSIONS[i % EXTENSIONS.length]!;
      const text = `Artikel ${i}: Ein Satz über Palmyra.`;
      const content = ext.startsWith('htm')
        ? i % 2 === 0
          ? `<html><body><p>${text}</p></body></html>`
          : `<p>${text}</p>`
        : `${text}\n`;
      files.push([`gut/artikel-${i}.${ext}`, encode(content), 'good']);
    }
    files.push(
      ['gut/rtl.txt', encode('\u202eEin umgedrehter Satz.\u202c Und ein normaler Satz.'), 'good'],
      [
        'gut/skript.html',
        encode('<html><body><p>Sichtbar.</p><script>unsichtbar()</script><iframe>x</iframe></body></html>'),
        'good',
      ],
      ['gut/front.md', encode('---\n: : [\n---\nText trotz kaputtem Kopf.'), 'good'],
      ['schlecht/leer.md', new Uint8Array(0), 'bad'],
      ['schlecht/leer2.txt', encode('   \n\n  '), 'bad'],
      ['schlecht/binär.txt', Uint8Array.from([0x00, 0x01, 0x02, 0x03, 0xff]), 'bad'],
      ['schlecht/latin1.txt', Uint8Array.from([0x47, 0x72, 0xfc, 0xdf, 0x65]), 'bad'],
      ['schlecht/zu-groß.txt', encode('x'.repeat(4_096)), 'bad'],
      ['schlecht/bild.png', Uint8Array.from([0x89, 0x50, 0x4e, 0x47]), 'bad'],
      ['schlecht/ohne-endung', encode('Text'), 'bad'],
      [
        'schlecht/nur-skript.html',
        encode('<html><body><script>alert(1)</script><style>p{}</style></body></html>'),
        'bad',
      ],
      ['.versteckt.txt', encode('wird still übergangen'), 'good'],
    );
    for (const [rel, bytes, kind] of files) {
      await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
      await writeFile(path.join(root, rel), bytes);
      if (rel.startsWith('.')) continue;
      (kind === 'good' ? good : bad).push(rel);
    }
    const source = new FileArticleSource(root, { maxBytes: 2_048 });
    const { articles, skipped } = await source.readAll();
    expect(articles.map((a) => a.id).sort()).toEqual([...good].sort());
    expect(skipped.map((s) => s.path).sort()).toEqual([...bad].sort());
    for (const entry of skipped) expect(entry.reason).toMatch(/^[^\n]+$/);
    expect(articles.find((a) => a.id === 'gut/skript.html')?.text).toBe('Sichtbar.');
    console.log(`[chaos folder] files=${files.length} good=${articles.length} skipped=${skipped.length}`);
  });
});
