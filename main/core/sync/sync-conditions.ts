/**
 * What is wrong with the district's answers, as the officer sees it (sync status → the header and 同步问题)
 * and the leader is alarmed for: each condition lasts from when it was first met until it clears, and
 * one that lasts problemAlarmMs raises one alarm (kind 'sync_problem', per condition and episode) —
 * the offline alarm's pattern: checked when it starts, on a timer for the rest, and after clock jumps.
 *
 * Two sources: the link's own (an oversize event or page, a stuck cursor: met, and cleared when the
 * stream or the pull works again), and the stored ones (quarantined ops not yet retried or ignored:
 * since the oldest one was set aside; `hlc_ahead` apart from the rest).
 */
import { SYSTEM } from '../kernel/actor';
import type { Clock } from '../kernel/clock';
import type { Kernel } from '../kernel/command-runner';
import { quarantinedSince } from '../kernel/outbox.repository';
import type { SyncCondition, SyncConditionKind } from './sync-options';
import { openInboxConditions } from './sync.repository';

type LinkKind = Extract<SyncConditionKind, 'event_too_large' | 'page_too_large' | 'stuck_cursor'>;

export class SyncConditions {
  private readonly met = new Map<LinkKind, { since: number; count: number; detail: string }>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** One check at a time; one more asked for while it runs runs after it. */
  private checking: Promise<void> | null = null;
  private again = false;
  /** Alarm keys already raised (raiseAlarm keeps one per key anyway; this spares the write). */
  private readonly alarmed = new Set<string>();

  constructor(
    private readonly kernel: Kernel,
    private readonly clock: Clock,
    readonly alarmMs: number,
    /** Whether the worker runs (no alarm is raised once it stopped). */
    private readonly running: () => boolean,
    /** The conditions changed (the status is announced). */
    private readonly changed: () => void,
  ) {}

  /** Met (again): counted; the condition lasts from the first time until it clears. */
  report(kind: LinkKind, detail: string): void {
    const now = this.clock.now().getTime();
    const old = this.met.get(kind);
    this.met.set(kind, { since: old?.since ?? now, count: (old?.count ?? 0) + 1, detail });
    if (!old) console.warn(`district sync: ${kind}: ${detail}`);
    this.changed();
    this.watch();
  }

  has(kind: LinkKind): boolean {
    return this.met.has(kind);
  }

  /** Working again. */
  clear(kind: LinkKind): void {
    if (this.met.delete(kind)) this.changed();
  }

  /** Every condition now: the link's and the stored ones. */
  async list(): Promise<SyncCondition[]> {
    const out: SyncCondition[] = [...this.met].map(([kind, c]) => ({ kind, since: new Date(c.since).toISOString(), count: c.count, detail: c.detail }));
    const { inbox, outbox } = await this.kernel.read(async (sql) => ({ inbox: await openInboxConditions(sql), outbox: await quarantinedSince(sql) }));
    const ahead = inbox.find((r) => r.hlcAhead);
    if (ahead) out.push({ kind: 'hlc_ahead', since: ahead.since, count: ahead.n, detail: `${ahead.n} district ops more than 5 minutes ahead` });
    const other = inbox.find((r) => !r.hlcAhead);
    const n = (other?.n ?? 0) + outbox.n;
    if (n > 0) {
      const times = [other?.since, outbox.since].filter((t): t is string => !!t).sort();
      out.push({ kind: 'quarantined', since: times[0]!, count: n, detail: `${other?.n ?? 0} district ops and ${outbox.n} of ours set aside` });
    }
    return out;
  }

  /** Alarms for every condition that has lasted alarmMs, and a timer for the next one due. */
  watch(): void {
    if (this.checking) {
      this.again = true;
      return;
    }
    this.checking = this.check()
      .catch((error: unknown) => {
        // The database is closing (or busy): the next check tries again.
        if (this.running()) console.error('could not check the sync conditions', error);
      })
      .finally(() => {
        this.checking = null;
        if (this.again) {
          this.again = false;
          this.watch();
        }
      });
  }

  private async check(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.running() || this.alarmMs <= 0) return;
    const now = this.clock.now().getTime();
    let next = Infinity;
    for (const c of await this.list()) {
      const due = Date.parse(c.since) + this.alarmMs;
      if (due > now) {
        next = Math.min(next, due);
        continue;
      }
      const key = `sync_problem:${c.kind}:${c.since}`;
      if (this.alarmed.has(key)) continue;
      await this.kernel.run({ name: 'sync.problemAlarm', actor: SYSTEM, audit: false }, async (tx) => {
        const raised = await tx.raiseAlarm({
          key,
          kind: 'sync_problem',
          eventId: null,
          detail: { condition: c.kind, since: c.since, alarmMs: String(this.alarmMs), count: String(c.count), detail: c.detail },
          at: tx.at,
        });
        if (raised) tx.emit({ topic: 'alarms' });
      });
      this.alarmed.add(key);
    }
    if (next !== Infinity && this.running()) {
      this.timer = setTimeout(() => this.watch(), Math.min(next - now + 50, 2 ** 31 - 1));
      this.timer.unref?.();
    }
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Waits for a check in progress (tests and stop). */
  async settled(): Promise<void> {
    while (this.checking) await this.checking;
  }
}
