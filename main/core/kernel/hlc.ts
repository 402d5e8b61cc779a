/**
 * Hybrid logical clock (PROTOCOL.md): `<ISO wall time>-<4-digit counter>-<nodeId>`, which sorts
 * lexically in causal order as long as wall times are ISO UTC with milliseconds.
 */
import type { Clock } from '../kernel/clock';

export function parseHlc(hlc: string): { wall: number; counter: number; nodeId: string } | null {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)-(\d{4})-(.+)$/.exec(hlc);
  if (!match) return null;
  return { wall: Date.parse(match[1]!), counter: Number(match[2]), nodeId: match[3]! };
}

/**
 * PROTOCOL.md v1.1: a remote hlc may move this clock at most this far ahead of the wall clock. An op
 * further ahead is quarantined by the sync inbox, never folded in: one op from the year 9999 would
 * otherwise stamp every later local op with it, for good.
 */
export const MAX_HLC_AHEAD_MS = 5 * 60_000;

/** How far (ms) an hlc's wall time is ahead of `nowMs`; null when it is not an hlc. */
export function hlcAheadMs(hlc: string, nowMs: number): number | null {
  const parsed = parseHlc(hlc);
  return parsed && !Number.isNaN(parsed.wall) ? parsed.wall - nowMs : null;
}

export class HybridLogicalClock {
  private wall = 0;
  private counter = 0;

  constructor(
    private readonly nodeId: string,
    private readonly clock: Clock,
    last?: string | null,
  ) {
    // Our own newest op: its order is kept even when the wall clock went back since (not bounded).
    const own = last ? parseHlc(last) : null;
    if (own && !Number.isNaN(own.wall)) this.fold(own.wall, own.counter);
  }

  /** A new timestamp for a local event. */
  now(): string {
    const physical = this.clock.now().getTime();
    if (physical > this.wall) {
      this.wall = physical;
      this.counter = 0;
    } else {
      this.counter += 1;
    }
    if (this.counter > 9999) {
      // The counter has four digits; past that, borrow a millisecond rather than break the order.
      this.wall += 1;
      this.counter = 0;
    }
    return `${new Date(this.wall).toISOString()}-${String(this.counter).padStart(4, '0')}-${this.nodeId}`;
  }

  /**
   * Folds a remote timestamp in, so the next local one sorts after it; returns whether it did. One
   * more than MAX_HLC_AHEAD_MS ahead of the wall clock is refused (the clock does not move): the sync
   * inbox quarantines such an op before it gets here, and this keeps every other path (and a clock
   * restarted from an outbox poisoned by an older version) honest too.
   */
  receive(remote: string): boolean {
    const parsed = parseHlc(remote);
    if (!parsed || Number.isNaN(parsed.wall)) return false;
    if (parsed.wall - this.clock.now().getTime() > MAX_HLC_AHEAD_MS) return false;
    this.fold(parsed.wall, parsed.counter);
    return true;
  }

  private fold(wall: number, counter: number): void {
    if (wall > this.wall) {
      this.wall = wall;
      this.counter = counter;
    } else if (wall === this.wall && counter > this.counter) {
      this.counter = counter;
    }
  }
}
