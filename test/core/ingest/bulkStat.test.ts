import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { isStatError, statFiles } from '../../../src/core/ingest/bulkStat';

describe('statFiles', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'quellen-stat-'));
  });
  afterEach(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("gives each path's metadata as fs.stat does, in order, and each unreadable path its error", async () => {
    const file = path.join(tmp, 'a.txt');
    fs.writeFileSync(file, 'Hallo');
    const link = path.join(tmp, 'link.txt');
    fs.symlinkSync(file, link);
    const missing = path.join(tmp, 'fehlt.txt');
    const results = await statFiles([file, tmp, missing, link]);
    expect(results).toHaveLength(4);
    const expected = fs.statSync(file);
    const [ofFile, ofFolder, ofMissing, ofLink] = results;
    expect(ofFile).toEqual({
      isFile: true,
      size: 5,
      dev: expected.dev,
      ino: expected.ino,
      mtimeMs: expected.mtimeMs,
      ctimeMs: expected.ctimeMs,
    });
    expect(ofFolder).toMatchObject({ isFile: false });
    expect(isStatError(ofMissing!) && ofMissing.error.code).toBe('ENOENT');
    // Symbolic links are followed.
    expect(ofLink).toEqual(ofFile);
  });

  it('answers an empty list with an empty one', async () => {
    expect(await statFiles([])).toEqual([]);
  });
});
