import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DownloadError, downloadLimited, formatBytes } from '../../src/discord/download';

describe('downloadLimited', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/small') res.end('hallo');
      else if (req.url === '/chunked') {
        // No content-length: the limit must hold while streaming.
        res.write('a'.repeat(600));
        res.end('a'.repeat(600));
      } else if (req.url === '/declared') {
        res.setHeader('content-length', '5000');
        res.end('a'.repeat(5000));
      } else {
        res.statusCode = 404;
        res.end();
      }
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('returns the bytes of a small file', async () => {
    const bytes = await downloadLimited(`${base}/small`, { maxBytes: 100, timeoutMs: 5000 });
    expect(Buffer.from(bytes).toString()).toBe('hallo');
  });

  it('refuses files over the limit, declared or streamed, and reports HTTP failures', async () => {
    await expect(
      downloadLimited(`${base}/declared`, { maxBytes: 1000, timeoutMs: 5000 }),
    ).rejects.toMatchObject({ reason: 'too-large' });
    await expect(
      downloadLimited(`${base}/chunked`, { maxBytes: 1000, timeoutMs: 5000 }),
    ).rejects.toMatchObject({ reason: 'too-large' });
    await expect(
      downloadLimited(`${base}/missing`, { maxBytes: 1000, timeoutMs: 5000 }),
    ).rejects.toBeInstanceOf(DownloadError);
  });

  it('formats sizes for people', () => {
    expect(formatBytes(5 * 1024 * 1024)).toBe('5 MB');
    expect(formatBytes(8192)).toBe('8 KB');
    expect(formatBytes(12)).toBe('12 B');
  });
});
