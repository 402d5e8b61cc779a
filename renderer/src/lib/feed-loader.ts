/**
 * The plain core of `useFeedLoad` (no React, so it is unit-tested under Node): one loader per piece
 * of data on screen, that
 * - numbers its requests and applies an answer only if no newer request has been answered and none
 *   has been started since the data's key changed (`restart`): a slow answer to an older request
 *   never overwrites a newer one;
 * - coalesces bursts (`schedule`): however many times it is asked, it loads at most once per
 *   `minGapMs` and never twice at once; a call during a load queues exactly one more;
 * - applies nothing once closed (the component went away), and loads nothing while paused.
 */

/** Request numbers: which answers may still be applied. */
export class RequestSequencer {
  private issued = 0;
  private applied = 0;
  private floor = 0;

  /** A new request: its number. */
  begin(): number {
    this.issued += 1;
    return this.issued;
  }

  /** The data's key changed: no answer to a request begun so far may be applied. */
  invalidate(): void {
    this.floor = this.issued;
  }

  /** Closes for good (until `open`): no answer is applied. */
  close(): void {
    this.floor = Number.POSITIVE_INFINITY;
  }

  /** Opens again after `close` (a component mounted again): only answers to later requests count. */
  open(): void {
    this.floor = this.issued;
  }

  /**
   * Whether the answer to request `seq` may be applied: begun after the last invalidation and newer
   * than every answer applied so far. Accepting it makes it the newest applied.
   */
  accept(seq: number): boolean {
    if (seq <= this.floor || seq <= this.applied) return false;
    this.applied = seq;
    return true;
  }
}

export interface FeedLoaderOptions<R> {
  load(): Promise<R>;
  apply(answer: R): void;
  minGapMs: number;
  /** For tests. */
  now?: () => number;
  onError?: (error: unknown) => void;
}

export class FeedLoader<R> {
  private readonly seq = new RequestSequencer();
  private readonly now: () => number;
  /** The request whose end a scheduled load waits for (0: none in flight). */
  private inFlight = 0;
  private pending = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** When the last coalesced load started (a restart does not count: it never holds back a change). */
  private lastStart = Number.NEGATIVE_INFINITY;
  private closed = false;
  private paused = false;
  private load: () => Promise<R>;
  private apply: (answer: R) => void;

  constructor(private readonly options: FeedLoaderOptions<R>) {
    this.now = options.now ?? (() => performance.now());
    this.load = options.load;
    this.apply = options.apply;
  }

  /** The latest functions to load and to apply with (a component's render gives new ones). */
  update(load: () => Promise<R>, apply: (answer: R) => void): void {
    this.load = load;
    this.apply = apply;
  }

  /** Loads now, and drops the answers of every request begun before (the data's key changed). */
  restart(): void {
    if (this.closed) return;
    this.paused = false;
    this.seq.invalidate();
    this.clearTimer();
    this.pending = false;
    this.run(false);
  }

  /** Loads again soon: coalesced with every other call (feed bursts, explicit reloads). */
  schedule(): void {
    if (this.closed || this.paused) return;
    if (this.inFlight) {
      this.pending = true;
      return;
    }
    if (this.timer) return;
    this.arm();
  }

  /** Loads nothing until the next `restart`; answers on their way are dropped. */
  pause(): void {
    this.paused = true;
    this.invalidate();
  }

  /** Drops the answers of every request begun so far, and any load waiting to start. */
  invalidate(): void {
    this.seq.invalidate();
    this.clearTimer();
    this.pending = false;
    this.inFlight = 0;
  }

  close(): void {
    this.closed = true;
    this.seq.close();
    this.clearTimer();
    this.pending = false;
    this.inFlight = 0;
  }

  open(): void {
    if (!this.closed) return;
    this.closed = false;
    this.seq.open();
  }

  private arm(): void {
    this.timer = setTimeout(
      () => {
        this.timer = null;
        this.run(true);
      },
      Math.max(0, this.lastStart + this.options.minGapMs - this.now()),
    );
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private run(coalesced: boolean): void {
    if (this.closed) return;
    const seq = this.seq.begin();
    this.inFlight = seq;
    if (coalesced) this.lastStart = this.now();
    let request: Promise<R>;
    try {
      request = this.load();
    } catch (error) {
      request = Promise.reject(error);
    }
    void request
      .then((answer) => {
        if (this.seq.accept(seq)) this.apply(answer);
      })
      .catch((error: unknown) => (this.options.onError ?? ((e) => console.error('load failed', e)))(error))
      .finally(() => {
        // A newer load took over (a restart): its own end decides what comes next.
        if (this.inFlight !== seq) return;
        this.inFlight = 0;
        if (this.pending && !this.closed) {
          this.pending = false;
          this.arm();
        }
      });
  }
}
