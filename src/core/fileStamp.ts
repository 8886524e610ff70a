import type { Stats } from 'node:fs';
import { statfs } from 'node:fs/promises';
import type { Article, FileStamp } from './types';

/** The fields of a file's metadata a stamp is made of (`fs.Stats` has them). */
export type StampedStats = Pick<Stats, 'size' | 'ino' | 'mtimeMs' | 'ctimeMs'>;

/**
 * A file's stamp (size, inode, modification and change time) stands in for its content between
 * two reads: when all four are unchanged, so is the file, and it need not be read and hashed
 * again. The change time is what makes this safe on the local file systems of Linux: the kernel
 * sets it on every change and no program can set it back, whereas the modification time is kept
 * by copies (`cp -p`, `rsync -t`). Elsewhere (network and FUSE file systems, whose attributes may
 * be cached; FAT, which has no change time; other systems) stamps are not used at all.
 */

/**
 * A file changed less than this before it was read gets no stamp: a second change within the
 * file system's clock tick (or with a clock a little off) could leave its times as they were.
 */
export const STAMP_SETTLE_MS = 2_000;

/**
 * `statfs` types of the Linux file systems whose change time the kernel keeps itself: ext2/3/4,
 * XFS, Btrfs, tmpfs, overlayfs (containers), ZFS, F2FS, bcachefs.
 */
const LOCAL_FILE_SYSTEMS: ReadonlySet<number> = new Set([
  0xef53, 0x58465342, 0x9123683e, 0x01021994, 0x794c7630, 0x2fc12fc1, 0xf2f52010, 0xca451a4e,
]);

/** Whether stamps can be trusted for files on the file system holding `path` (see above). */
export async function stampsTrustedAt(path: string): Promise<boolean> {
  if (process.platform !== 'linux') return false;
  try {
    const { type } = await statfs(path);
    return LOCAL_FILE_SYSTEMS.has(type >>> 0);
  } catch {
    return false;
  }
}

/** The stamp of a file's metadata. */
function stampOf(stats: StampedStats): FileStamp {
  return { bytes: stats.size, ino: stats.ino, mtimeMs: stats.mtimeMs, ctimeMs: stats.ctimeMs };
}

/** Whether two stamps are equal in every field. */
export function equalStamps(a: FileStamp, b: FileStamp): boolean {
  return a.bytes === b.bytes && a.ino === b.ino && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs;
}

/** Whether a file's current metadata still matches a stamp. */
export function sameStamp(stamp: FileStamp, stats: StampedStats): boolean {
  return equalStamps(stamp, stampOf(stats));
}

/**
 * The stamp of a file read at `now` between two stats of it, or undefined when it changed too
 * recently to trust its times, or while it was read (`after` differs from `before`), or when an
 * index could not store it (an inode number past 2^53, a time before 1970): a stamp lost on the
 * way back would make every run see a new one.
 */
export function trustedStamp(before: StampedStats, after: StampedStats, now: number): FileStamp | undefined {
  if (now - Math.max(before.mtimeMs, before.ctimeMs) < STAMP_SETTLE_MS) return undefined;
  const stamp = stampOf(before);
  return sameStamp(stamp, after) ? parseFileStamp(stamp) : undefined;
}

/** A stamp as decoded from an index file, or undefined when it is not one (damaged, another kind). */
export function parseFileStamp(value: unknown): FileStamp | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { bytes, ino, mtimeMs, ctimeMs } = value as Record<string, unknown>;
  const count = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 0;
  const time = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n) && n >= 0;
  return count(bytes) && count(ino) && time(mtimeMs) && time(ctimeMs)
    ? { bytes, ino, mtimeMs, ctimeMs }
    : undefined;
}

/**
 * The article with another stamp (none: without one), as a new object when it differs in value.
 * Fields are copied as they are defined, so a text read on first use (an opened index's) stays so.
 */
export function withFileStamp(article: Article, stamp: FileStamp | undefined): Article {
  const { file } = article;
  if (file === stamp) return article;
  // An update stamps every unchanged article again, mostly with the stamp it already has.
  if (file !== undefined && stamp !== undefined && equalStamps(file, stamp)) return article;
  const { file: _old, ...descriptors } = Object.getOwnPropertyDescriptors(article);
  const fields: PropertyDescriptorMap = descriptors;
  if (stamp !== undefined)
    fields.file = { value: stamp, enumerable: true, writable: true, configurable: true };
  return Object.defineProperties({}, fields) as Article;
}
