import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createShardManager } from '../../src/discord/lifecycle/sharding';

describe('createShardManager', () => {
  it('configures the manager with the shard entry file, the shard count and the token (no shards spawned)', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'quellen-shard-'));
    try {
      const file = path.join(dir, 'shard.js');
      await writeFile(file, '');
      const manager = createShardManager({ SHARDS: 3, DISCORD_TOKEN: 'token-for-test' }, { file });
      expect(manager.file).toBe(file);
      expect(manager.totalShards).toBe(3);
      expect(manager.shards.size).toBe(0);
      expect(createShardManager({ SHARDS: 'auto', DISCORD_TOKEN: 'x' }, { file }).totalShards).toBe('auto');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses to start when the shard entry script (dist/discord/lifecycle/shard.js) has not been built', () => {
    expect(() => createShardManager({ SHARDS: 1, DISCORD_TOKEN: 'x' })).toThrow();
  });
});
