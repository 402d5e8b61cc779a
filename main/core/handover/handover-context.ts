/**
 * What the parts of the handover share: the narrow views of the roster, the duty log and the town it
 * needs (declared here, satisfied by those features and wired in app-core.ts), the kernel, the
 * repository, and the helpers every part uses (loading, the frozen check, the status, the synced
 * `handover` upsert of the whole record).
 */
import type { HandoverStatus, ShiftRef } from '../../../preload/contract/roster-schemas';
import type { Sql } from '../db/db';
import { refuse } from '../errors';
import type { Actor, Kernel, Tx } from '../kernel';
import { HandoverRepository, type HandoverItemRecord, type HandoverRecord } from './handover.repository';

/** A shift as the handover sees it. */
export interface HandoverShift {
  readonly id: string;
  readonly month: string;
  readonly date: string;
  readonly name: string;
  readonly startMs: number;
  readonly endMs: number;
  /** role key → person per slot (`leader`, `officer`, …). */
  readonly slots: ReadonlyMap<string, readonly (string | null)[]>;
}

/** The roster as committed, as the handover reads it. */
export interface HandoverShifts {
  readonly shifts: readonly HandoverShift[];
  readonly byId: ReadonlyMap<string, HandoverShift>;
  shiftAt(ms: number): HandoverShift | null;
  /** The shift that ends exactly where this one starts. */
  previousOf(shift: HandoverShift): HandoverShift | null;
  /** The shift that starts exactly where this one ends. */
  nextOf(shift: HandoverShift): HandoverShift | null;
}

/** What the handover needs of the roster (RosterService satisfies it; wired in app-core.ts). */
export interface HandoverRoster {
  /** The roster as committed now (replaced after every roster change). */
  readonly duty: HandoverShifts;
  settings(): { readonly fixedChecks: readonly { readonly code: string; readonly label: string }[] };
}

/** A duty-log entry of the shift, as a handover item. */
export interface ShiftLogEntry {
  readonly id: string;
  readonly kind: string;
  readonly at: string;
  readonly text: string;
  readonly author_id: string;
}

/** The shift's duty log, read in the handover's transaction (DutyLogService satisfies it). */
export interface ShiftLog {
  entriesOfShift(sql: Sql, shiftId: string): Promise<readonly ShiftLogEntry[]>;
}

/** What the handover needs of the town (TownService satisfies it). */
export interface HandoverTown {
  readonly town: { readonly centreName: string };
  readonly people: ReadonlyMap<string, { readonly name: string }>;
  readonly posts: ReadonlyMap<string, { readonly name: string }>;
}

/** A running contingency plan as a handover item; the plans module provides them. */
export interface ActivePlan {
  readonly id: string;
  readonly title: string;
  readonly detail: Readonly<Record<string, string>>;
}
export type ActivePlanSource = (sql: Sql, at: string) => Promise<readonly ActivePlan[]>;

/**
 * A signer's password, checked by sign-in (main/core/auth; wired in app-core.ts): refused while the
 * account is locked or the address must wait, and a wrong one is recorded as `failure` and counts
 * toward the account's lock, like a failed sign-in.
 */
export interface SignerPasswords {
  check(personId: string, password: string, address: string, failure: { name: string; actor: Actor; audit: { entity: string; entityId: string; detail: unknown } }): Promise<void>;
  /** In the signature's command: the failures in a row start again from 0. */
  succeeded(sql: Sql, personId: string): Promise<void>;
}

/** Takes the online backup at a signed handover; resolves to the file written. */
export type HandoverBackup = (actorId: string) => Promise<{ name: string; bytes: number }>;

export class HandoverContext {
  readonly repo = new HandoverRepository();
  planSource: ActivePlanSource = async () => [];
  /** 挂账数 now as 考核评价 counts it (issue #15), wired by app-core.ts; null: the open events held counted here. */
  heldSource: ((sql: Sql) => Promise<number>) | null = null;

  constructor(
    readonly kernel: Kernel,
    readonly town: HandoverTown,
    readonly roster: HandoverRoster,
    readonly log: ShiftLog,
  ) {}

  /** One handover command through the kernel; the watch's feed hears of it after the commit. */
  run<T>(name: string, actor: Actor, fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.kernel.run({ name, actor, permission: 'handover' }, async (tx) => {
      const result = await fn(tx);
      tx.emit({ topic: 'roster', parts: ['handover'] });
      return result;
    });
  }

  shiftRef(s: HandoverShift): ShiftRef {
    return { id: s.id, name: s.name, date: s.date, startsAt: new Date(s.startMs).toISOString(), endsAt: new Date(s.endMs).toISOString() };
  }

  status(h: HandoverRecord): HandoverStatus {
    if (h.signed_at) return 'signed';
    return h.outgoing_signed_at || h.incoming_signed_at ? 'signing' : 'draft';
  }

  name(id: string | null): string | null {
    return id ? (this.town.people.get(id)?.name ?? id) : null;
  }

  async load(sql: Sql, id: string): Promise<HandoverRecord> {
    const h = await this.repo.byId(sql, id);
    if (!h) refuse('not_found', `no handover ${id}`, { id });
    return h;
  }

  refuseIfFrozen(h: HandoverRecord): void {
    if (h.signed_at) refuse('handover_signed', 'this handover is signed and can no longer change', { handoverId: h.id });
    if (h.outgoing_signed_at || h.incoming_signed_at) refuse('handover_signed', 'signing has begun: the handover’s content is frozen', { handoverId: h.id });
  }

  shiftOf(id: string): HandoverShift {
    const s = this.roster.duty.byId.get(id);
    if (!s) refuse('not_found', `no shift ${id}`, { id });
    return s;
  }

  private payload(h: HandoverRecord, items: readonly HandoverItemRecord[]): Record<string, unknown> {
    const payload: Record<string, unknown> = {
      shiftId: h.shift_id,
      nextShiftId: h.next_shift_id,
      centreName: this.town.town.centreName,
      generatedAt: h.generated_at,
      generatedBy: h.generated_by,
      refreshedAt: h.refreshed_at,
      stats: JSON.parse(h.stats) as unknown,
      items: items.map((i) => ({
        id: i.id,
        kind: i.kind,
        refId: i.ref_id,
        title: i.title,
        detail: JSON.parse(i.detail) as unknown,
        confirmedBy: i.confirmed_by,
        confirmedAt: i.confirmed_at,
        note: i.note,
        notedBy: i.noted_by,
        notedAt: i.noted_at,
      })),
      outgoing: h.outgoing_person_id ? { personId: h.outgoing_person_id, signedAt: h.outgoing_signed_at } : null,
      incoming: h.incoming_person_id ? { personId: h.incoming_person_id, signedAt: h.incoming_signed_at } : null,
      contentHash: h.content_hash,
    };
    // PROTOCOL.md: a handover whose payload has `signedAt` is signed, and final.
    if (h.signed_at) payload.signedAt = h.signed_at;
    return payload;
  }

  /** Stamps the handover's next version, writes it and its upsert (PROTOCOL.md: `handover`). */
  async save(tx: Tx, h: HandoverRecord): Promise<HandoverRecord> {
    const next = { ...h, version: h.version + 1, hlc: this.kernel.hlc.now() };
    await this.repo.update(tx.sql, next);
    const payload = this.payload(next, await this.repo.items(tx.sql, next.id));
    await tx.outbox({ entity: 'handover', entityId: next.id, kind: 'upsert', baseVersion: next.version - 1, payload, hlc: next.hlc, at: tx.at });
    return next;
  }
}
