import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { attachmentPolicy, DownloadError, downloadLimited, formatBytes } from '../../src/discord/download';

describe('downloadLimited', () => {
  let server: Server;
  let base: string;
  /** The test server stands in for DISCORD_API_URL's origin. */
  let allowed: (url: URL) => boolean;
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
      } else if (req.url === '/redirect-out') {
        res.statusCode = 302;
        res.setHeader('location', 'http://169.254.169.254/latest/meta-data/');
        res.end();
      } else if (req.url === '/redirect-in') {
        res.statusCode = 301;
        res.setHeader('location', '/small');
        res.end();
      } else if (req.url === '/loop') {
        res.statusCode = 302;
        res.setHeader('location', '/loop');
        res.end();
      } else {
        res.statusCode = 404;
        res.end();
      }
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    allowed = attachmentPolicy(`${base}/api`);
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('returns the bytes of a small file', async () => {
    const bytes = await downloadLimited(`${base}/small`, { maxBytes: 100, timeoutMs: 5000, allowed });
    expect(Buffer.from(bytes).toString()).toBe('hallo');
  });

  it('refuses files over the limit, declared or streamed, and reports HTTP failures', async () => {
    await expect(
      downloadLimited(`${base}/declared`, { maxBytes: 1000, timeoutMs: 5000, allowed }),
    ).rejects.toMatchObject({ reason: 'too-large' });
    await expect(
      downloadLimited(`${base}/chunked`, { maxBytes: 1000, timeoutMs: 5000, allowed }),
    ).rejects.toMatchObject({ reason: 'too-large' });
    await expect(
      downloadLimited(`${base}/missing`, { maxBytes: 1000, timeoutMs: 5000, allowed }),
    ).rejects.toBeInstanceOf(DownloadError);
  });

  it('formats sizes for people', () => {
    expect(formatBytes(5 * 1024 * 1024)).toBe('5 MB');
    expect(formatBytes(8192)).toBe('8 KB');
    expect(formatBytes(12)).toBe('12 B');
  });

  it('downloads only from Discord attachment hosts (and the configured API origin), redirects included', async () => {
    const policy = attachmentPolicy();
    expect(policy(new URL('https://cdn.discordapp.com/attachments/1/2/a.md'))).toBe(true);
    expect(policy(new URL('https://media.discordapp.net/attachments/1/2/a.md'))).toBe(true);
    expect(policy(new URL('http://cdn.discordapp.com/attachments/1/2/a.md'))).toBe(false);
    expect(policy(new URL('https://cdn.discordapp.com.evil.example/a.md'))).toBe(false);
    await expect(downloadLimited(`${base}/small`, { maxBytes: 100, timeoutMs: 5000 })).rejects.toThrow(
      `download refused: ${base} is not a Discord attachment host`,
    );
    await expect(
      downloadLimited(`${base}/redirect-out`, { maxBytes: 100, timeoutMs: 5000, allowed }),
    ).rejects.toThrow('download refused: http://169.254.169.254 is not a Discord attachment host');
    const followed = await downloadLimited(`${base}/redirect-in`, {
      maxBytes: 100,
      timeoutMs: 5000,
      allowed,
    });
    expect(Buffer.from(followed).toString()).toBe('hallo');
    await expect(
      downloadLimited(`${base}/loop`, { maxBytes: 100, timeoutMs: 5000, allowed }),
    ).rejects.toThrow('too many redirects');
  });
});
