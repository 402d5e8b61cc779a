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
import type { Actor } from '../kernel/actor';
import type { Clock } from '../kernel/clock';
import type { Kernel } from '../kernel/command-runner';
import { BlobHttp, type BlobRemote } from './blob-http';
import type { BlobStore } from './blob-store';
import { DistrictHttp, HttpFailure } from './sync-http';
import { SyncInbox, type RemoteEvents, type ServerRecord, type UpsertSink } from './sync-inbox';
import { backoffMs, syncSettings, type ProblemOp, type SyncOptions, type SyncSettings, type SyncStatus } from './sync-options';
import { DistrictMisbehaved, followStream, Puller } from './sync-pull';
import { SyncPush } from './sync-push';
import { ProblemResolver, type ProblemRef, type RetryOutcome } from './sync-resolve';
import { SyncLink, syncProblems } from './sync-status';

export type { UpsertSink, UpsertTaken } from './sync-inbox';
export type { ProblemOp, SyncCondition, SyncConditionKind, SyncOptions, SyncState, SyncStatus } from './sync-options';
export type { ProblemRef, RetryOutcome } from './sync-resolve';

/** A snapshot may hold every record of the town: bounded too, at this many pull pages. */
const SNAPSHOT_PAGES = 8;

export class SyncWorker {
  private running = false;
  private wakeUp: (() => void) | null = null;
  private dirty = true;
  private stream: AbortController | null = null;
  private loop: Promise<void> | null = null;
  private readonly http: DistrictHttp;
  /** The district's blob endpoints (attachments: uploaded before the op that names them, fetched on open). */
  readonly blobRemote: BlobRemote;
  private readonly inbox: SyncInbox;
  private readonly pusher: SyncPush;
  private readonly puller: Puller;
  private readonly link: SyncLink;
  private readonly resolver: ProblemResolver;
  private readonly o: SyncSettings;
  private unsubscribe: (() => void) | null = null;
  /** Pulls that met a misbehaving district in a row, and when the next may start (real ms): the pull backs off. */
  private pullTrouble = 0;
  private pullNotBefore = 0;
  /** Streams dropped for an event over the bound in a row, and when the next may open (real ms). */
  private streamTrouble = 0;
  private streamNotBefore = 0;

  constructor(
    private readonly kernel: Kernel,
    events: RemoteEvents,
    private readonly feed: ChangeFeed,
    clock: Clock,
    nodeId: string,
    options: SyncOptions,
    blobs: BlobStore | null = null,
  ) {
    this.o = syncSettings(options);
    this.http = new DistrictHttp(this.o, options.fetch ?? fetch);
    this.blobRemote = new BlobHttp(this.o, options.fetch ?? fetch);
    this.link = new SyncLink(kernel, feed, clock, this.o.offlineAlarmMs, () => this.running, this.o.problemAlarmMs);
    this.inbox = new SyncInbox(
      kernel,
      events,
      nodeId,
      async () => (await this.http.request('GET', '/snapshot', undefined, this.o.maxPageBytes * SNAPSHOT_PAGES)) as { cursor: string; entities: ServerRecord[] },
      () => {
        this.link.statusChanged(true);
        this.link.conditions.watch();
      },
    );
    this.pusher = new SyncPush(
      kernel,
      this.http,
      this.inbox,
      nodeId,
      this.o.batchSize,
      () => {
        this.link.statusChanged(true);
        this.link.conditions.watch();
      },
      blobs ? { store: blobs, remote: this.blobRemote } : null,
    );
    this.puller = new Puller(this.http, this.inbox, this.link, this.o);
    this.resolver = new ProblemResolver(kernel, this.inbox, this.link, () => this.poke());
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
    return this.puller.pullAll();
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
      if (m.topic !== 'clock') return;
      this.link.watchOffline();
      this.link.conditions.watch();
    });
    // Quarantined ops kept from before may be past the alarm time already.
    this.link.conditions.watch();
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

  private backoff(failures: number): number {
    return backoffMs(failures, this.o.minBackoffMs, this.o.maxBackoffMs);
  }

  /**
   * One round of the loop: push, then pull unless the pull is backing off from a misbehaving district.
   * Says how the pull went: ran through, misbehaved (reported; it backs off), or is still waiting.
   */
  private async round(): Promise<'pulled' | 'misbehaved' | 'waiting'> {
    await this.push();
    if (Date.now() < this.pullNotBefore) return 'waiting';
    try {
      await this.pull();
      this.pullTrouble = 0;
      this.pullNotBefore = 0;
      return 'pulled';
    } catch (error) {
      if (!(error instanceof DistrictMisbehaved)) throw error;
      // Reported (a condition, shown and alarmed); asked again after a growing pause, not at once.
      this.pullTrouble += 1;
      this.pullNotBefore = Date.now() + this.backoff(this.pullTrouble);
      return 'misbehaved';
    }
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        this.dirty = false;
        const pulled = await this.round();
        // Stopped meanwhile: nothing to report (it stays 'stopped') and no poll interval to wait out.
        if (!this.running) break;
        failures = 0;
        if (pulled === 'pulled') this.link.markSuccess();
        else if (pulled === 'misbehaved') this.link.markReachable();
        // One stream at a time: `stream` is set from the moment one is being opened.
        if (pulled === 'pulled' && this.o.live && !this.stream && Date.now() >= this.streamNotBefore) this.follow();
        let wait = this.link.streaming ? this.o.pollIntervalMs * 6 : this.o.pollIntervalMs;
        // Back as soon as the pull (or the stream) may be tried again.
        const now = Date.now();
        if (this.pullNotBefore > now) wait = Math.min(wait, this.pullNotBefore - now);
        if (this.o.live && !this.stream && this.streamNotBefore > now) wait = Math.min(wait, this.streamNotBefore - now);
        if (!this.dirty) await this.sleep(wait);
      } catch (error) {
        if (!this.running) break;
        failures += 1;
        if (error instanceof HttpFailure && (error.status === 401 || error.status === 403)) {
          this.link.markUnauthorized(error.status);
          break;
        }
        this.link.markOffline(error);
        const wait = error instanceof HttpFailure && error.retryAfterMs !== null ? error.retryAfterMs : this.backoff(failures);
        await this.sleep(wait);
      }
    }
  }

  /** Opens the live stream; when it ends, the loop falls back to pulling and reopens it (after a pause if it was refused). */
  private follow(): void {
    const controller = new AbortController();
    this.stream = controller;
    void followStream(
      {
        http: this.http,
        inbox: this.inbox,
        link: this.link,
        streamIdleMs: this.o.streamIdleMs,
        maxEventBytes: this.o.maxEventBytes,
        ended: (refused) => {
          if (this.stream === controller) this.stream = null;
          if (refused) {
            this.streamTrouble += 1;
            this.streamNotBefore = Date.now() + this.backoff(this.streamTrouble);
          } else if (!this.link.conditions.has('event_too_large')) {
            this.streamTrouble = 0;
            this.streamNotBefore = 0;
          }
          this.poke();
        },
      },
      controller,
    );
  }

  /** Retries a quarantined op now (同步问题 → 重试): a command of a leader or an administrator, audited. */
  retryProblem(actor: Actor, ref: ProblemRef): Promise<RetryOutcome> {
    return this.resolver.retry(actor, ref);
  }

  /** Ignores a quarantined op (同步问题 → 忽略): kept, off the list; a command of a leader or an administrator, audited. */
  ignoreProblem(actor: Actor, ref: ProblemRef): Promise<void> {
    return this.resolver.ignore(actor, ref);
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
    await this.link.conditions.settled();
  }
}
