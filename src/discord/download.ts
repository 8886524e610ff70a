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

/**
 * Downloads a file of at most `maxBytes`, stopping as soon as more arrives (the declared size
 * of an attachment is not trusted), within `timeoutMs`.
 * @throws DownloadError
 */
export async function downloadLimited(
  url: string,
  options: { maxBytes: number; timeoutMs: number; fetch?: typeof fetch },
): Promise<Uint8Array> {
  const doFetch = options.fetch ?? fetch;
  const signal = AbortSignal.timeout(options.timeoutMs);
  let response: Response;
  try {
    response = await doFetch(url, { signal, redirect: 'follow' });
  } catch (error) {
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
