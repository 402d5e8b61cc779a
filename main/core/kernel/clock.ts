/**
 * The one clock of the core. Everything that asks "what time is it" asks this, so that SLA and soak
 * tests can run a day in seconds with a ManualClock. Times are UTC Date objects; Beijing time is a
 * display concern (see beijing-time.ts).
 */
export interface Clock {
  now(): Date;
  /** Called when a manual clock jumps, so timers (the SLA sweep) can run at once. */
  onJump?(listener: () => void): () => void;
}

export const systemClock: Clock = { now: () => new Date() };

export class ManualClock implements Clock {
  private current: number;
  private readonly listeners = new Set<() => void>();

  constructor(start: Date | string = '2026-11-23T01:00:00.000Z') {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  /** Moves time forward; time never goes back. */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new Error('a clock only moves forward');
    this.current += ms;
    for (const listener of this.listeners) listener();
  }

  set(to: Date | string): void {
    const next = new Date(to).getTime();
    this.advance(Math.max(0, next - this.current));
  }

  onJump(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** A clock that runs `factor` times faster than real time from `start` (for soak runs). */
export class ScaledClock implements Clock {
  private readonly realStart = Date.now();
  constructor(
    private readonly start: Date,
    private readonly factor: number,
  ) {}
  now(): Date {
    return new Date(this.start.getTime() + (Date.now() - this.realStart) * this.factor);
  }
}
