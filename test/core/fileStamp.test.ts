import type { Stats } from 'node:fs';
import { decodeArticles, encodeArticles } from '../../src/core/index/articleCodec';
import {
  parseFileStamp,
  sameStamp,
  STAMP_SETTLE_MS,
  stampsTrustedAt,
  trustedStamp,
  withFileStamp,
} from '../../src/core/fileStamp';
import type { Article } from '../../src/core/types';

const stats = (fields: Partial<Stats>): Stats =>
  ({ size: 10, ino: 7, mtimeMs: 1_000, ctimeMs: 1_000, ...fields }) as Stats;

describe('file stamps', () => {
  test('a stamp matches only when size, inode, modification and change time all match', () => {
    const stamp = trustedStamp(stats({}), stats({}), 1_000 + STAMP_SETTLE_MS)!;
    expect(sameStamp(stamp, stats({}))).toBe(true);
    for (const changed of [{ size: 11 }, { ino: 8 }, { mtimeMs: 1_001 }, { ctimeMs: 1_001 }]) {
      expect(sameStamp(stamp, stats(changed))).toBe(false);
    }
  });

  test('a file changed within the settling time, or while it was read, gets no stamp', () => {
    expect(trustedStamp(stats({}), stats({}), 1_000 + STAMP_SETTLE_MS - 1)).toBeUndefined();
    const recent = stats({ ctimeMs: 5_000 });
    expect(trustedStamp(recent, recent, 1_000 + STAMP_SETTLE_MS)).toBeUndefined();
    expect(trustedStamp(stats({}), stats({ ctimeMs: 1_500 }), 10_000)).toBeUndefined();
  });

  test('a file whose stamp an index could not store back gets none', () => {
    // Read back, such a stamp would be dropped, and every run would see a new one.
    const past = stats({ mtimeMs: -86_400_000 });
    expect(trustedStamp(past, past, 10_000)).toBeUndefined();
    const huge = stats({ ino: 2 ** 63 });
    expect(trustedStamp(huge, huge, 10_000)).toBeUndefined();
    expect(trustedStamp(stats({}), stats({}), 10_000)).toEqual({
      bytes: 10,
      ino: 7,
      mtimeMs: 1_000,
      ctimeMs: 1_000,
    });
  });

  test('a stamp read from an index file is kept only when it is one', () => {
    const stamp = { bytes: 1, ino: 2, mtimeMs: 3.5, ctimeMs: 4 };
    expect(parseFileStamp(stamp)).toEqual(stamp);
    expect(parseFileStamp({ ...stamp, extra: 1 })).toEqual(stamp);
    for (const bad of [
      'x',
      5,
      null,
      [],
      { ...stamp, bytes: '1' },
      { ...stamp, ino: -1 },
      { ...stamp, ctimeMs: NaN },
    ]) {
      expect(parseFileStamp(bad)).toBeUndefined();
    }
  });

  test('stamps are trusted on local Linux file systems only', async () => {
    expect(await stampsTrustedAt('/nonexistent/quellen')).toBe(false);
    expect(typeof (await stampsTrustedAt(__dirname))).toBe('boolean');
    if (process.platform !== 'linux') expect(await stampsTrustedAt(__dirname)).toBe(false);
    // A file system outside the list (procfs) is refused even where it can be asked.
    expect(await stampsTrustedAt('/proc')).toBe(false);
  });

  test('restamping copies an opened article without reading its text, which it then keeps to itself', () => {
    const article: Article = {
      id: 'a.md',
      title: 'A',
      tags: [],
      text: 'Ein Text.',
      blocks: [],
      contentHash: 'h',
      format: 'md',
    };
    const { records, texts } = encodeArticles([article]);
    const opened = decodeArticles(records, texts).articles.get('a.md')!;
    const stamp = { bytes: 1, ino: 1, mtimeMs: 1, ctimeMs: 1 };
    const copy = withFileStamp(opened, stamp);
    expect(copy).not.toBe(opened);
    expect(Object.getOwnPropertyDescriptor(copy, 'text')?.get).toBeDefined();
    expect(copy.text).toBe('Ein Text.');
    expect(Object.getOwnPropertyDescriptor(copy, 'text')?.value).toBe('Ein Text.');
    expect(Object.getOwnPropertyDescriptor(opened, 'text')?.get).toBeDefined();
    expect(copy.file).toEqual(stamp);
    expect(withFileStamp(copy, stamp)).toBe(copy);
    // The same stamp read again (another object, the same values) changes nothing.
    expect(withFileStamp(copy, { ...stamp })).toBe(copy);
    expect('file' in withFileStamp(copy, undefined)).toBe(false);
    // A frozen article is copied too.
    const frozen = Object.freeze({ ...article, file: stamp });
    expect(withFileStamp(frozen, { ...stamp, ino: 2 }).file).toEqual({ ...stamp, ino: 2 });
    expect('file' in withFileStamp(frozen, undefined)).toBe(false);
  });
});
