import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { IndexLockedError } from '../../../src/core/index/indexErrors';
import { acquireIndexLock, isProcessAlive } from '../../../src/core/index/lock';

/** A pid that certainly belongs to no running process: a child that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '0']);
  return child.pid!;
}

describe('index lock', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'quellen-lock-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  test('writes the holder into .lock and removes it on release', async () => {
    const lock = await acquireIndexLock(root, {
      by: 'quellen index',
      now: () => new Date('2024-05-01T10:00:00Z'),
    });
    const content = JSON.parse(readFileSync(join(root, '.lock'), 'utf8'));
    expect(content).toMatchObject({
      pid: process.pid,
      hostname: hostname(),
      startedAt: '2024-05-01T10:00:00.000Z',
      by: 'quellen index',
    });
    await lock.release();
    expect(existsSync(join(root, '.lock'))).toBe(false);
    expect(readdirSync(root)).toEqual([]);
  });

  test('a lock held by a live process is refused with holder and start time', async () => {
    const held = await acquireIndexLock(root, {
      by: 'quellen bot',
      now: () => new Date('2024-05-01T10:00:00Z'),
    });
    const error = await acquireIndexLock(root, { by: 'quellen index' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(IndexLockedError);
    expect((error as Error).message).toBe(
      `index is locked by quellen bot (pid ${process.pid} on ${hostname()}, since 2024-05-01T10:00:00.000Z)`,
    );
    await held.release();
    await (await acquireIndexLock(root, { by: 'quellen index' })).release();
  });

  test('a lock left by a dead process of this host is taken over', async () => {
    const pid = deadPid();
    expect(isProcessAlive(pid)).toBe(false);
    writeFileSync(
      join(root, '.lock'),
      JSON.stringify({ pid, hostname: hostname(), startedAt: '2020-01-01T00:00:00.000Z', by: 'crashed run' }),
    );
    const lock = await acquireIndexLock(root, { by: 'quellen index' });
    expect(JSON.parse(readFileSync(join(root, '.lock'), 'utf8'))).toMatchObject({
      pid: process.pid,
      by: 'quellen index',
    });
    await lock.release();
    expect(readdirSync(root)).toEqual([]);
  });

  test('an unreadable lock file is taken over', async () => {
    writeFileSync(join(root, '.lock'), '{"pid": 12');
    const lock = await acquireIndexLock(root, { by: 'quellen index' });
    expect(JSON.parse(readFileSync(join(root, '.lock'), 'utf8')).by).toBe('quellen index');
    await lock.release();
  });

  test('a lock held on another host is respected, since its process cannot be checked', async () => {
    writeFileSync(
      join(root, '.lock'),
      JSON.stringify({
        pid: deadPid(),
        hostname: 'other-host',
        startedAt: '2020-01-01T00:00:00.000Z',
        by: 'remote',
      }),
    );
    await expect(acquireIndexLock(root, { by: 'quellen index' })).rejects.toThrow(
      /locked by remote .* on other-host/,
    );
  });

  test('release does not delete a lock another process took over meanwhile', async () => {
    const lock = await acquireIndexLock(root, { by: 'first' });
    const other = JSON.stringify({ pid: process.pid, hostname: hostname(), startedAt: 'x', by: 'second' });
    writeFileSync(join(root, '.lock'), other);
    await lock.release();
    expect(readFileSync(join(root, '.lock'), 'utf8')).toBe(other);
  });

  test('only one of many concurrent contenders gets the lock', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => acquireIndexLock(root, { by: `contender ${i}` })),
    );
    const winners = results.filter((result) => result.status === 'fulfilled');
    expect(winners).toHaveLength(1);
    expect(
      results
        .filter((r) => r.status === 'rejected')
        .every((r) => (r as PromiseRejectedResult).reason instanceof IndexLockedError),
    ).toBe(true);
  });

  test('only one of many concurrent contenders takes over a stale lock', async () => {
    writeFileSync(
      join(root, '.lock'),
      JSON.stringify({
        pid: deadPid(),
        hostname: hostname(),
        startedAt: '2020-01-01T00:00:00.000Z',
        by: 'crashed',
      }),
    );
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => acquireIndexLock(root, { by: `contender ${i}` })),
    );
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
  });

  test('a takeover left unfinished by a dead process does not block taking over a stale lock', async () => {
    const dead = { pid: deadPid(), hostname: hostname(), startedAt: '2020-01-01T00:00:00.000Z' };
    writeFileSync(join(root, '.lock'), JSON.stringify({ ...dead, by: 'crashed' }));
    writeFileSync(join(root, '.lock.takeover'), JSON.stringify({ ...dead, by: 'crashed mid-takeover' }));
    const lock = await acquireIndexLock(root, { by: 'quellen index' });
    expect(lock.holder.by).toBe('quellen index');
    await lock.release();
    expect(readdirSync(root)).toEqual([]);
  });

  test('a takeover in progress by a live process is waited for, not broken', async () => {
    const dead = { pid: deadPid(), hostname: hostname(), startedAt: '2020-01-01T00:00:00.000Z' };
    writeFileSync(join(root, '.lock'), JSON.stringify({ ...dead, by: 'crashed' }));
    const live = { pid: process.pid, hostname: hostname(), startedAt: '2020-01-01T00:00:00.000Z' };
    writeFileSync(join(root, '.lock.takeover'), JSON.stringify({ ...live, by: 'taking over' }));
    await expect(acquireIndexLock(root, { by: 'quellen index' })).rejects.toBeInstanceOf(IndexLockedError);
    expect(existsSync(join(root, '.lock.takeover'))).toBe(true);
  });
});
