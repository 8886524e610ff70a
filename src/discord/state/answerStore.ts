import { randomBytes } from 'node:crypto';
import { constants, type Dirent } from 'node:fs';
import { access, mkdir, open, readdir, rename, rm, writeFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../../core/logger';
import type { Answer } from '../../core/types';

/** What the buttons of an answer need later. */
export interface StoredAnswer {
  answer: Answer;
  question: string;
  guildId: string | null;
}

/**
 * Answers kept for their buttons ("Sources", "continue in a thread", 👍/👎). `put` returns a
 * short key that is safe inside a button's custom id; `get` returns undefined for a key that is
 * unknown, malformed or expired, never throws.
 */
export interface AnswerStore {
  /** Prepares the store (the bot calls it once at start); problems are logged, never thrown. */
  open(): Promise<void>;
  put(value: StoredAnswer): Promise<string>;
  get(id: string): Promise<StoredAnswer | undefined>;
}

/** Bounds of both stores: how many answers are kept and for how long. */
export interface AnswerStoreLimits {
  /** Default 5,000. */
  maxEntries?: number;
  /** Default 30 days. */
  maxAgeMs?: number;
  now?: () => number;
}

const DEFAULT_MAX_ENTRIES = 5_000;
const DEFAULT_MAX_AGE_MS = 30 * 24 * 3600 * 1000;
/** A key: the time it was made (base 36, fixed width, so names sort by age) and 8 random characters. */
const KEY_PATTERN = /^([0-9a-z]{9})([A-Za-z0-9_-]{8})$/;
const FILE_PATTERN = /^([0-9a-z]{9}[A-Za-z0-9_-]{8})\.json$/;
/** A stored answer larger than this is not one this bot wrote; it is not read. */
const MAX_FILE_BYTES = 512 * 1024;

function newKey(now: number): string {
  return now.toString(36).padStart(9, '0').slice(-9) + randomBytes(6).toString('base64url');
}

/** When a key was made, or undefined for a string that is no key. */
function keyTime(id: string): number | undefined {
  const match = KEY_PATTERN.exec(id);
  return match ? parseInt(match[1]!, 36) : undefined;
}

/**
 * Answers kept in this process: bounded in count (least recently used goes first) and in age.
 * Lost on restart; the bot uses {@link FileAnswerStore}, tests and tools may use this one.
 */
export class MemoryAnswerStore implements AnswerStore {
  private readonly entries = new Map<string, StoredAnswer>();
  private readonly maxEntries: number;
  private readonly maxAgeMs: number;
  private readonly now: () => number;

  constructor(options: AnswerStoreLimits = {}) {
    this.maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
    this.maxAgeMs = options.maxAgeMs ?? DEFAULT_MAX_AGE_MS;
    this.now = options.now ?? Date.now;
  }

  open(): Promise<void> {
    return Promise.resolve();
  }

  put(value: StoredAnswer): Promise<string> {
    const id = newKey(this.now());
    this.remember(id, value);
    return Promise.resolve(id);
  }

  get(id: string): Promise<StoredAnswer | undefined> {
    return Promise.resolve(this.peek(id));
  }

  /** Keeps `value` under an existing key (used by {@link FileAnswerStore} as its cache). */
  remember(id: string, value: StoredAnswer): void {
    this.entries.delete(id);
    this.entries.set(id, value);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  /** The answer under `id` if it is known and not expired (synchronous). */
  peek(id: string): StoredAnswer | undefined {
    const at = keyTime(id);
    const value = this.entries.get(id);
    if (at === undefined || value === undefined) return undefined;
    if (this.now() - at > this.maxAgeMs) {
      this.entries.delete(id);
      return undefined;
    }
    // Re-inserted so Map order stays least-recently-used first.
    this.remember(id, value);
    return value;
  }

  get size(): number {
    return this.entries.size;
  }
}

/**
 * Answers kept on disk, one JSON file per answer in `dir`, so buttons keep working after a
 * restart and across shards that share the directory. A file is written under a temporary name
 * and renamed, so a reader never sees half an answer; the oldest files beyond `maxEntries` or
 * `maxAgeMs` are deleted every few answers. A failing disk costs the buttons of the answers it
 * could not keep (logged), never the answer itself: the last 200 answers are also kept in memory.
 * Files are readable by the bot's user only, and only regular files are read.
 */
export class FileAnswerStore implements AnswerStore {
  private readonly cache: MemoryAnswerStore;
  private readonly maxEntries: number;
  private readonly maxAgeMs: number;
  private readonly now: () => number;
  private putsSincePrune = 0;
  private pruning: Promise<void> | undefined;
  private ready: Promise<void> | undefined;
  /** Whether the last write failed (the warning is logged once per run of failures). */
  private failing = false;

  /** Answers written between two prunes. */
  static readonly PRUNE_EVERY = 50;

  constructor(
    readonly dir: string,
    private readonly logger: Logger,
    options: AnswerStoreLimits = {},
  ) {
    this.maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
    this.maxAgeMs = options.maxAgeMs ?? DEFAULT_MAX_AGE_MS;
    this.now = options.now ?? Date.now;
    this.cache = new MemoryAnswerStore({ ...options, maxEntries: Math.min(this.maxEntries, 200) });
  }

  /**
   * Makes the folder and deletes what is beyond the bounds (a bot stopped soon after its start
   * would never prune otherwise). An unusable folder is said once, in one line, with the fix.
   */
  async open(): Promise<void> {
    try {
      await this.ensureDir();
      // An existing folder may still refuse writes (a volume owned by another user).
      await access(this.dir, constants.W_OK);
    } catch (error) {
      this.failing = true;
      this.logger.warn(
        { dir: this.dir, reason: reasonOf(error) },
        `ANSWERS_DIR ${this.dir} cannot be used (${reasonOf(error)}): buttons of answers will not work after a restart; set ANSWERS_DIR to a writable folder`,
      );
      return;
    }
    await this.prune();
  }

  private ensureDir(): Promise<void> {
    // Members' questions: readable by the bot's user only.
    this.ready ??= mkdir(this.dir, { recursive: true, mode: 0o700 }).then(
      () => undefined,
      (error: unknown) => {
        this.ready = undefined;
        throw error;
      },
    );
    return this.ready;
  }

  async put(value: StoredAnswer): Promise<string> {
    const id = newKey(this.now());
    this.cache.remember(id, value);
    const file = join(this.dir, `${id}.json`);
    const temp = join(this.dir, `.${id}.${process.pid}.tmp`);
    try {
      await this.ensureDir();
      await writeFile(temp, JSON.stringify(value), { encoding: 'utf8', mode: 0o600 });
      await rename(temp, file);
      this.failing = false;
    } catch (error) {
      // The folder may be gone (deleted while the bot runs): made again on the next answer.
      this.ready = undefined;
      await rm(temp, { force: true }).catch(() => undefined);
      if (!this.failing)
        this.logger.warn(
          { dir: this.dir, reason: reasonOf(error) },
          `cannot keep answers in ANSWERS_DIR ${this.dir} (${reasonOf(error)}): their buttons work only while they are among the last 200 answers of this run`,
        );
      this.failing = true;
    }
    if (this.putsSincePrune++ % FileAnswerStore.PRUNE_EVERY === 0) void this.prune();
    return id;
  }

  async get(id: string): Promise<StoredAnswer | undefined> {
    const at = keyTime(id);
    if (at === undefined || this.now() - at > this.maxAgeMs) return undefined;
    const cached = this.cache.peek(id);
    if (cached) return cached;
    const text = await readKeptFile(join(this.dir, `${id}.json`));
    if (text === undefined) return undefined;
    const value = parseStoredAnswer(text);
    if (value) this.cache.remember(id, value);
    else this.logger.warn({ id, dir: this.dir }, 'a kept answer is unreadable; its buttons say it expired');
    return value;
  }

  /**
   * Deletes answers beyond the bounds, and temporary files of writes that never finished. Runs
   * one at a time; concurrent prunes of several shards only race to delete the same files.
   */
  prune(): Promise<void> {
    this.pruning ??= this.pruneNow()
      .catch((error: unknown) => this.logger.warn({ err: error, dir: this.dir }, 'cannot prune kept answers'))
      .finally(() => {
        this.pruning = undefined;
      });
    return this.pruning;
  }

  private async pruneNow(): Promise<void> {
    let entries: Dirent[];
    try {
      entries = await readdir(this.dir, { withFileTypes: true });
    } catch {
      return;
    }
    const now = this.now();
    // Only regular files are the store's own; anything else with such a name is left alone.
    const names = entries.filter((entry) => entry.isFile()).map((entry) => entry.name);
    const kept = names
      .map((name) => FILE_PATTERN.exec(name)?.[1])
      .filter((id): id is string => id !== undefined)
      .sort();
    const expired = kept.filter((id) => now - (keyTime(id) ?? 0) > this.maxAgeMs);
    const surplus = kept.slice(0, Math.max(0, kept.length - this.maxEntries));
    const doomed = new Set([...expired, ...surplus].map((id) => `${id}.json`));
    // A temporary file older than a minute belongs to a write that died with its process.
    for (const name of names) {
      const stale = /^\.([0-9a-z]{9})[A-Za-z0-9_-]{8}\.\d+\.tmp$/.exec(name);
      if (stale && now - parseInt(stale[1]!, 36) > 60_000) doomed.add(name);
    }
    // One file that cannot be deleted must not keep the others.
    let failed = 0;
    let lastError: unknown;
    for (const name of doomed) {
      try {
        await rm(join(this.dir, name), { force: true });
      } catch (error) {
        failed += 1;
        lastError = error;
      }
    }
    if (failed > 0)
      this.logger.warn({ err: lastError, dir: this.dir, failed }, 'cannot delete some kept answers');
  }
}

/**
 * The text of a kept answer's file, or undefined when it is missing, no regular file (a link, a
 * device, a pipe: opened without following links and without blocking) or larger than a kept
 * answer can be.
 */
async function readKeptFile(file: string): Promise<string | undefined> {
  let handle: FileHandle;
  try {
    handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile() || stats.size > MAX_FILE_BYTES) return undefined;
    return await handle.readFile('utf8');
  } catch {
    return undefined;
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** A file system error in a few words (its code), without a stack. */
function reasonOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  return ((error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '').trim();
}

/** A stored answer read back, or undefined when the text is not one. */
function parseStoredAnswer(text: string): StoredAnswer | undefined {
  try {
    const value = JSON.parse(text) as Partial<StoredAnswer> | null;
    const answer = value?.answer as Partial<Answer> | undefined;
    if (
      typeof value?.question !== 'string' ||
      (value.guildId !== null && typeof value.guildId !== 'string') ||
      typeof answer?.text !== 'string' ||
      !Array.isArray(answer.citations) ||
      !Array.isArray(answer.nearestArticles)
    )
      return undefined;
    return value as StoredAnswer;
  } catch {
    return undefined;
  }
}
