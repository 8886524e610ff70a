import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { InProcessReader } from '../../../src/core/ingest/articleReader';
import { saveUploadedArticle, uploadNameProblem } from '../../../src/core/ingest/upload';

const reader = new InProcessReader({ maxBytes: 1024 * 1024 });
const ARTICLE = Buffer.from('# Café\n\nIm Café wird Kaffee getrunken.\n');

describe('upload names', () => {
  it('counts characters as a person does and bytes as the file system does', () => {
    expect(uploadNameProblem(`${'€'.repeat(80)}.md`)).toBe(
      'the file name must be at most 240 bytes long in UTF-8',
    );
    expect(uploadNameProblem(`${'😀'.repeat(58)}.md`)).toBeUndefined();
    expect(uploadNameProblem(`${'a'.repeat(121)}.md`)).toBe('the file name must be 1–120 characters long');
  });

  it('refuses bidi overrides and other invisible formatting characters', () => {
    expect(uploadNameProblem('rechnung\u202Edm.exe.md')).toBe(
      'the file name contains invisible formatting characters',
    );
    expect(uploadNameProblem('ca\u200Bfe.md')).toBe('the file name contains invisible formatting characters');
    expect(uploadNameProblem('café.md')).toBeUndefined();
  });
});

describe('saveUploadedArticle', () => {
  let docs: string;
  beforeEach(async () => {
    docs = await mkdtemp(path.join(os.tmpdir(), 'quellen-upload-'));
  });
  afterEach(async () => {
    await rm(docs, { recursive: true, force: true });
  });

  it('treats a name in NFC and NFD as one article, never overwriting a different one', async () => {
    const nfd = 'cafe\u0301.md';
    await writeFile(path.join(docs, nfd), ARTICLE);
    const same = await saveUploadedArticle(docs, 'café.md', ARTICLE, { reader });
    expect(same.status).toBe('unchanged');
    await expect(
      saveUploadedArticle(docs, 'café.md', Buffer.from('# Anders\n\nEin anderer Text.\n'), { reader }),
    ).rejects.toThrow('a different article with this name already exists');
    expect(await readdir(docs)).toEqual([nfd]);
  });

  it('stores a new name in NFC', async () => {
    const saved = await saveUploadedArticle(docs, 'cafe\u0301.md', ARTICLE, { reader });
    expect(saved.status).toBe('saved');
    expect(await readdir(docs)).toEqual(['café.md']);
  });

  it('recognises two simultaneous uploads of the same bytes as one article', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 6 }, () => saveUploadedArticle(docs, 'gleich.md', ARTICLE, { reader })),
    );
    expect(outcomes.filter((o) => o.status === 'saved')).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === 'unchanged')).toHaveLength(5);
    expect((await readdir(docs)).filter((name) => !name.startsWith('.'))).toEqual(['gleich.md']);
  });
});
