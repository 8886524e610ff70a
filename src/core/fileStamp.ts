import type { Stats } from 'node:fs';
import type { Article, FileStamp } from './types';

/**
 * A file's stamp (size, inode, modification and change time) stands in for its content between
 * two reads: when all four are unchanged, so is the file, and it need not be read and hashed
 * again. The change time is what makes this safe: no program can set it back, whereas the
 * modification time is kept by copies (`cp -p`, `rsync -t`).
 */

/**
 * A file changed less than this before it was read gets no stamp: a second change within the
 * file system's clock tick (or with a clock a little off) could leave its times as they were.
 */
export const STAMP_SETTLE_MS = 2_000;

/** Whether a file's current metadata still matches a stamp. */
export function sameStamp(stamp: FileStamp, stats: Stats): boolean {
  return (
    stamp.bytes === stats.size &&
    stamp.ino === stats.ino &&
    stamp.mtimeMs === stats.mtimeMs &&
    stamp.ctimeMs === stats.ctimeMs
  );
}

/** The stamp of a file read at `now`, or undefined when it changed too recently to trust it. */
export function trustedStamp(stats: Stats, now: number): FileStamp | undefined {
  if (now - Math.max(stats.mtimeMs, stats.ctimeMs) < STAMP_SETTLE_MS) return undefined;
  return { bytes: stats.size, ino: stats.ino, mtimeMs: stats.mtimeMs, ctimeMs: stats.ctimeMs };
}

/**
 * The article with another stamp (none: without one), as a new object when it differs. Fields
 * are copied as they are defined, so a text read on first use (an opened index's) stays so.
 */
export function withFileStamp(article: Article, stamp: FileStamp | undefined): Article {
  if (article.file === stamp) return article;
  const copy = Object.defineProperties({}, Object.getOwnPropertyDescriptors(article)) as Article;
  if (stamp === undefined) delete copy.file;
  else
    Object.defineProperty(copy, 'file', {
      value: stamp,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  return copy;
}
