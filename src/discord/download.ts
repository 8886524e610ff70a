/** Why a download was refused. */
export class DownloadError extends Error {
  constructor(
    readonly reason: 'too-large' | 'failed',
    message: string,
  ) {
    super(message);
    this.name = 'DownloadError';
  }
}

/** Where Discord serves attachments. */
export const DISCORD_ATTACHMENT_HOSTS: readonly string[] = ['cdn.discordapp.com', 'media.discordapp.net'];

/** Redirects followed at most, each checked like the first URL. */
const MAX_REDIRECTS = 3;

/**
 * Which URLs an attachment may be downloaded from: https on Discord's attachment hosts, and the
 * origin of `DISCORD_API_URL` when one is set (a REST proxy the operator runs, or a test
 * emulator), which is trusted as much as the API itself.
 */
export function attachmentPolicy(apiUrl?: string): (url: URL) => boolean {
  const trusted = apiUrl ? new URL(apiUrl).origin : undefined;
  return (url) =>
    (url.protocol === 'https:' && DISCORD_ATTACHMENT_HOSTS.includes(url.hostname)) || url.origin === trusted;
}

/**
 * Downloads a file of at most `maxBytes`, stopping as soon as more arrives (the declared size
 * of an attachment is not trusted), within `timeoutMs`, from URLs `allowed` accepts only
 * (default: Discord's attachment hosts), redirects included.
 * @throws DownloadError
 */
export async function downloadLimited(
  url: string,
  options: { maxBytes: number; timeoutMs: number; fetch?: typeof fetch; allowed?: (url: URL) => boolean },
): Promise<Uint8Array> {
  const doFetch = options.fetch ?? fetch;
  const allowed = options.allowed ?? attachmentPolicy();
  const signal = AbortSignal.timeout(options.timeoutMs);
  let response: Response | undefined;
  let target = url;
  try {
    for (let hop = 0; ; hop++) {
      let parsed: URL;
      try {
        parsed = new URL(target);
      } catch {
        throw new DownloadError('failed', 'download refused: not a URL');
      }
      if (!allowed(parsed))
        throw new DownloadError(
          'failed',
          `download refused: ${parsed.origin} is not a Discord attachment host`,
        );
      response = await doFetch(parsed.href, { signal, redirect: 'manual' });
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || location === null) break;
      await response.body?.cancel().catch(() => undefined);
      if (hop >= MAX_REDIRECTS) throw new DownloadError('failed', 'download failed: too many redirects');
      target = new URL(location, parsed).href;
    }
  } catch (error) {
    if (error instanceof DownloadError) throw error;
    throw new DownloadError('failed', `download failed: ${(error as Error).message}`);
  }
  if (!response.ok || !response.body)
    throw new DownloadError('failed', `download failed: HTTP ${response.status}`);
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > options.maxBytes) {
    await response.body.cancel().catch(() => undefined);
    throw new DownloadError('too-large', `larger than ${options.maxBytes} bytes`);
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > options.maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw new DownloadError('too-large', `larger than ${options.maxBytes} bytes`);
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof DownloadError) throw error;
    throw new DownloadError('failed', `download failed: ${(error as Error).message}`);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** "5 MB", "800 KB", "12 B". */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${+(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} B`;
}
