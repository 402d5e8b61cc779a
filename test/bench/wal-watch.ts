/**
 * Tells which timed call ran a WAL checkpoint. SQLite checkpoints inside the COMMIT that takes the
 * WAL past `wal_autocheckpoint` pages; the next write then restarts the WAL from the top, which
 * bumps the checkpoint sequence number in the WAL header (bytes 12–15). So when the number changes
 * after a call, the call before it (in time, whichever side ran it) did the checkpoint.
 */
import { closeSync, openSync, readSync } from 'node:fs';

export class WalWatch<K extends string> {
  private readonly fd: number;
  private readonly buffer = Buffer.alloc(4);
  private last: number;
  private previous: { name: K; index: number } | null = null;
  readonly checkpointed = new Map<K, Set<number>>();

  constructor(dbFile: string) {
    this.fd = openSync(`${dbFile}-wal`, 'r');
    this.last = this.read();
  }

  private read(): number {
    readSync(this.fd, this.buffer, 0, 4, 12);
    return this.buffer.readUInt32BE(0);
  }

  /** Call after every timed call (outside the timing). */
  observe = (name: K, index: number): void => {
    const now = this.read();
    if (now !== this.last && this.previous) {
      const set = this.checkpointed.get(this.previous.name) ?? new Set<number>();
      set.add(this.previous.index);
      this.checkpointed.set(this.previous.name, set);
    }
    this.last = now;
    this.previous = { name, index };
  };

  /** The samples of one side split into calls that checkpointed and calls that did not. */
  split(name: K, samples: readonly number[]): { checkpoint: number[]; other: number[] } {
    const set = this.checkpointed.get(name) ?? new Set<number>();
    return { checkpoint: samples.filter((_, i) => set.has(i)), other: samples.filter((_, i) => !set.has(i)) };
  }

  close(): void {
    closeSync(this.fd);
  }
}
