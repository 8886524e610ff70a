/**
 * Turning raw file bytes into clean text, or a one-line reason why they are not an article.
 */

/** Decoded text, or why the bytes cannot be read as text. */
export type DecodeResult = { ok: true; text: string } | { ok: false; reason: string };

const MIB = 1024 * 1024;
/** How much of a file is inspected for control characters. */
const SNIFF_BYTES = 64 * 1024;
/** Share of control bytes above which a file is treated as binary. */
const MAX_CONTROL_RATIO = 0.02;

/** Formats a byte count as megabytes with at most one decimal ("5", "7.2"). */
export function formatMegabytes(bytes: number): string {
  return String(Math.round((bytes / MIB) * 10) / 10);
}

/** A size as people read it: "7.2 MB", or "3001 bytes" below a tenth of a megabyte. */
function formatSize(bytes: number): string {
  return bytes < MIB / 10 ? byteCount(bytes) : `${formatMegabytes(bytes)} MB`;
}

/** "1 byte", "3001 bytes". */
function byteCount(bytes: number): string {
  return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`;
}

/**
 * The reason for a file over the size limit, e.g. "larger than 5 MB limit (7.2 MB)" or "larger
 * than 1000 bytes limit (3001 bytes)", or `undefined` when the size is within the limit.
 */
export function sizeLimitReason(size: number, maxBytes: number): string | undefined {
  if (size <= maxBytes) return undefined;
  const limit = formatSize(maxBytes);
  // Just over the limit would read "5 MB limit (5 MB)"; exact bytes are clearer then.
  const actual = formatSize(size) === limit ? byteCount(size) : formatSize(size);
  return `larger than ${limit} limit (${actual})`;
}

/** Whether the bytes look like a binary file: a NUL byte or many control characters. */
export function looksBinary(bytes: Uint8Array): boolean {
  if (bytes.indexOf(0) >= 0) return true;
  const n = Math.min(bytes.length, SNIFF_BYTES);
  let controls = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    // Tab, line feed, vertical tab, form feed, carriage return and escape occur in real text files.
    if ((b < 0x20 && (b < 0x09 || b > 0x0d) && b !== 0x1b) || b === 0x7f) controls++;
  }
  return n > 0 && controls / n > MAX_CONTROL_RATIO;
}

/**
 * Validates and decodes file bytes as UTF-8 and normalises the text: BOM removed, line breaks as
 * "\n", Unicode NFC (so that "ä" typed two ways compares equal), invisible zero-width spaces and
 * stray control characters removed.
 */
export function decodeText(bytes: Uint8Array, maxBytes: number): DecodeResult {
  const tooLarge = sizeLimitReason(bytes.length, maxBytes);
  if (tooLarge) return { ok: false, reason: tooLarge };
  if (bytes.length === 0) return { ok: false, reason: 'empty file' };
  if (looksBinary(bytes)) return { ok: false, reason: 'binary file, not text' };
  let raw: string;
  try {
    raw = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, reason: 'not valid UTF-8 text (save it as UTF-8)' };
  }
  const text = normalizeText(raw);
  if (text.trim() === '') return { ok: false, reason: 'empty file (only whitespace)' };
  return { ok: true, text };
}

/** Line breaks, Unicode form and invisible characters normalised; see {@link decodeText}. */
export function normalizeText(raw: string): string {
  return (
    raw
      .replace(/^\uFEFF/, '')
      .replace(/\r\n?|[\u2028\u2029\u0085]/g, '\n')
      .normalize('NFC')
      // Zero-width space, word joiner and stray BOMs carry no text; joiners (ZWJ/ZWNJ) do, they stay.
      .replace(/[\u200B\u2060\uFEFF]/g, '')
      // eslint-disable-next-line no-control-regex -- removing control characters is the point
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u0084\u0086-\u009F]/g, ' ')
  );
}
