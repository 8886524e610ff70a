import { randomBytes } from 'node:crypto';
import { link, mkdir, readdir, readFile, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../errors';
import type { Article } from '../types';
import type { ArticleReader } from './articleReader';
import { formatOf, SUPPORTED_EXTENSIONS } from './readArticle';

/** Longest file name accepted for an uploaded article, in characters and in UTF-8 bytes. */
export const MAX_UPLOAD_NAME_LENGTH = 120;
export const MAX_UPLOAD_NAME_BYTES = 240;

/** What happened to an uploaded file. */
export type UploadOutcome = { status: 'saved'; article: Article } | { status: 'unchanged'; article: Article };

/**
 * Checks an uploaded file name: a plain file name (no folders, no `..`, not hidden, no control
 * characters) with a supported extension. Returns the reason it is refused, or undefined.
 */
export function uploadNameProblem(fileName: string): string | undefined {
  const characters = [...fileName].length;
  if (characters === 0 || characters > MAX_UPLOAD_NAME_LENGTH) {
    return `the file name must be 1–${MAX_UPLOAD_NAME_LENGTH} characters long`;
  }
  // File systems count bytes (255 at most): "€" is one character but three bytes.
  if (Buffer.byteLength(fileName, 'utf8') > MAX_UPLOAD_NAME_BYTES) {
    return `the file name must be at most ${MAX_UPLOAD_NAME_BYTES} bytes long in UTF-8`;
  }
  // Bidi overrides, zero-width and other format characters make a name look like another one.
  if (/\p{Cf}/u.test(fileName)) return 'the file name contains invisible formatting characters';
  if (/[/\\]/.test(fileName) || fileName === '..' || fileName.includes('..')) {
    return 'the file name must not contain a path';
  }
  if (fileName.startsWith('.')) return 'the file name must not start with a dot';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(fileName)) return 'the file name contains control characters';
  if (!formatOf(fileName)) return `unsupported file type (expected ${SUPPORTED_EXTENSIONS.join(', ')})`;
  return undefined;
}

/**
 * Validates an uploaded article (name, type, size, encoding, readable text) and stores it
 * directly in the collection folder. An existing file with the same name is never
 * overwritten: identical content is reported as unchanged, different content is refused.
 * The file appears atomically (written to a hidden temp file, then hard-linked into place),
 * so a crash never leaves half an article in the collection.
 *
 * @throws UserError `UPLOAD_REJECTED` with a one-line reason
 */
export async function saveUploadedArticle(
  docsDir: string,
  fileName: string,
  bytes: Uint8Array,
  options: { reader: ArticleReader },
): Promise<UploadOutcome> {
  // One name, one article: "café.md" typed on macOS (NFD) and elsewhere (NFC) is the same file.
  fileName = await existingSpelling(docsDir, fileName.normalize('NFC'));
  const nameProblem = uploadNameProblem(fileName);
  if (nameProblem) throw new UserError('UPLOAD_REJECTED', `${fileName}: ${nameProblem}.`, { file: fileName });
  const result = await options.reader.read(fileName, bytes);
  if (!result.ok)
    throw new UserError('UPLOAD_REJECTED', `${fileName}: ${result.reason}.`, { file: fileName });

  const target = path.join(docsDir, fileName);
  if (path.dirname(target) !== path.resolve(docsDir)) {
    throw new UserError('UPLOAD_REJECTED', `${fileName}: the file name must not contain a path.`, {
      file: fileName,
    });
  }
  await mkdir(docsDir, { recursive: true });
  const existing = await readFile(target).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (existing) {
    if (Buffer.compare(existing, Buffer.from(bytes)) === 0)
      return { status: 'unchanged', article: result.article };
    throw new UserError(
      'UPLOAD_REJECTED',
      `${fileName}: a different article with this name already exists.`,
      {
        file: fileName,
      },
    );
  }
  const temp = path.join(docsDir, `.upload-${randomBytes(6).toString('hex')}`);
  await writeFile(temp, bytes, { flag: 'wx' });
  try {
    await link(temp, target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      // Another upload of the same name won the race: the same bytes are the same article.
      const winner = await readFile(target).catch(() => undefined);
      if (winner && Buffer.compare(winner, Buffer.from(bytes)) === 0)
        return { status: 'unchanged', article: result.article };
      throw new UserError(
        'UPLOAD_REJECTED',
        `${fileName}: a different article with this name already exists.`,
        {
          file: fileName,
        },
      );
    }
    throw error;
  } finally {
    await unlink(temp).catch(() => undefined);
  }
  return { status: 'saved', article: result.article };
}

/**
 * The name an upload is stored under: a file already in the folder whose name is the same in
 * Unicode NFC keeps its spelling (so it is recognised, never duplicated); otherwise `nfcName`.
 */
async function existingSpelling(docsDir: string, nfcName: string): Promise<string> {
  const names = await readdir(docsDir).catch(() => [] as string[]);
  return names.find((name) => name !== nfcName && name.normalize('NFC') === nfcName) ?? nfcName;
}
