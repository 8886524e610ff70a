/*
 * Generations as older quellen versions wrote them, made from a current one, for tests that
 * older indexes still load and update.
 */
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodePassages, encodePassages } from '../../src/core/index/passageCodec';

/** Schema 5's block objects from schema 6's flat `blockData` (kind, start, end, paragraph). */
export function blockObjects(data: number[]) {
  const kinds = ['heading', 'paragraph', 'caption'];
  const blocks = [];
  for (let i = 0; i < data.length; i += 4)
    blocks.push({ kind: kinds[data[i]!], start: data[i + 1], end: data[i + 2], paragraph: data[i + 3] });
  return blocks;
}

function sha256Digest(bytes: Buffer) {
  return { bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** Rewrites the generation's `passages.bin` as the `passages.json` of schema 5 and before, and lists it in `files`. */
export function passagesToJson(dir: string, files: Record<string, unknown>): void {
  const bytes = Buffer.from(encodePassages(decodePassages(readFileSync(join(dir, 'passages.bin')))));
  writeFileSync(join(dir, 'passages.json'), bytes);
  unlinkSync(join(dir, 'passages.bin'));
  delete files['passages.bin'];
  files['passages.json'] = sha256Digest(bytes);
}

/** An article record as `articles.json` stores it (the fields tests read or edit). */
export type ArticleRecord = Record<string, unknown> & {
  id: string;
  textBytes: [number, number];
  textLength: number;
  blockData: number[];
};

/** The article records of `articles.json`: schema 7's lines under their header, or an older array. */
export function readArticleRecords(dir: string): ArticleRecord[] {
  const text = readFileSync(join(dir, 'articles.json'), 'utf8');
  if (text.startsWith('[')) return JSON.parse(text) as ArticleRecord[];
  return text
    .split('\n')
    .slice(1)
    .map((line) => JSON.parse(line) as ArticleRecord);
}

/** Schema 7's `articles.json` for these records: a header line (ids, content hashes, text lengths), then one record per line. */
export function articleLines(records: readonly ArticleRecord[]): Buffer {
  const header = {
    ids: records.map((r) => r.id),
    contentHashes: records.map((r) => r.contentHash),
    textLengths: records.map((r) => r.textLength),
  };
  return Buffer.from([header, ...records].map((line) => JSON.stringify(line)).join('\n'));
}

/** Rewrites `articles.json` as schema 6 wrote it (one JSON array) and marks the manifest schema 6. */
export function rewriteAsSchema6(dir: string): void {
  const path = join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as { files: Record<string, unknown> };
  const articles = Buffer.from(JSON.stringify(readArticleRecords(dir)));
  writeFileSync(join(dir, 'articles.json'), articles);
  const digest = { bytes: articles.length, crc32: crc32(articles).toString(16).padStart(8, '0') };
  writeFileSync(
    path,
    JSON.stringify({ ...manifest, schemaVersion: 6, files: { ...manifest.files, 'articles.json': digest } }),
  );
}

/**
 * Rewrites the generation in `dir` as schema 5 wrote it: block objects in `articles.json`,
 * passages in `passages.json` and sha256 checksums in the manifest.
 */
export function rewriteAsSchema5(dir: string): void {
  const path = join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as { files: Record<string, unknown> };
  passagesToJson(dir, manifest.files);
  const records = readArticleRecords(dir);
  const articles = Buffer.from(
    JSON.stringify(
      records.map(({ blockData, ...fields }) => ({ ...fields, blocks: blockObjects(blockData) })),
    ),
  );
  writeFileSync(join(dir, 'articles.json'), articles);
  const files: Record<string, unknown> = {};
  for (const name of Object.keys(manifest.files)) files[name] = sha256Digest(readFileSync(join(dir, name)));
  writeFileSync(path, JSON.stringify({ ...manifest, schemaVersion: 5, files }));
}
