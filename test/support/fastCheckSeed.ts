/**
 * One seed for every property test, so `npm test` passes or fails the same way on every run and a
 * failure can be replayed. `FC_SEED=<n>` runs another seed; `FC_SEED=random` explores fresh inputs
 * (fast-check prints the seed of a failing run, which `FC_SEED` then replays).
 */
import fc from 'fast-check';

const DEFAULT_SEED = 20_261_204;
const requested = process.env.FC_SEED;
if (requested !== 'random') {
  const seed = requested === undefined || requested === '' ? DEFAULT_SEED : Number(requested);
  if (!Number.isInteger(seed)) throw new Error(`FC_SEED must be an integer or "random", got "${requested}"`);
  fc.configureGlobal({ seed });
}
