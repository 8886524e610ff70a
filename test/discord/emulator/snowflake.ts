/** Discord's epoch (2015-01-01T00:00:00Z) in milliseconds. */
const DISCORD_EPOCH = 1420070400000n;

/**
 * Generates real snowflakes (timestamp in the high bits) because discord.js derives `createdTimestamp` from
 * ids; an increment keeps ids made in the same millisecond unique and ordered.
 */
export class SnowflakeGenerator {
  private increment = 0n;

  /** Returns a new snowflake for the given time (default now). */
  next(at: number = Date.now()): string {
    const id = ((BigInt(at) - DISCORD_EPOCH) << 22n) | (this.increment & 0xfffn);
    this.increment += 1n;
    return id.toString();
  }
}

/** Timestamp (ms) encoded in a snowflake. */
export function snowflakeTime(id: string): number {
  return Number((BigInt(id) >> 22n) + DISCORD_EPOCH);
}
