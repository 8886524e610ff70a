/**
 * Markdown inline syntax to plain text: what a reader of the rendered page would see.
 */

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  shy: '',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  laquo: '«',
  raquo: '»',
  bdquo: '„',
  ldquo: '“',
  rdquo: '”',
  lsquo: '‘',
  rsquo: '’',
  sbquo: '‚',
  auml: 'ä',
  ouml: 'ö',
  uuml: 'ü',
  Auml: 'Ä',
  Ouml: 'Ö',
  Uuml: 'Ü',
  szlig: 'ß',
  euro: '€',
};

/** Decodes the common named and all numeric HTML character references. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#[xX][0-9a-fA-F]{1,6}|#\d{1,7}|[A-Za-z]{2,8});/g, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff)
        ? String.fromCodePoint(code)
        : whole;
    }
    return NAMED_ENTITIES[ref] ?? whole;
  });
}

/** Private-use stand-ins for backslash-escaped punctuation, so escaped "*" is never emphasis. */
const ESCAPE_BASE = 0xe000;
const ESCAPED = /\\([!-/:-@[-`{-~])/g;
const PLACEHOLDER = /[\uE021-\uE07E]/g;

/**
 * Strips markdown inline syntax: emphasis and strike-through markers, links and images (their
 * text stays), inline code backticks (code stays verbatim), inline HTML tags and comments,
 * footnote references and backslash escapes; decodes character references.
 *
 * @example stripInlineMarkdown('**Palmyra** liegt in [Syrien](https://x.org)') // → 'Palmyra liegt in Syrien'
 */
export function stripInlineMarkdown(text: string): string {
  const escaped = text.replace(ESCAPED, (_, ch: string) =>
    String.fromCharCode(ESCAPE_BASE + ch.charCodeAt(0)),
  );
  // Code spans are kept verbatim: split them out before touching the rest. The span may not hold
  // a backtick, so every attempt stops at the next one and the split stays linear.
  const pieces = escaped.split(/(`{1,16})([^`]{1,5000}?)\1(?!`)/);
  let out = '';
  for (let i = 0; i < pieces.length; i += 3) {
    out += stripOutsideCode(pieces[i] ?? '');
    const code = pieces[i + 2];
    if (code !== undefined) out += code;
  }
  return out.replace(PLACEHOLDER, (ch) => String.fromCharCode(ch.charCodeAt(0) - ESCAPE_BASE));
}

/**
 * Every pattern below stops at the next bracket or delimiter of its own kind (link texts hold no
 * brackets, emphasis holds no marker of its own kind), so each character is scanned a bounded
 * number of times and hostile text (a megabyte of "[" or "*a ") is stripped in linear time.
 */
function stripOutsideCode(text: string): string {
  let s = text
    .replace(/<!--[\s\S]*?(?:-->|$)/g, '')
    .replace(
      /!\[([^[\]]{0,1000})\]\((?:[^()[\]\s]|\([^()[\]\s]{0,500}\)){0,2000}(?:\s+"[^"()[\]]{0,500}")?\)/g,
      '$1',
    )
    .replace(
      /\[([^[\]]{0,1000})\]\((?:[^()[\]\s]|\([^()[\]\s]{0,500}\)){0,2000}(?:\s+"[^"()[\]]{0,500}")?\)/g,
      '$1',
    )
    .replace(/\[\^[^[\]\s]{1,100}\]/g, '')
    .replace(/\[([^[\]]{1,1000})\]\[[^[\]]{0,200}\]/g, '$1')
    .replace(/<((?:https?|ftp|mailto):[^<>\s]{1,2000})>/gi, '$1')
    .replace(/<\/?[A-Za-z][A-Za-z0-9-]{0,40}(?:\s[^<>]{0,2000})?\/?>/g, '');
  // Twice, for nested emphasis such as "**fett _und kursiv_**".
  for (let pass = 0; pass < 2; pass++) {
    s = s
      .replace(/(\*{1,3})(?=[^\s*])([^*]{0,2000}?[^\s*])\1/g, '$2')
      .replace(/(?<![\p{L}\p{N}_])(_{1,3})(?=[^\s_])([^_]{0,2000}?[^\s_])\1(?![\p{L}\p{N}_])/gu, '$2')
      .replace(/~~(?=[^\s~])([^~]{0,2000}?[^\s~])~~/g, '$1');
  }
  return decodeEntities(s);
}
