/**
 * The throttles of sign-in, in memory (a restart forgets them; the account locks are in the database):
 *   - per address (the web console's remote address; Electron's window is `local`): after 10 failures
 *     in a row from one address, each further attempt from it waits 1 s, then 2 s, 4 s … at most
 *     5 minutes; a success from the address, or an hour without attempts, forgets it;
 *   - per unknown username: the same lock as a real account (5 failures → 15 minutes), so a lock does
 *     not tell which usernames exist.
 * Times are the core's clock (a manual clock in tests and drills).
 */

/** Failures in a row that lock an account (sign-in, screen unlock, handover signature together). */
export const LOCK_AFTER_FAILURES = 5;
export const LOCK_MS = 15 * 60_000;
/** Failures in a row from one address before it has to wait. */
export const ADDRESS_FREE_FAILURES = 10;
export const ADDRESS_MAX_DELAY_MS = 5 * 60_000;
/** An address or unknown name not seen for this long is forgotten. */
const FORGET_MS = 60 * 60_000;

interface Entry {
  failures: number;
  lastAt: number;
  lockedUntil: number;
}

/** A map that forgets its oldest entries beyond a size (a flood of addresses or names cannot grow it without end). */
class Recent {
  private readonly entries = new Map<string, Entry>();
  constructor(private readonly max: number) {}

  get(key: string, now: number): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && now - entry.lastAt > FORGET_MS && entry.lockedUntil <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  touch(key: string, now: number): Entry {
    const entry = this.get(key, now) ?? { failures: 0, lastAt: now, lockedUntil: 0 };
    // Re-inserted: the Map's order is the order of last use.
    this.entries.delete(key);
    this.entries.set(key, entry);
    while (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
    return entry;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }
}

export class AddressBackoff {
  private readonly recent: Recent;
  constructor(maxEntries = 10_000) {
    this.recent = new Recent(maxEntries);
  }

  /** Milliseconds the address must still wait before its next attempt (0: go ahead). */
  waitMs(address: string, now: number): number {
    const entry = this.recent.get(address, now);
    if (!entry) return 0;
    const over = entry.failures - ADDRESS_FREE_FAILURES;
    if (over < 0) return 0;
    const delay = Math.min(1000 * 2 ** over, ADDRESS_MAX_DELAY_MS);
    return Math.max(0, entry.lastAt + delay - now);
  }

  failed(address: string, now: number): void {
    const entry = this.recent.touch(address, now);
    entry.failures += 1;
    entry.lastAt = now;
  }

  succeeded(address: string): void {
    this.recent.delete(address);
  }
}

/** The lock of a username nobody has: counted like a real account's, never stored. */
export class UnknownNames {
  private readonly recent: Recent;
  constructor(maxEntries = 10_000) {
    this.recent = new Recent(maxEntries);
  }

  lockedUntil(username: string, now: number): number | null {
    const entry = this.recent.get(username, now);
    return entry && entry.lockedUntil > now ? entry.lockedUntil : null;
  }

  /** Counts a failure; returns the failures in a row and the lock it led to (if any). */
  failed(username: string, now: number): { failures: number; lockedUntil: number | null } {
    const entry = this.recent.touch(username, now);
    if (entry.lockedUntil && entry.lockedUntil <= now) {
      entry.failures = 0;
      entry.lockedUntil = 0;
    }
    entry.failures += 1;
    entry.lastAt = now;
    if (entry.failures >= LOCK_AFTER_FAILURES) entry.lockedUntil = now + LOCK_MS;
    return { failures: entry.failures, lockedUntil: entry.lockedUntil || null };
  }
}
