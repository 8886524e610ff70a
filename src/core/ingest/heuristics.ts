/**
 * Recognising structure in plain text: photo captions, sub-headings and an inline metadata prefix.
 * Inputs are single paragraphs with whitespace already collapsed.
 */

import { normalizeDate } from './articleDates';

/** Agencies and outlets that lead photo captions in news articles ("REUTERS Konzert in Palmyra"). */
const AGENCIES: readonly string[] = (
  'REUTERS|Reuters|DPA|dpa|AFP|AP|AP Photo|EPA|epa|EPA-EFE|Getty Images|GETTY IMAGES|Getty|SPIEGEL ONLINE|' +
  'Spiegel Online|DER SPIEGEL|SPIEGEL|Imago|imago|IMAGO|imago images|picture alliance|picture-alliance|' +
  'Picture Alliance|ddp|DDP|dapd|KNA|epd|Keystone|KEYSTONE|Xinhua|XINHUA|ANSA|UPI|TASS|Sputnik|SANA|' +
  'Bloomberg|action press|Corbis|iStock|iStockphoto|Shutterstock|laif|ullstein bild|ZUMA|Zuma Press|' +
  'photothek|Photothek|SZ Photo|Anadolu|NurPhoto|Sipa'
).split('|');

const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const AGENCY_ALTERNATIVES = [...AGENCIES]
  .sort((a, b) => b.length - a.length)
  .map(escapeRegex)
  .join('|');
/**
 * An agency, optionally with more credits after slashes ("AFP/Getty Images", "REUTERS/ Omar Sanadiki"),
 * then the caption itself, starting like a sentence would.
 */
const CAPTION_PREFIX = new RegExp(
  `^(?:${AGENCY_ALTERNATIVES})(?:\\s*/\\s*(?:${AGENCY_ALTERNATIVES}|\\p{Lu}[\\p{L}.'-]*(?: \\p{Lu}[\\p{L}.'-]*)?))*` +
    `\\s+(?=[\\p{Lu}\\p{N}"„“«»‚'(])`,
  'u',
);
const MAX_CAPTION_CHARS = 250;

const MAX_HEADING_CHARS = 100;
const MAX_HEADING_WORDS = 12;
/** A sub-heading ends without sentence punctuation; a closing quote usually ends a quoted sentence. */
const FINAL_PUNCTUATION = /[.!?:;…"“”»«,\-–—]$/u;
const HEADING_START = /^[\p{Lu}\p{N}"„“«»‚'(]/u;

/** Whether a paragraph is a photo caption credited to an agency or outlet. */
export function isCaption(paragraph: string): boolean {
  return paragraph.length <= MAX_CAPTION_CHARS && CAPTION_PREFIX.test(paragraph);
}

/**
 * Whether a paragraph looks like a sub-heading: a short line that starts like a title and does not
 * end like a sentence. Captions are not headings.
 */
export function looksLikeHeading(paragraph: string): boolean {
  if (paragraph.length === 0 || paragraph.length > MAX_HEADING_CHARS) return false;
  if (!HEADING_START.test(paragraph) || FINAL_PUNCTUATION.test(paragraph)) return false;
  if (!/\p{L}/u.test(paragraph)) return false;
  if (paragraph.split(' ').length > MAX_HEADING_WORDS) return false;
  return !isCaption(paragraph);
}

/** Metadata found in front of an article's first sentence, and the text without it. */
export interface LeadingMetadata {
  date?: string;
  url?: string;
  /** The text with the metadata prefix removed. */
  rest: string;
}

const METADATA_FIELD = /^\s*(date|datum|url|source|quelle)\s*:?[ \t]+(\S+)/i;

/**
 * Extracts an inline metadata prefix such as " date 2017-01 " or "date: 2017-01-15" (also a
 * `url https://…` field) from the start of a plain-text article. Values that are not a valid date
 * or URL end the prefix, so ordinary text is never eaten.
 */
export function extractLeadingMetadata(text: string): LeadingMetadata {
  const found: LeadingMetadata = { rest: text };
  let rest = text;
  for (let fields = 0; fields < 4; fields++) {
    const match = METADATA_FIELD.exec(rest);
    if (!match) break;
    const key = match[1]!.toLowerCase();
    const value = match[2]!;
    if (key === 'date' || key === 'datum') {
      const date = normalizeDate(value);
      if (!date || found.date) break;
      found.date = date;
    } else {
      if (!/^https?:\/\/\S+$/i.test(value) || found.url) break;
      found.url = value;
    }
    rest = rest.slice(match[0].length);
  }
  found.rest = rest.replace(/^[ \t]+/, '');
  return found;
}

const DATE_LINE =
  /^(?:datum|stand|veröffentlicht|veroeffentlicht|erschienen|aktualisiert|date|published|updated|posted)\s*:\s*(.{4,40}?)\s*$/i;

const WEEKDAY =
  '(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\\s+';
const MONTH =
  '(?:januar|jänner|februar|märz|maerz|april|mai|juni|juli|august|september|oktober|november|dezember|january|february|march|may|june|july|october|december)';
// A full date and nothing else, as a page prints it under its heading: "2. August 2025",
// "Samstag, 2. August 2025", "02.08.2025", "2025-08-02", "August 2, 2025", "2 August 2025".
const BARE_DATE = new RegExp(
  `^(?:${WEEKDAY})?(?:\\d{1,2}\\.\\s*${MONTH}\\s+\\d{4}|\\d{1,2}\\.\\s?\\d{1,2}\\.\\s?\\d{4}|\\d{4}-\\d{2}-\\d{2}|${MONTH}\\s+\\d{1,2},?\\s+\\d{4}|\\d{1,2}\\s+${MONTH}\\s+\\d{4})$`,
  'iu',
);
const LEADING_WEEKDAY = new RegExp(`^${WEEKDAY}`, 'iu');

/**
 * The date of a line that only states one, as articles commonly put under their heading
 * ("Datum: 15. September 2024", "Stand: 03.12.2016", "Published: 2024-09-15", or a full date
 * alone: "2. August 2025", "Samstag, 2. August 2025"; not with `bare: false`); undefined for any
 * other line. A sentence is never taken for a date: a label and its colon, or a day, month and
 * year and nothing else.
 */
export function dateLine(text: string, options: { bare?: boolean } = {}): string | undefined {
  const line = text.trim();
  const match = DATE_LINE.exec(line);
  if (match) return normalizeDate(match[1]!);
  if (options.bare === false || line.length > 40 || !BARE_DATE.test(line)) return undefined;
  return normalizeDate(line.replace(LEADING_WEEKDAY, ''));
}
