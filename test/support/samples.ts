import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';

/**
 * The repository's sample articles. Users put their own articles into docs/ as well, so tests
 * use these two files by name, never whatever else the folder holds.
 */
export const SAMPLE_DOCS = path.resolve(__dirname, '../../docs');
export const SAMPLE_FILES: readonly string[] = ['000_fb4c95536d1c9c6c.txt', '001_b7a14c772971f96e.txt'];

/** Copies the sample articles into `dir` (created if needed). */
export async function copySamples(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const name of SAMPLE_FILES) await copyFile(path.join(SAMPLE_DOCS, name), path.join(dir, name));
}
