import type { Stats } from 'node:fs';
import { decodeArticles, encodeArticles } from '../../src/core/index/articleCodec';
import { sameStamp, STAMP_SETTLE_MS, trustedStamp, withFileStamp } from '../../src/core/fileStamp';
import type { Article } from '../../src/core/types';

const stats = (fields: Partial<Stats>): Stats =>
  ({ size: 10, ino: 7, mtimeMs: 1_000, ctimeMs: 1_000, ...fields }) as Stats;

describe('file stamps', () => {
  test('a stamp matches only when size, inode, modification and change time all match', () => {
    const stamp = trustedStamp(stats({}), 1_000 + STAMP_SETTLE_MS)!;
    expect(sameStamp(stamp, stats({}))).toBe(true);
    for (const changed of [{ size: 11 }, { ino: 8 }, { mtimeMs: 1_001 }, { ctimeMs: 1_001 }]) {
      expect(sameStamp(stamp, stats(changed))).toBe(false);
    }
  });

  test('a file changed within the settling time gets no stamp', () => {
    expect(trustedStamp(stats({}), 1_000 + STAMP_SETTLE_MS - 1)).toBeUndefined();
    expect(trustedStamp(stats({ ctimeMs: 5_000 }), 1_000 + STAMP_SETTLE_MS)).toBeUndefined();
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
    expect('file' in withFileStamp(copy, undefined)).toBe(false);
  });
});
