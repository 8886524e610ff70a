import { escapeMarkdown } from 'discord.js';

const ZWSP = '\u200b';

/**
 * Makes text the bot did not write (article quotes, titles, questions, model output) safe to
 * echo: markdown is escaped so formatting never breaks, every bracket is escaped so no masked
 * link survives, URLs get a zero-width space after the scheme so none is a live link, and mention
 * and invite syntax gets one so nothing pings or turns into an invite even if `allowedMentions`
 * were ever missing. Citation markers such as `[1]` stay as they are.
 */
export function neutralize(text: string): string {
  const escaped = escapeMarkdown(text, { heading: true, bulletedList: true, numberedList: true })
    // Block quotes are not covered by escapeMarkdown.
    .replace(/^(\s*)>/gm, '$1\\>')
    // escapeMarkdown doubles backslashes, so a bracket after an even number of them is live.
    // Citation markers (`[1]` not followed by a parenthesis) can never be links and stay as they are.
    .replace(/(\\*)(\[\d{1,3}\](?!\()|[[\]])/g, (whole, slashes: string, token: string) =>
      token.length > 1 || slashes.length % 2 === 1 ? whole : `${slashes}\\${token}`,
    )
    .replace(/:\/\//g, `:${ZWSP}//`);
  return inertMentions(escaped);
}

/** Longest piece of a person's own text echoed in a reply (an article name in an error, say). */
const MAX_ECHO = 300;

/** A person's own text for a reply: neutralized and capped, on one line. */
export function quoteUserText(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return neutralize(line.length <= MAX_ECHO ? line : `${line.slice(0, MAX_ECHO - 1)}…`);
}

/** Breaks `@everyone`, `@here`, `<@id>`, `<@!id>`, `<@&id>` and invite links without hiding them. */
export function inertMentions(text: string): string {
  return (
    text
      .replace(/@(everyone|here)/gi, `@${ZWSP}$1`)
      // Every "<@", closed or not: a reply cut at a length limit or joined to more text could close it.
      .replace(/<@/g, `<@${ZWSP}`)
      // No word boundary: an invite glued to a word ("xdiscord.gg/abc") is still one to Discord's eye.
      .replace(/(discord(?:app)?)(\.(?:gg|com\/invite|io|me|li)\/)/gi, `$1${ZWSP}$2`)
  );
}

/** Text for the label of a masked link `[label](url)`: no brackets that would end it early. */
export function linkLabel(text: string): string {
  return neutralize(text).replace(/[[\]]/g, (bracket) => (bracket === '[' ? '(' : ')'));
}

/** An http(s) URL made safe for a masked link (no spaces or parentheses), or undefined. */
export function safeUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
    return parsed.href.replace(/[()\s<>]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
  } catch {
    return undefined;
  }
}

/**
 * Where to cut `text` so the first part is at most `max` characters: after the last line
 * break, else after the last sentence end (with its `[n]` markers), else at the last space.
 * Cutting at whitespace never splits a `[n]` marker or a URL (neither contains spaces).
 * Returns a position in (0, max].
 */
export function cutPosition(text: string, max: number): number {
  if (text.length <= max) return text.length;
  const window = text.slice(0, max + 1);
  const minimum = Math.floor(max / 3);
  const newline = window.lastIndexOf('\n');
  if (newline >= minimum) return newline + 1;
  const sentence = /[.!?…](?:["'»“”‘’)]*)(?:\s*\[\d+\])*(?=\s)/g;
  let best = -1;
  for (let match = sentence.exec(window); match; match = sentence.exec(window)) {
    const end = match.index + match[0].length;
    if (end <= max) best = end;
  }
  if (best >= minimum) return best;
  const space = window.lastIndexOf(' ');
  if (space > 0) return space;
  // A single unbroken token longer than the limit: cut it, but not right after an escape backslash.
  let hard = max;
  while (hard > 1 && text[hard - 1] === '\\') hard -= 1;
  return hard;
}

/** Shortens text to at most `max` characters at a clean boundary, ending with "…" when cut. */
export function fitText(text: string, max: number): string {
  const trimmed = text.trim();
  if (trimmed.length <= max) return trimmed;
  const cut = cutPosition(trimmed, max - 1);
  return `${trimmed.slice(0, cut).trimEnd()}…`;
}

/** Longest thread name Discord accepts. */
const THREAD_NAME_MAX = 100;

/** A thread name from the question: one line, mentions removed, at most 100 characters. */
export function threadNameFor(question: string): string {
  const plain = question
    .replace(/<@[!&]?\d+>/g, '')
    .replace(/@(everyone|here)/gi, '$1')
    .replace(/\s+/g, ' ')
    .trim();
  if (plain.length === 0) return 'quellen';
  return plain.length <= THREAD_NAME_MAX ? plain : `${plain.slice(0, THREAD_NAME_MAX - 1).trimEnd()}…`;
}
