/**
 * What the sync client knows of its link to the district and tells the rest: connected / offline /
 * refused / stopped, the live stream, the last success and error; the outage clock and its alarm to
 * the leader (one per outage, kind 'sync_offline'); the 'sync' feed message when any of it changes;
 * and the status and problem ops (ours the district refused or could not read, its ops we could not
 * apply) as the UI reads them.
 */
import type { ChangeFeed } from '../feed';
import { SYSTEM } from '../kernel/actor';
import type { Clock } from '../kernel/clock';
import type { Kernel } from '../kernel/command-runner';
import { getMeta } from '../kernel/meta.repository';
import { outboxCounts, outboxProblems } from '../kernel/outbox.repository';
import { HttpFailure } from './sync-http';
import { SyncConditions } from './sync-conditions';
import { CURSOR_KEY } from './sync-inbox';
import type { ProblemOp, SyncState, SyncStatus } from './sync-options';
import { inboxProblemCount, inboxProblems } from './sync.repository';

export class SyncLink {
  state: SyncState = 'idle';
  streaming = false;
  lastError: string | null = null;
  lastSuccessAt: string | null = null;
  private offlineSince: number | null = null;
  /** What the UI last heard of the status (state, stream, error): a 'sync' feed message goes out when it changes. */
  private announcedStatus = '';
  private statusTimer: ReturnType<typeof setTimeout> | null = null;
  /** The outage (its offlineSince) the leader was already alarmed for, and the timer that will alarm for this one. */
  private alarmedFor: number | null = null;
  private offlineTimer: ReturnType<typeof setTimeout> | null = null;
  /** What is wrong with the district's answers (oversize, stuck cursor, hlc ahead, quarantined) and its alarm. */
  readonly conditions: SyncConditions;

  constructor(
    private readonly kernel: Kernel,
    private readonly feed: ChangeFeed,
    private readonly clock: Clock,
    readonly offlineAlarmMs: number,
    /** Whether the worker runs (no alarm is raised or retried once it stopped). */
    private readonly running: () => boolean,
    problemAlarmMs = 0,
  ) {
    this.conditions = new SyncConditions(kernel, clock, problemAlarmMs, running, () => this.statusChanged(true));
  }

  markSuccess(): void {
    // A round (or a stream chunk) that finished after stop(): the worker stays 'stopped'.
    if (!this.running()) return;
    this.state = 'connected';
    this.lastError = null;
    this.lastSuccessAt = this.clock.now().toISOString();
    this.offlineSince = null;
    if (this.offlineTimer) clearTimeout(this.offlineTimer);
    this.offlineTimer = null;
    this.statusChanged();
  }

  /**
   * The district answered (a push went through) but a pull did not finish (it misbehaved: reported as
   * a condition): not cut off, so no outage clock; not a success either, so the last success stays.
   */
  markReachable(): void {
    if (!this.running()) return;
    this.state = 'connected';
    this.lastError = null;
    this.offlineSince = null;
    if (this.offlineTimer) clearTimeout(this.offlineTimer);
    this.offlineTimer = null;
    this.statusChanged();
  }

  markOffline(error: unknown): void {
    const now = this.clock.now().getTime();
    if (this.offlineSince === null) this.offlineSince = now;
    this.state = 'offline';
    this.lastError = error instanceof HttpFailure ? `district answered ${error.status}` : error instanceof Error ? error.message : String(error);
    this.watchOffline();
    this.statusChanged();
  }

  /** The district refused this console (401/403): the loop stops until someone fixes the token. */
  markUnauthorized(status: number): void {
    this.state = 'unauthorized';
    this.lastError = `district refused this console (${status}); check the token and town code`;
    // Refused is cut off too: the outage clock runs (and alarms) until someone fixes the token.
    if (this.offlineSince === null) this.offlineSince = this.clock.now().getTime();
    this.watchOffline();
    this.statusChanged();
    this.feed.emit({ topic: 'alarms' });
  }

  /** A ping on the live stream (or the retry field): the district is still there. */
  heardFrom(): void {
    // Only freshens the time; being connected again is for a whole round of push and pull to say.
    if (this.state === 'connected') this.lastSuccessAt = this.clock.now().toISOString();
  }

  setStreaming(streaming: boolean): void {
    this.streaming = streaming;
    this.statusChanged();
  }

  stopped(): void {
    this.state = 'stopped';
    this.statusChanged();
    if (this.offlineTimer) clearTimeout(this.offlineTimer);
    this.offlineTimer = null;
    this.conditions.stop();
  }

  /**
   * Tells the UI (feed topic 'sync') that the status changed: at once-ish, and at most once per
   * 200 ms however often the stream succeeds. `counts` also announces when only the outbox counts moved.
   */
  statusChanged(counts = false): void {
    const key = `${this.state}|${this.streaming}|${this.lastError ?? ''}`;
    if (!counts && key === this.announcedStatus) return;
    this.announcedStatus = key;
    if (this.statusTimer) return;
    this.statusTimer = setTimeout(() => {
      this.statusTimer = null;
      this.feed.emit({ topic: 'sync' });
    }, 200);
    this.statusTimer.unref?.();
  }

  /**
   * While the desk is cut off, alarms the leader once the outage passes offlineAlarmMs (one alarm per
   * outage, kind 'sync_offline'): checked when it starts, on a timer for the rest, and after clock jumps.
   */
  watchOffline(): void {
    if (this.offlineTimer) clearTimeout(this.offlineTimer);
    this.offlineTimer = null;
    const since = this.offlineSince;
    if (since === null || !this.running() || this.alarmedFor === since || this.offlineAlarmMs <= 0) return;
    const left = this.offlineAlarmMs - this.offlineForMs();
    if (left <= 0) {
      void this.raiseOfflineAlarm(since);
      return;
    }
    this.offlineTimer = setTimeout(() => this.watchOffline(), Math.min(left + 50, 2 ** 31 - 1));
    this.offlineTimer.unref?.();
  }

  private async raiseOfflineAlarm(since: number): Promise<void> {
    this.alarmedFor = since;
    const at = this.clock.now().toISOString();
    const sinceIso = new Date(since).toISOString();
    try {
      await this.kernel.run({ name: 'sync.offlineAlarm', actor: SYSTEM, audit: false }, async (tx) => {
        const raised = await tx.raiseAlarm({
          key: `sync_offline:${sinceIso}`,
          kind: 'sync_offline',
          eventId: null,
          detail: { since: sinceIso, alarmMs: String(this.offlineAlarmMs), state: this.state, error: this.lastError ?? '' },
          at,
        });
        if (raised) tx.emit({ topic: 'alarms' });
      });
    } catch (error) {
      // The database is closing (or busy): try again on the next check.
      if (this.alarmedFor === since) this.alarmedFor = null;
      if (this.running()) console.error('could not raise the offline alarm', error);
    }
  }

  /** How long the desk has been cut off, in ms (0 when connected). */
  offlineForMs(): number {
    return this.offlineSince === null ? 0 : this.clock.now().getTime() - this.offlineSince;
  }

  async status(): Promise<SyncStatus> {
    const { counts, pulled, cursor } = await this.kernel.read(async (sql) => ({
      counts: await outboxCounts(sql),
      pulled: await inboxProblemCount(sql),
      cursor: (await getMeta(sql, CURSOR_KEY)) ?? '0',
    }));
    const conditions = await this.conditions.list();
    return {
      configured: true,
      state: this.state,
      streaming: this.streaming,
      lastSuccessAt: this.lastSuccessAt,
      pending: counts.pending,
      rejected: counts.rejected,
      // Ours held back, and the district's that could not be applied here.
      quarantined: counts.quarantined + pulled,
      cursor,
      lastError: this.lastError,
      conditions,
      problemAlarmMs: this.conditions.alarmMs,
    };
  }
}

/** Our ops the district refused or could not read, and its ops that could not be applied here; newest first. */
export async function syncProblems(kernel: Kernel, limit: number): Promise<ProblemOp[]> {
  const { pushed, pulled } = await kernel.read(async (sql) => ({ pushed: await outboxProblems(sql, limit), pulled: await inboxProblems(sql, limit) }));
  const ours = pushed.map((r): ProblemOp => {
    const result = r.result ? (JSON.parse(r.result) as { reason?: string; message?: string }) : {};
    const hlc = r.hlc;
    return {
      seq: r.seq,
      opId: r.op_id,
      entity: r.entity,
      entityId: r.entity_id,
      action: r.action,
      status: r.status,
      reason: result.reason ?? 'invalid',
      message: result.message ?? '',
      at: r.at,
      direction: 'push',
      hlc,
      title: null,
    };
  });
  const theirs = pulled.map((r): ProblemOp => ({
    seq: r.seq,
    opId: r.op_id ?? '',
    entity: r.entity ?? '',
    entityId: r.entity_id ?? '',
    action: r.action,
    status: 'quarantined',
    reason: r.reason,
    message: r.message,
    at: r.at,
    direction: 'pull',
    hlc: typeof r.hlc === 'string' ? r.hlc : null,
    title: typeof r.title === 'string' ? r.title.slice(0, 200) : null,
  }));
  return [...ours, ...theirs].sort((x, y) => (x.at < y.at ? 1 : x.at > y.at ? -1 : 0)).slice(0, limit);
}
