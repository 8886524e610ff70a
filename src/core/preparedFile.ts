import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Temporary files of an interrupted save older than this are removed at the next save. */
const STALE_TEMP_MS = 10 * 60_000;

/**
 * Saves a table prepared from an installed resource (the dictionary, the verb forms) into a cache
 * folder: via a temporary file and a rename, so a reader never sees half of it, removing what an
 * interrupted save of the same file left behind (a save in progress elsewhere is younger). Never
 * throws: a table that cannot be saved only costs its preparation again next time.
 */
export function savePreparedQuietly(cacheDir: string, name: string, text: string): void {
  const path = join(cacheDir, name);
  const temp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    for (const entry of readdirSync(cacheDir)) {
      if (!entry.startsWith(`${name}.`) || !entry.endsWith('.tmp')) continue;
      const leftover = join(cacheDir, entry);
      if (Date.now() - statSync(leftover).mtimeMs > STALE_TEMP_MS) rmSync(leftover, { force: true });
    }
  } catch {
    /* a folder that cannot be listed (or does not exist yet) is not cleaned */
  }
  try {
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(temp, text);
    renameSync(temp, path);
  } catch {
    try {
      rmSync(temp, { force: true });
    } catch {
      /* nothing more to do */
    }
  }
}
