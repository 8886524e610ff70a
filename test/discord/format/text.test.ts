import fc from 'fast-check';
import { cutPosition, fitText, inertMentions, neutralize, safeUrl } from '../../../src/discord/format/text';

describe('neutralize', () => {
  it('makes @everyone, @here, user, role and invite syntax inert but keeps it readable', () => {
    const out = neutralize(
      '@everyone @here <@123456789012345678> <@!123456789012345678> <@&987654321098765432> discord.gg/abc',
    );
    expect(out).not.toMatch(/@everyone|@here|<@!?\d+>|<@&\d+>|discord\.gg\//);
    expect(out.replace(/\u200b/g, '')).toBe(
      '@everyone @here <@123456789012345678> <@!123456789012345678> <@&987654321098765432> discord.gg/abc',
    );
  });

  it('escapes markdown, headings, lists, block quotes and masked links but leaves [n] markers alone', () => {
    expect(neutralize('**fett** _kursiv_ `code` ||spoiler||')).toBe(
      '\\*\\*fett\\*\\* \\_kursiv\\_ \\`code\\` \\|\\|spoiler\\|\\|',
    );
    expect(neutralize('# Titel\n- Punkt\n1. Eins\n> Zitat')).toBe(
      '\\# Titel\n\\- Punkt\n1\\. Eins\n\\> Zitat',
    );
    expect(neutralize('[klick](https://x.example)')).toMatch(/^\\\[/);
    expect(neutralize('Satz [1] und [2].')).toBe('Satz [1] und [2].');
  });

  it('inertMentions leaves ordinary text untouched', () => {
    expect(inertMentions('E-Mail an a@b.de, <#123> Kanal')).toBe('E-Mail an a@b.de, <#123> Kanal');
  });
});

describe('safeUrl', () => {
  it('accepts http(s) only and percent-encodes characters that would end a masked link', () => {
    expect(safeUrl('https://example.org/a_(b) c')).toBe('https://example.org/a_%28b%29%20c');
    expect(safeUrl('javascript:alert(1)')).toBeUndefined();
    expect(safeUrl('not a url')).toBeUndefined();
    expect(safeUrl(undefined)).toBeUndefined();
  });
});

describe('splitting and trimming', () => {
  it('cuts after a sentence with its markers rather than inside a marker', () => {
    const text = 'Erster Satz steht hier [1]. Zweiter Satz folgt hier [2]. Dritter Satz [3].';
    const cut = cutPosition(text, 60);
    expect(text.slice(0, cut)).toBe('Erster Satz steht hier [1]. Zweiter Satz folgt hier [2].');
  });

  it('prefers line breaks and never splits a URL', () => {
    const url = 'https://example.org/' + 'x'.repeat(40);
    const parts = splitText(`Zeile eins\nSiehe ${url} dort ${url}`, 70);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(70);
    expect(parts.join(' ').match(/https:\/\/example\.org\/x{40}/g)).toHaveLength(2);
  });

  it('fitText ends a shortened text with … and stays within the limit', () => {
    const text = 'Ein Satz hier [1]. '.repeat(200);
    const out = fitText(text, 2000);
    expect(out.length).toBeLessThanOrEqual(2000);
    expect(out.endsWith('[1].…')).toBe(true);
    expect(fitText('kurz', 10)).toBe('kurz');
  });

  it('never produces parts over the limit, never loses words, never cuts a [n] marker (property)', () => {
    const word = fc.oneof(
      fc.stringMatching(/^[a-zäöü]{1,12}$/),
      fc.integer({ min: 1, max: 30 }).map((n) => `[${n}]`),
      fc.constantFrom('.', '\n', 'https://example.org/pfad/zu/etwas'),
    );
    fc.assert(
      fc.property(fc.array(word, { maxLength: 300 }), fc.integer({ min: 40, max: 400 }), (words, max) => {
        const text = words.join(' ');
        const parts = splitText(text, max);
        for (const part of parts) expect(part.length).toBeLessThanOrEqual(max);
        const normal = (s: string) => s.split(/\s+/).filter(Boolean);
        expect(normal(parts.join(' '))).toEqual(normal(text));
      }),
      { numRuns: 200 },
    );
  });
});

/** Cuts text into parts of at most `max` characters by applying cutPosition repeatedly. */
function splitText(text: string, max: number): string[] {
  const parts: string[] = [];
  let rest = text.trim();
  while (rest.length > max) {
    const cut = cutPosition(rest, max);
    const part = rest.slice(0, cut).trim();
    if (part) parts.push(part);
    rest = rest.slice(cut).trim();
  }
  if (rest) parts.push(rest);
  return parts;
}
