import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { keywordEmbedder, keywordVector } from '../fakes/keywordEmbedder';
import { wholeTextPassage } from '../fakes/passages';
import { ensureLanceDb, LanceDbPeer, lanceDbUsable } from '../../tools/bench/lancedbPeer';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'quellen-lancedb-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('ensureLanceDb', () => {
  const fakePackage = async (source: string) => {
    const folder = path.join(dir, 'node_modules', '@lancedb', 'lancedb');
    await mkdir(folder, { recursive: true });
    await writeFile(path.join(folder, 'package.json'), '{"name":"@lancedb/lancedb","main":"index.js"}');
    await writeFile(path.join(folder, 'index.js'), source);
  };

  it('leaves a package that loads alone', async () => {
    await fakePackage('module.exports = {};');
    const said: string[] = [];
    expect(lanceDbUsable(dir)).toBe(true);
    expect(ensureLanceDb((line) => said.push(line), dir)).toBeUndefined();
    expect(said).toEqual([]);
  });

  it('removes a package that does not load and says why it cannot be measured, naming npm’s error', async () => {
    // As a native library missing for this platform would: the package is there, loading throws.
    await fakePackage("throw new Error('no native library');");
    expect(lanceDbUsable(dir)).toBe(false);
    // No lock file: `npm ci` refuses at once, without the network.
    await writeFile(path.join(dir, 'package.json'), '{"name":"x","private":true}');
    const said: string[] = [];
    const reason = ensureLanceDb((line) => said.push(line), dir);
    expect(reason).toMatch(
      new RegExp(`^LanceDB could not be installed into .+ \\(npm ci: npm (error|ERR!) `),
    );
    expect(reason).not.toMatch(/complete log/i);
    expect(said).toHaveLength(1);
    expect(existsSync(path.join(dir, 'node_modules'))).toBe(false);
  });
});

// The package is installed by `npm run bench` on its first run, not by `npm ci`.
const installed = lanceDbUsable();
const describeInstalled = installed ? describe : describe.skip;
if (!installed) {
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
      // "Kämpfern" only meets "Kämpfer" through stemming, while the vector points at Berlin: the
      // full-text hit joins the vector's second hit ahead of its first.
      expect(await peer.search('Wo sind die Kämpfern?', keywordVector('berlin'), 2)).toEqual(['a#0', 'b#0']);
      expect(await peer.search('Wo sind die Menschen?', keywordVector('berlin'), 2)).toEqual(['b#0', 'a#0']);
      // No shared word, the vector alone.
      expect((await peer.search('xyz', keywordVector('paris'), 1))[0]).toBe('c#0');
      // Quotes, brackets and operators in a question do not make the search fail (the vector alone
      // would rank `a` first here, so this checks only that the text search accepts them).
      expect(await peer.rank('Wer ist\'s? (AND) "Palmyra: OR', 1)).toEqual(['a']);
      expect(peer.diskBytes).toBeGreaterThan(0);
    } finally {
      peer.close();
    }
  });
});
