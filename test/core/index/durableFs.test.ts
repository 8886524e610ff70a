import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as durableFs from '../../../src/core/index/durableFs';
import { crc32Of, digestFile, digestOf } from '../../../src/core/index/durableFs';

describe('data file checksums', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'quellen-digest-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('a file read through the worker gets the checksum of its bytes in memory, with either algorithm', async () => {
    // Larger than the worker's 1 MiB chunks, so the CRC is carried from chunk to chunk.
    const bytes = Buffer.alloc(3 * (1 << 20) + 17);
    for (let i = 0; i < bytes.length; i += 1) bytes[i] = (i * 31 + (i >> 11)) & 0xff;
    const path = join(dir, 'data.bin');
    writeFileSync(path, bytes);
    expect(await digestFile(path)).toEqual(digestOf(bytes));
    expect(await digestFile(path, 'sha256')).toEqual(digestOf(bytes, 'sha256'));
    // The standard CRC-32 check value.
    expect(digestOf(Buffer.from('123456789'))).toEqual({ bytes: 9, crc32: 'cbf43926' });
    expect(crc32Of('6789', crc32Of('12345'))).toBe(0xcbf43926);
  });

  test('an empty file has the checksum of no bytes; a missing one or a folder rejects with its error code', async () => {
    const empty = join(dir, 'empty.bin');
    writeFileSync(empty, '');
    expect(await digestFile(empty)).toEqual({ bytes: 0, crc32: '00000000' });
    await expect(digestFile(join(dir, 'missing.bin'))).rejects.toMatchObject({ code: 'ENOENT' });
    // Opened, then refused by the first read.
    await expect(digestFile(dir)).rejects.toMatchObject({ code: 'EISDIR' });
  });

  test('a Node.js without zlib.crc32 gets a one-line error naming the version needed', () => {
    jest.isolateModules(() => {
      jest.doMock('node:zlib', () => ({ ...jest.requireActual<object>('node:zlib'), crc32: undefined }));
      const isolated = jest.requireActual<typeof durableFs>('../../../src/core/index/durableFs');
      expect(() => isolated.digestOf(Buffer.from('x'))).toThrow(
        /^quellen needs Node\.js 20\.15 or newer \(zlib\.crc32\); this is v\d+/,
      );
    });
    jest.dontMock('node:zlib');
  });
});
