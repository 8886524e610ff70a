import { randomUUID } from 'node:crypto';
import { hostname as osHostname } from 'node:os';
import { link, open, readFile, unlink } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';
import { join } from 'node:path';
import { IndexLockedError, type LockHolder } from './indexErrors';

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

/** Tries to create or take over the lock; a takeover in progress elsewhere costs one try. */
const MAX_ATTEMPTS = 5;
const TAKEOVER_WAIT_MS = 20;

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

  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
    if (await tryCreate(path, content)) return heldLock(path, holder, content);
    const existing = await readHolder(path);
    if (existing === 'gone') continue;
    const { parsed } = existing;
    if (parsed && (parsed.hostname !== holder.hostname || isAlive(parsed.pid))) {
      throw new IndexLockedError(parsed);
    }
    const removal = await removeStale(path, existing.text, holder, isAlive);
    if (removal === 'removed' && (await tryCreate(path, content))) return heldLock(path, holder, content);
    // Another contender is taking the stale lock over: look again once it is done.
    if (removal === 'busy') await delay(TAKEOVER_WAIT_MS);
  }
  const existing = await readHolder(path);
  throw new IndexLockedError(
    existing !== 'gone' && existing.parsed
      ? existing.parsed
      : { pid: -1, hostname: 'unknown', startedAt: 'unknown', by: 'another process' },
  );
}

/**
 * Removes a stale lock, one contender at a time: whoever holds `<lock>.takeover` re-reads the lock
 * and deletes it only if it is still the stale text. Only removers change an existing lock file,
 * so with removers taking turns the lock cannot change between that read and the delete. (Moving
 * the lock aside without taking turns let a slow contender move a fresh lock away, and a third
 * one take the lock while the first still held it.)
 */
async function removeStale(
  path: string,
  staleText: string,
  holder: LockHolder,
  isAlive: (pid: number) => boolean,
): Promise<'removed' | 'changed' | 'busy'> {
  const guard = `${path}.takeover`;
  if (!(await tryCreate(guard, JSON.stringify({ ...holder, token: randomUUID() })))) {
    await removeDeadGuard(guard, holder.hostname, isAlive);
    return 'busy';
  }
  try {
    const current = await readHolder(path);
    if (current === 'gone' || current.text !== staleText) return 'changed';
    await unlink(path).catch(ignoreMissing);
    return 'removed';
  } finally {
    await unlink(guard).catch(ignoreMissing);
  }
}

/**
 * A takeover guard outlives its holder only if that process died between taking and releasing it
 * (a few file operations); without this, no stale lock could ever be taken over again.
 */
async function removeDeadGuard(
  guard: string,
  hostname: string,
  isAlive: (pid: number) => boolean,
): Promise<void> {
  const existing = await readHolder(guard);
  if (existing === 'gone') return;
  const { parsed } = existing;
  if (parsed && (parsed.hostname !== hostname || isAlive(parsed.pid))) return;
  await unlink(guard).catch(ignoreMissing);
}

function ignoreMissing(error: unknown): void {
  if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
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
