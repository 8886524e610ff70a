import { createRequire } from 'node:module';
import type * as TinyldModule from 'tinyld';

type Tinyld = typeof TinyldModule;

let loaded: Tinyld | undefined;

/**
 * tinyld, loaded on first use: loading its language profiles takes about 0.15 s, which a process
 * answering a question whose function words already tell its language never needs to spend.
 */
export function tinyld(): Tinyld {
  loaded ??= createRequire(__filename)('tinyld') as Tinyld;
  return loaded;
}
