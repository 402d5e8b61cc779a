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

export class HybridLogicalClock {
  private wall = 0;
  private counter = 0;

  constructor(
    private readonly nodeId: string,
    private readonly clock: Clock,
    last?: string | null,
  ) {
    if (last) this.receive(last);
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

  /** Folds a remote timestamp in, so the next local one sorts after it. */
  receive(remote: string): void {
    const parsed = parseHlc(remote);
    if (!parsed) return;
    if (parsed.wall > this.wall) {
      this.wall = parsed.wall;
      this.counter = parsed.counter;
    } else if (parsed.wall === this.wall && parsed.counter > this.counter) {
      this.counter = parsed.counter;
    }
  }
}
