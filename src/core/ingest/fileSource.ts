/**
 * The article collection on disk: a folder of text, markdown and HTML files, read recursively.
 */

import { createHash } from 'node:crypto';
import { promises as fs, readFile, stat, type Dirent, type Stats } from 'node:fs';
import { promisify } from 'node:util';
import path from 'node:path';

import type { Article, ArticleSource, ReadAllOptions, SkippedFile } from '../types';
import { sameStamp, stampsTrustedAt, trustedStamp, withFileStamp } from '../fileStamp';
import { InProcessReader, type ArticleReader } from './articleReader';
import { sizeLimitReason } from './decode';
import type { HtmlReader } from './html';
import { formatOf, unsupportedReason, type ReadResult } from './readArticle';
import { type FileStats, type StatResult, isStatError, statFiles } from './bulkStat';

/** Options for {@link FileArticleSource}. */
export interface FileArticleSourceOptions {
  /** Files larger than this are skipped. */
  maxBytes: number;
  /** Files read at the same time (default 8). */
  concurrency?: number;
  /**
   * Reads each file's bytes into an article (default: in this process, without a budget). The app
   * passes an `IsolatedReader`, so that no file can stall the process.
   */
  reader?: ArticleReader;
  /** For the default reader: loads the HTML reader on first use; replaceable in tests. */
  loadHtml?: () => Promise<HtmlReader>;
  /** The clock file times are compared with (default `Date.now`). */
  now?: () => number;
  /** Whether file stamps hold on the file system of a path (default: Linux's local file systems). */
  stampsTrustedAt?: (path: string) => Promise<boolean>;
  /** Reads many files' metadata ahead (default {@link statFiles}, on a worker thread). */
  statFiles?: (paths: readonly string[]) => Promise<StatResult[]>;
}

/** Error codes of the file system, as short phrases for the skipped-files report. */
const FS_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: 'file not found',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'is a folder',
  ENOTDIR: 'not a folder',
  ELOOP: 'too many symbolic links',
  EMFILE: 'too many open files',
  EIO: 'input/output error',
};

/** A file-system error as a short phrase ("permission denied"). */
function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code && FS_ERRORS[code]) return FS_ERRORS[code];
  return error instanceof Error ? (error.message.split(/[,\n]/)[0] ?? error.message) : String(error);
}

/** "unreadable: permission denied" for a file-system error. */
export function unreadableReason(error: unknown): string {
  return `unreadable: ${describeFsError(error)}`;
}

// The callback API, promisified: `fs.promises.readFile` reads in several round trips and took
// about 1.7x as long over 13k small articles (Node 20).
const statFile = promisify(stat);
const readWholeFile = promisify(readFile);

const compareCodePoints = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** From this many files on, a folder's metadata is read in one pass on a worker (see bulkStat.ts). */
const BULK_STAT_MIN_FILES = 64;
/**
 * Files whose metadata was read ahead and that turn out unchanged need no input or output, so
 * reading them never waits: each of the concurrent readers gives the event loop a turn after
 * this many (it gets one once all have).
 */
const YIELD_EVERY_FILES = 32;

function fileStatsOf(stats: Stats): FileStats {
  const { size, dev, ino, mtimeMs, ctimeMs } = stats;
  return { isFile: stats.isFile(), size, dev, ino, mtimeMs, ctimeMs };
}

/**
 * Reads every article below a folder. Article ids are paths relative to the folder with forward
 * slashes; files and folders whose names start with a dot are ignored silently; everything that
 * cannot be read is reported in `skipped` with a one-line reason, never thrown.
 *
 * @example
 * const source = new FileArticleSource('docs', { maxBytes: 5 * 1024 * 1024 });
 * const { articles, skipped } = await source.readAll();
 */
export class FileArticleSource implements ArticleSource {
  private readonly root: string;
  private readonly reader: ArticleReader;
  private readonly now: () => number;
  private readonly trustedDevices = new Map<number, Promise<boolean>>();

  constructor(
    rootDir: string,
    private readonly options: FileArticleSourceOptions,
  ) {
    this.root = path.resolve(rootDir);
    this.now = options.now ?? Date.now;
    this.reader =
      options.reader ??
      new InProcessReader({
        maxBytes: options.maxBytes,
        ...(options.loadHtml ? { loadHtml: options.loadHtml } : {}),
      });
  }

  /**
   * Relative paths of all non-hidden files below the root, sorted by code point, plus folders
   * that could not be listed. Throws only when the root itself cannot be listed.
   */
  async listFiles(): Promise<{ files: string[]; skipped: SkippedFile[] }> {
    const files: string[] = [];
    const skipped: SkippedFile[] = [];
    try {
      await fs.readdir(this.root);
    } catch (error) {
      throw new Error(`cannot read the article folder ${this.root}: ${describeFsError(error)}`, {
        cause: error,
      });
    }
    const pending: string[] = [''];
    while (pending.length > 0) {
      const dir = pending.pop()!;
      let entries: Dirent[];
      try {
        entries = await fs.readdir(path.join(this.root, dir), { withFileTypes: true });
      } catch (error) {
        skipped.push({ path: dir, reason: unreadableReason(error) });
        continue;
      }
      for (const entry of entries) {
        if (entry.name.startsWith('.')) continue;
        const rel = dir === '' ? entry.name : `${dir}/${entry.name}`;
        if (entry.isDirectory()) pending.push(rel);
        else if (entry.isFile() || entry.isSymbolicLink()) files.push(rel);
      }
    }
    files.sort(compareCodePoints);
    return { files, skipped };
  }

  /** Reads every article; see the class description and {@link ReadAllOptions}. */
  async readAll(options: ReadAllOptions = {}): Promise<{ articles: Article[]; skipped: SkippedFile[] }> {
    const { files, skipped } = await this.listFiles();
    const results = new Array<ReadResult>(files.length);
    // Metadata read ahead only tells unchanged files apart, so it pays only when articles are
    // known. Should it fail (a worker that cannot start), each file is asked on its own.
    const readAhead = this.options.statFiles ?? statFiles;
    const stats =
      options.known && files.length >= BULK_STAT_MIN_FILES
        ? await readAhead(files.map((file) => this.absolutePathOf(file))).catch(() => undefined)
        : undefined;
    let next = 0;
    const worker = async (): Promise<void> => {
      let sinceYield = 0;
      while (next < files.length) {
        const index = next++;
        const ahead = stats?.[index];
        results[index] = await this.readOne(
          files[index]!,
          options.known,
          ahead && !isStatError(ahead) ? ahead : undefined,
        );
        if (stats && ++sinceYield >= YIELD_EVERY_FILES) {
          sinceYield = 0;
          await new Promise<void>((resolve) => setImmediate(resolve));
        }
      }
    };
    const workers = Math.max(1, Math.min(this.options.concurrency ?? 8, files.length));
    await Promise.all(Array.from({ length: workers }, worker));

    const articles: Article[] = [];
    results.forEach((result, i) => {
      if (result.ok) articles.push(result.article);
      else skipped.push({ path: files[i]!, reason: result.reason });
    });
    skipped.sort((a, b) => compareCodePoints(a.path, b.path));
    return { articles, skipped };
  }

  /** The absolute path of a file named relative to the root ("\\" read as "/"). */
  private absolutePathOf(relPath: string): string {
    return path.resolve(this.root, relPath.replace(/\\/g, '/'));
  }

  /** Whether stamps hold on the file system of a device (asked once per device). */
  private stampsTrusted(device: number, file: string): Promise<boolean> {
    let trusted = this.trustedDevices.get(device);
    if (trusted === undefined) {
      trusted = (this.options.stampsTrustedAt ?? stampsTrustedAt)(file);
      this.trustedDevices.set(device, trusted);
    }
    return trusted;
  }

  /**
   * Reads one article by its path relative to the root (as a file watcher reports it). Never
   * throws; paths outside the root or hidden paths are refused with a reason. A file whose bytes
   * hash to `known`'s article for its id is that article (see {@link ReadAllOptions}). `ahead`
   * is the file's metadata read ahead (by {@link readAll}): it can tell the file unchanged, while
   * a file that is read is asked for its metadata again, just before.
   */
  async readOne(relPath: string, known?: ReadAllOptions['known'], ahead?: FileStats): Promise<ReadResult> {
    const absolute = this.absolutePathOf(relPath);
    const fromRoot = path.relative(this.root, absolute);
    if (fromRoot === '' || fromRoot.startsWith('..') || path.isAbsolute(fromRoot)) {
      return { ok: false, reason: 'outside the article folder' };
    }
    const id = fromRoot.split(path.sep).join('/');
    if (id.split('/').some((part) => part.startsWith('.')))
      return { ok: false, reason: 'hidden file (ignored)' };
    if (!formatOf(id)) return { ok: false, reason: unsupportedReason(id) };
    try {
      const before = known?.(id);
      // The file is unchanged when its stamp is (see fileStamp.ts; only on local file systems).
      if (
        ahead?.isFile &&
        before?.file &&
        !sizeLimitReason(ahead.size, this.options.maxBytes) &&
        sameStamp(before.file, ahead) &&
        (await this.stampsTrusted(ahead.dev, absolute))
      ) {
        return { ok: true, article: before };
      }
      const current = fileStatsOf(await statFile(absolute));
      if (!current.isFile) return { ok: false, reason: 'not a regular file' };
      // Checked before reading so that a huge file is never loaded into memory.
      const tooLarge = sizeLimitReason(current.size, this.options.maxBytes);
      if (tooLarge) return { ok: false, reason: tooLarge };
      const stamps = await this.stampsTrusted(current.dev, absolute);
      if (stamps && before?.file && sameStamp(before.file, current)) return { ok: true, article: before };
      const bytes = await readWholeFile(absolute);
      // Stamped only when nothing changed while it was read.
      const stamp = stamps
        ? trustedStamp(current, fileStatsOf(await statFile(absolute)), this.now())
        : undefined;
      if (before && before.contentHash === createHash('sha256').update(bytes).digest('hex')) {
        return { ok: true, article: withFileStamp(before, stamp) };
      }
      const read = await this.reader.read(id, bytes);
      return read.ok ? { ok: true, article: withFileStamp(read.article, stamp) } : read;
    } catch (error) {
      return { ok: false, reason: unreadableReason(error) };
    }
  }
}
