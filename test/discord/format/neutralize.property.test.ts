import fc from 'fast-check';
import { neutralize } from '../../../src/discord/format/text';

/** What Discord would still see as markup once escaped characters are taken out. */
function unescaped(text: string): string {
  return text.replace(/\\[\s\S]/g, ' ');
}

/** Pieces that make links, pings and markup, mixed with plain words. */
const piece = fc.constantFrom(
  '[',
  ']',
  '(',
  ')',
  '](',
  '[a](https://evil.example/login)',
  '[b](http://x.y)',
  '\\',
  '\\\\',
  'https://',
  'http://evil.example',
  '<https://evil.example>',
  '@everyone',
  '@here',
  '<@123456789012345678>',
  '<@&123456789012345678>',
  'discord.gg/abc',
  '**',
  '_',
  '`',
  '> ',
  '\n',
  ' ',
  'Wort',
  '[1]',
  'steam://run',
);
const hostile = fc
  .array(fc.oneof(piece, fc.string({ maxLength: 4 })), { maxLength: 40 })
  .map((p) => p.join(''));

describe('neutralize, on random markdown', () => {
  it('leaves no live masked link, URL, ping or invite', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        const out = unescaped(neutralize(text));
        expect(out).not.toMatch(/\[[^\]]*\]\(/);
        expect(out).not.toMatch(/[a-z][a-z0-9+.-]*:\/\//i);
        expect(out).not.toMatch(/@(everyone|here)/i);
        expect(out).not.toMatch(/<@[!&]?\d/);
        expect(out).not.toMatch(/discord(app)?\.(gg|com\/invite|io|me|li)\//i);
      }),
      { numRuns: 2000 },
    );
  });

  it('escapes every masked link on a line, not just the first', () => {
    const out = neutralize('[a](https://x)[b](https://y)');
    expect(unescaped(out)).not.toMatch(/\]\(/);
    expect(out).toContain('\\[b\\]');
  });

  it('keeps citation markers as they are', () => {
    expect(neutralize('Ein Satz. [1] [2]')).toBe('Ein Satz. [1] [2]');
  });
});
