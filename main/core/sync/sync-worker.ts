/**
 * The sync client of PROTOCOL.md. Pushes the outbox in order, pulls the district's ops after its
 * cursor, follows the live stream (falling back to pulling), and applies remote ops through the
 * event service's lifecycle (no second write path). Never loses an op: the outbox row stays until
 * the server has answered for it; a rejected or quarantined op stays, visible, with its reason.
 *
 * This file is the loop (start / stop, one round of push then pull, backoff, the stream reopened);
 * the halves are sync-push.ts and sync-pull.ts (applying: sync-inbox.ts), the link's state, the
 * outage alarm and the status sync-status.ts.
 */
import type { ChangeFeed } from '../feed';
import type { Clock } from '../kernel/clock';
import type { Kernel } from '../kernel/command-runner';
import { DistrictHttp, HttpFailure } from './sync-http';
import { SyncInbox, type RemoteEvents, type ServerRecord, type UpsertSink } from './sync-inbox';
import { syncSettings, type ProblemOp, type SyncOptions, type SyncSettings, type SyncStatus } from './sync-options';
import { followStream, pullAll } from './sync-pull';
import { SyncPush } from './sync-push';
import { SyncLink, syncProblems } from './sync-status';

export type { UpsertSink, UpsertTaken } from './sync-inbox';
export type { ProblemOp, SyncOptions, SyncState, SyncStatus } from './sync-options';

export class SyncWorker {
  private running = false;
  private wakeUp: (() => void) | null = null;
  private dirty = true;
  private stream: AbortController | null = null;
  private loop: Promise<void> | null = null;
  private readonly http: DistrictHttp;
  private readonly inbox: SyncInbox;
  private readonly pusher: SyncPush;
  private readonly link: SyncLink;
  private readonly o: SyncSettings;
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly kernel: Kernel,
    events: RemoteEvents,
    private readonly feed: ChangeFeed,
    clock: Clock,
    nodeId: string,
    options: SyncOptions,
  ) {
    this.o = syncSettings(options);
    this.http = new DistrictHttp(this.o, options.fetch ?? fetch);
    this.link = new SyncLink(kernel, feed, clock, this.o.offlineAlarmMs, () => this.running);
    this.inbox = new SyncInbox(
      kernel,
      events,
      nodeId,
      async () => (await this.http.request('GET', '/snapshot')) as { cursor: string; entities: ServerRecord[] },
      () => this.link.statusChanged(true),
    );
    this.pusher = new SyncPush(kernel, this.http, this.inbox, nodeId, this.o.batchSize, () => this.link.statusChanged(true));
  }

  /**
   * The feature that owns an entity takes its upserts once they are folded into the sync record.
   * Registered before start() (app-core: construct → register → start).
   */
  setUpsertSink(entity: string, sink: UpsertSink): void {
    this.inbox.setUpsertSink(entity, sink);
  }

  /** Pushes every pending op; returns how many the server answered for. */
  push(): Promise<number> {
    return this.pusher.push();
  }

  /** Pulls and applies every op after the cursor; returns how many were applied here. */
  pull(): Promise<number> {
    return pullAll(this.http, this.inbox, this.o.pullLimit);
  }

  /** One round: push everything, then pull everything. Throws on network/HTTP failure. */
  async syncOnce(): Promise<{ pushed: number; pulled: number }> {
    const pushed = await this.push();
    const pulled = await this.pull();
    return { pushed, pulled };
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    // A manual clock jumped (drills, tests): an outage may have run past the alarm time.
    this.unsubscribe = this.feed.subscribe((m) => {
      if (m.topic === 'clock') this.link.watchOffline();
    });
    this.loop = this.run();
  }

  /** Something was written to the outbox (the kernel calls this after each such commit): push now. */
  poke(): void {
    this.dirty = true;
    this.wakeUp?.();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    });
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        this.dirty = false;
        await this.syncOnce();
        // Stopped meanwhile: nothing to report (it stays 'stopped') and no poll interval to wait out.
        if (!this.running) break;
        this.link.markSuccess();
        failures = 0;
        // One stream at a time: `stream` is set from the moment one is being opened.
        if (this.o.live && !this.stream) this.follow();
        if (!this.dirty) await this.sleep(this.link.streaming ? this.o.pollIntervalMs * 6 : this.o.pollIntervalMs);
      } catch (error) {
        if (!this.running) break;
        failures += 1;
        if (error instanceof HttpFailure && (error.status === 401 || error.status === 403)) {
          this.link.markUnauthorized(error.status);
          break;
        }
        this.link.markOffline(error);
        const backoff = Math.min(this.o.maxBackoffMs, 500 * 2 ** Math.min(failures, 10));
        const wait = error instanceof HttpFailure && error.retryAfterMs !== null ? error.retryAfterMs : backoff / 2 + Math.random() * (backoff / 2);
        await this.sleep(wait);
      }
    }
  }

  /** Opens the live stream; when it ends, the loop falls back to pulling and reopens it. */
  private follow(): void {
    const controller = new AbortController();
    this.stream = controller;
    void followStream(
      {
        http: this.http,
        inbox: this.inbox,
        link: this.link,
        streamIdleMs: this.o.streamIdleMs,
        ended: () => {
          if (this.stream === controller) this.stream = null;
          this.poke();
        },
      },
      controller,
    );
  }

  /** How long the desk has been cut off, in ms (0 when connected). */
  offlineForMs(): number {
    return this.link.offlineForMs();
  }

  get offlineAlarmMs(): number {
    return this.o.offlineAlarmMs;
  }

  status(): Promise<SyncStatus> {
    return this.link.status();
  }

  /** Our ops the district refused or could not read, and its ops that could not be applied here; newest first. */
  problems(limit = 200): Promise<ProblemOp[]> {
    return syncProblems(this.kernel, limit);
  }

  async stop(): Promise<void> {
    this.running = false;
    this.link.stopped();
    this.unsubscribe?.();
    this.stream?.abort();
    this.wakeUp?.();
    await this.loop;
  }
}
