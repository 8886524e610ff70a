import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Embedder } from '../../src/core/types';
import { wholeTextPassage } from '../fakes/passages';
import { ensureLanceDb, LanceDbPeer, lanceDbInstalled } from '../../tools/bench/lancedbPeer';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'quellen-lancedb-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('ensureLanceDb', () => {
  it('leaves an installed package alone', async () => {
    await mkdir(path.join(dir, 'node_modules', '@lancedb', 'lancedb'), { recursive: true });
    await writeFile(path.join(dir, 'node_modules', '@lancedb', 'lancedb', 'package.json'), '{}');
    const said: string[] = [];
    expect(ensureLanceDb((line) => said.push(line), dir)).toBeUndefined();
    expect(said).toEqual([]);
  });

  it('says why it cannot be measured when the install fails, naming the folder', async () => {
    // No lock file: `npm ci` refuses at once, without the network.
    await writeFile(path.join(dir, 'package.json'), '{"name":"x","private":true}');
    const said: string[] = [];
    const reason = ensureLanceDb((line) => said.push(line), dir);
    expect(reason).toContain(`LanceDB could not be installed into ${dir}`);
    expect(said).toHaveLength(1);
    expect(lanceDbInstalled(dir)).toBe(false);
  });
});

/** One dimension per keyword: enough to make dense ranking meaningful in a test. */
const keywordEmbedder: Embedder = {
  id: 'keywords',
  dimensions: 3,
  embedPassages: async (texts) => texts.map((t) => embed(t)),
  embedQuery: async (t) => embed(t),
};
function embed(text: string): Float32Array {
  const v = Float32Array.from(
    ['berlin', 'paris', 'rom'].map((w) => (text.toLowerCase().includes(w) ? 1 : 0)),
  );
  return v.some((x) => x > 0) ? v : Float32Array.from([0.01, 0.01, 0.01]);
}

// The package is installed by `npm run bench` on its first run, not by `npm ci`.
const describeInstalled = lanceDbInstalled() ? describe : describe.skip;
if (!lanceDbInstalled()) {
  console.log('skipping LanceDbPeer: the bench installs LanceDB on its first run (npm run bench)');
}

describeInstalled('LanceDbPeer', () => {
  it('finds a passage by a German word form its stemmer joins, and by its vector', async () => {
    const passages = [
      wholeTextPassage('a', 0, 'Die Kämpfer zogen sich aus Palmyra zurück'),
      wholeTextPassage('b', 0, 'Berlin plant neue Häuser'),
      wholeTextPassage('c', 0, 'In Paris regnet es'),
    ];
    const peer = await LanceDbPeer.build(
      await Promise.all(
        passages.map(async (passage) => ({
          passage,
          vector: await keywordEmbedder.embedQuery(passage.text),
        })),
      ),
      keywordEmbedder,
      path.join(dir, 'table'),
    );
    try {
      // "Kämpfern" only meets "Kämpfer" through stemming; no keyword dimension points at it.
      expect((await peer.rank('Wo sind die Kämpfern?', 1))[0]).toBe('a');
      // No shared word, the vector alone.
      expect((await peer.search('xyz', embed('paris'), 1))[0]).toBe('c#0');
      // Words its query parser would read as syntax are searched as words.
      expect(await peer.rank('Wer ist\'s? (AND) "Palmyra: OR', 1)).toEqual(['a']);
      expect(peer.diskBytes).toBeGreaterThan(0);
    } finally {
      peer.close();
    }
  });
});
