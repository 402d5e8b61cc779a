/**
 * The one maker of new record ids: UUIDs in the time-ordered RFC 9562 version 7 layout, so that new
 * rows land at the right-hand end of every index keyed by them (random v4 ids scatter the writes over
 * the whole b-tree: about 60 % of the pages written to the WAL came from such indexes). Ids already
 * stored (v4) stay valid: an id is still an opaque UUID string everywhere.
 *
 * Layout (RFC 9562 §5.7, monotonic by the "fixed-length dedicated counter" method of §6.2):
 *   48 bits  unix time in ms            (never goes back: a clock that steps back keeps the last ms)
 *    4 bits  version 7
 *   12 bits  counter, high part         (rand_a)
 *    2 bits  variant 10
 *   30 bits  counter, low part          (top of rand_b)
 *   32 bits  random                     (rest of rand_b)
 * The 42-bit counter starts at a random value below 2^41 at each new ms and counts up within it, so
 * ids made in one process sort (as bytes and as lowercase strings) in the order they were made.
 *
 * Time comes from the system clock, not the kernel's (possibly manual) Clock: the ids only need to
 * follow the order rows are written in, and a test clock that stands still or jumps would not.
 * Tokens, secrets and session ids are not ids: they stay fully random (randomBytes / randomUUID).
 */
import { randomFillSync } from 'node:crypto';

const COUNTER_SPAN = 2 ** 42;
const SEED_SPAN = 2 ** 41;
const LOW_SPAN = 2 ** 30;

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** A source of ms since the epoch (Date.now by default; tests pass their own). */
export type IdTime = () => number;

export function createIdGenerator(now: IdTime = Date.now): () => string {
  const pool = Buffer.alloc(4096);
  let poolAt = pool.length;
  const random = (n: number): number => {
    if (poolAt + n > pool.length) {
      randomFillSync(pool);
      poolAt = 0;
    }
    const value = pool.readUIntBE(poolAt, n);
    poolAt += n;
    return value;
  };

  let lastMs = -Infinity;
  let counter = 0;
  return () => {
    const ms = Math.floor(now());
    if (ms > lastMs) {
      lastMs = ms;
      counter = random(6) % SEED_SPAN;
    } else if (++counter >= COUNTER_SPAN) {
      // 2^41 ids in one ms: borrow the next ms rather than wrap.
      lastMs += 1;
      counter = random(6) % SEED_SPAN;
    }
    if (!(lastMs >= 0 && lastMs < 2 ** 48)) throw new Error(`cannot make a time-ordered id at ${lastMs} ms`);
    const high = Math.floor(counter / LOW_SPAN); // 12 bits
    const low = counter % LOW_SPAN; // 30 bits
    const tail = random(4);
    const msHigh = Math.floor(lastMs / 2 ** 16); // 32 bits
    const msLow = lastMs % 2 ** 16; // 16 bits
    return (
      HEX[(msHigh >>> 24) & 0xff] +
      HEX[(msHigh >>> 16) & 0xff] +
      HEX[(msHigh >>> 8) & 0xff] +
      HEX[msHigh & 0xff] +
      '-' +
      HEX[msLow >>> 8] +
      HEX[msLow & 0xff] +
      '-' +
      HEX[0x70 | (high >>> 8)] +
      HEX[high & 0xff] +
      '-' +
      HEX[0x80 | (low >>> 24)] +
      HEX[(low >>> 16) & 0xff] +
      '-' +
      HEX[(low >>> 8) & 0xff] +
      HEX[low & 0xff] +
      HEX[(tail >>> 24) & 0xff] +
      HEX[(tail >>> 16) & 0xff] +
      HEX[(tail >>> 8) & 0xff] +
      HEX[tail & 0xff]
    );
  };
}

/** A new record id (UUIDv7): unique, and later than every id this process made before. */
export const newId: () => string = createIdGenerator();

/** The ms timestamp a UUIDv7 carries (null for any other UUID, e.g. an existing v4 id). */
export function idTime(id: string): number | null {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i.test(id)) return null;
  return parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}
