import { randomUUID } from 'node:crypto';
import { hostname as osHostname } from 'node:os';
import { link, open, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { IndexLockedError, type LockHolder } from './errors';

/** A held index lock; release it in a `finally`. */
export interface IndexLock {
  readonly holder: LockHolder;
  release(): Promise<void>;
}

/** Environment of {@link acquireIndexLock}; defaults are the current process and host. */
export interface LockOptions {
  /** What the holder is doing, shown to whoever is refused, e.g. "quellen index". */
  by: string;
  pid?: number;
  hostname?: string;
  now?: () => Date;
  /** Whether a process of this host is alive (default: `process.kill(pid, 0)`). */
  isAlive?: (pid: number) => boolean;
}

/** Name of the lock file inside the index root. */
export const LOCK_FILE = '.lock';

/**
 * Takes `<root>/.lock` exclusively (the root is expected to exist). A lock left by a dead process of this host, or an
 * unreadable lock file, is taken over; a live holder (or one on another host, whose
 * liveness cannot be checked) makes this throw {@link IndexLockedError}.
 */
export async function acquireIndexLock(root: string, options: LockOptions): Promise<IndexLock> {
  const path = join(root, LOCK_FILE);
  const holder: LockHolder = {
    pid: options.pid ?? process.pid,
    hostname: options.hostname ?? osHostname(),
    startedAt: (options.now ?? (() => new Date()))().toISOString(),
    by: options.by,
  };
  const isAlive = options.isAlive ?? isProcessAlive;
  // The token tells our lock file apart from one that replaced it after a takeover.
  const content = JSON.stringify({ ...holder, token: randomUUID() });

  for (let attempt = 0; attempt < 2; attempt += 1) {
    if (await tryCreate(path, content)) return heldLock(path, holder, content);
    const existing = await readHolder(path);
    if (existing === 'gone') continue;
    const { parsed } = existing;
    if (parsed && (parsed.hostname !== holder.hostname || isAlive(parsed.pid))) {
      throw new IndexLockedError(parsed);
    }
    await removeStale(path, existing.text);
  }
  const existing = await readHolder(path);
  throw new IndexLockedError(
    existing !== 'gone' && existing.parsed
      ? existing.parsed
      : { pid: -1, hostname: 'unknown', startedAt: 'unknown', by: 'another process' },
  );
}

/**
 * Moves a stale lock aside rather than unlinking it: if a contender replaced it in the
 * meantime, what we moved is not the stale text and is put back.
 */
async function removeStale(path: string, staleText: string): Promise<void> {
  const aside = `${path}.stale-${randomUUID()}`;
  try {
    await rename(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  try {
    if ((await readFile(aside, 'utf8')) !== staleText) {
      await link(aside, path).catch(() => undefined);
    }
  } finally {
    await unlink(aside).catch(() => undefined);
  }
}

function heldLock(path: string, holder: LockHolder, content: string): IndexLock {
  let released = false;
  return {
    holder,
    async release() {
      if (released) return;
      released = true;
      try {
        // Never delete a lock that someone else took over in the meantime.
        if ((await readFile(path, 'utf8')) === content) await unlink(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    },
  };
}

/**
 * Creates the lock with its full content in one step: write a private temp file, then
 * hard-link it to the lock name (fails with EEXIST like `wx`), so nobody ever reads a
 * half-written lock and mistakes it for garbage.
 */
async function tryCreate(path: string, content: string): Promise<boolean> {
  const temp = `${path}.${randomUUID()}.tmp`;
  const handle = await open(temp, 'wx');
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(temp, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

async function readHolder(path: string): Promise<{ text: string; parsed?: LockHolder } | 'gone'> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw error;
  }
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    if (
      typeof value.pid === 'number' &&
      typeof value.hostname === 'string' &&
      typeof value.startedAt === 'string' &&
      typeof value.by === 'string'
    ) {
      return {
        text,
        parsed: { pid: value.pid, hostname: value.hostname, startedAt: value.startedAt, by: value.by },
      };
    }
  } catch {
    // Fall through: a foreign or damaged file.
  }
  return { text };
}

/** `process.kill(pid, 0)`: ESRCH means dead; EPERM means alive but not ours. */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
