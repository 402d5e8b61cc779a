/**
 * Handovers made on another console of the town (or by the district), folded into this console's
 * handover tables inside the sync page's transaction (the sync sink `handover`; the conflict rule in
 * docs/protocol-decisions.md, "Every record both ways"):
 * - signed is final: a handover signed here never changes; a signed one from elsewhere replaces an
 *   unsigned one here whatever the HLC order (as the server folds it), with both its signatures;
 * - both signatures kept: while neither copy is signed, a signature on either side is never lost —
 *   the outgoing officer signing on one console and the incoming one on the other gives one handover
 *   with both signatures on both (final then, its time the later signature, its content hash as at a
 *   signature made here); the first signature on a side stands;
 * - the content (items, stats) goes with the newest HLC, unless signing has begun here (frozen);
 * - one handover per shift: another console's handover of a shift that has one here replaces it only
 *   when it is signed, or newer and nothing here is signed yet.
 * Nothing here is sent back (the op is on the server); no backup is taken for a handover signed elsewhere.
 */
import { HANDOVER_ITEM_KINDS, type HandoverItemKind } from '../../../preload/contract/roster-schemas';
import type { Sql } from '../db/db';
import type { HybridLogicalClock } from '../kernel/hlc';
import { contentHashOf } from './handover-signing';
import type { HandoverItemRecord, HandoverRecord, HandoverRepository } from './handover.repository';

type Payload = Record<string, unknown>;
const str = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const strOrNull = (v: unknown): string | null => (str(v) ? v : null);

interface Side {
  readonly personId: string | null;
  readonly signedAt: string | null;
}

function side(v: unknown): Side {
  const s = (v && typeof v === 'object' ? v : {}) as Payload;
  return { personId: strOrNull(s.personId), signedAt: strOrNull(s.signedAt) };
}

function unreadable(id: string, what: string): never {
  throw new Error(`handover ${id}: ${what}`);
}

/** The record and items a payload describes (signatures as sent). */
function fromPayload(id: string, p: Payload, hlc: string, at: string): { record: HandoverRecord; items: HandoverItemRecord[] } {
  if (!str(p.shiftId)) unreadable(id, '`shiftId` missing');
  if (!Array.isArray(p.items)) unreadable(id, '`items` is not a list');
  const out = side(p.outgoing);
  const inc = side(p.incoming);
  const items = p.items.map((raw: unknown, sort): HandoverItemRecord => {
    const i = (raw ?? {}) as Payload;
    if (!str(i.id) || !HANDOVER_ITEM_KINDS.includes(i.kind as HandoverItemKind) || typeof i.title !== 'string') unreadable(id, 'an item without id, kind or title');
    return {
      id: i.id,
      handover_id: id,
      kind: i.kind as HandoverItemKind,
      ref_id: strOrNull(i.refId),
      title: i.title,
      detail: JSON.stringify(i.detail ?? {}),
      sort,
      confirmed_by: strOrNull(i.confirmedBy),
      confirmed_at: strOrNull(i.confirmedAt),
      note: typeof i.note === 'string' ? i.note : null,
      noted_by: strOrNull(i.notedBy),
      noted_at: strOrNull(i.notedAt),
    };
  });
  const record: HandoverRecord = {
    id,
    shift_id: p.shiftId,
    next_shift_id: strOrNull(p.nextShiftId),
    generated_at: str(p.generatedAt) ? p.generatedAt : at,
    generated_by: strOrNull(p.generatedBy),
    refreshed_at: str(p.refreshedAt) ? p.refreshedAt : at,
    stats: JSON.stringify(p.stats ?? {}),
    outgoing_person_id: out.personId,
    outgoing_signed_at: out.signedAt,
    incoming_person_id: inc.personId,
    incoming_signed_at: inc.signedAt,
    signed_at: strOrNull(p.signedAt),
    content_hash: strOrNull(p.contentHash),
    version: 0,
    hlc,
  };
  return { record, items };
}

const anySignature = (h: HandoverRecord): boolean => !!(h.outgoing_signed_at || h.incoming_signed_at);

export class HandoverRemote {
  constructor(
    private readonly repo: HandoverRepository,
    private readonly hlcClock: HybridLogicalClock,
  ) {}

  /** Folds one `handover` upsert; true when it changed the handover here. */
  async apply(sql: Sql, id: string, p: Payload, hlc: string, at: string): Promise<boolean> {
    const remote = fromPayload(id, p, hlc, at);
    this.hlcClock.receive(hlc);
    const local = (await this.repo.byId(sql, id)) ?? (await this.repo.byShift(sql, remote.record.shift_id));
    if (!local) {
      await this.write(sql, null, remote.record, remote.items, 1);
      return true;
    }
    if (local.signed_at) return false; // signed is final
    const remoteSigned = remote.record.signed_at !== null;
    if (local.id !== id) {
      // Another console's handover of the same shift.
      if (!remoteSigned && (anySignature(local) || hlc <= local.hlc)) return false;
      await this.remove(sql, local.id);
      await this.write(sql, null, remote.record, remote.items, 1);
      return true;
    }
    if (remoteSigned) {
      await this.write(sql, local, remote.record, remote.items, local.version + 1);
      return true;
    }
    // Neither is final: the content by HLC (frozen once signing began here), every signature kept.
    const contentFromRemote = hlc > local.hlc && !anySignature(local);
    const base: HandoverRecord = contentFromRemote ? { ...remote.record } : { ...local };
    const merged: HandoverRecord = {
      ...base,
      outgoing_person_id: local.outgoing_signed_at ? local.outgoing_person_id : (remote.record.outgoing_person_id ?? local.outgoing_person_id),
      outgoing_signed_at: local.outgoing_signed_at ?? remote.record.outgoing_signed_at,
      incoming_person_id: local.incoming_signed_at ? local.incoming_person_id : (remote.record.incoming_person_id ?? local.incoming_person_id),
      incoming_signed_at: local.incoming_signed_at ?? remote.record.incoming_signed_at,
      hlc: hlc > local.hlc ? hlc : local.hlc,
    };
    const items = contentFromRemote ? remote.items : await this.repo.items(sql, id);
    if (merged.outgoing_signed_at && merged.incoming_signed_at) {
      merged.signed_at = merged.outgoing_signed_at > merged.incoming_signed_at ? merged.outgoing_signed_at : merged.incoming_signed_at;
      merged.content_hash = contentHashOf(merged, items);
    } else {
      merged.signed_at = null;
    }
    const same = JSON.stringify({ ...merged, version: 0 }) === JSON.stringify({ ...local, version: 0 });
    if (same && !contentFromRemote) return false;
    await this.write(sql, local, merged, contentFromRemote ? remote.items : null, local.version + 1);
    return true;
  }

  private async remove(sql: Sql, handoverId: string): Promise<void> {
    for (const item of await this.repo.items(sql, handoverId)) await this.repo.deleteItem(sql, item.id);
    await sql.run(`DELETE FROM handover WHERE id = ?`, [handoverId]);
  }

  /**
   * Writes the handover and (when given) its items. The signature goes on last: the database refuses
   * any change to a signed handover's items, so they are written while it is still open.
   */
  private async write(sql: Sql, local: HandoverRecord | null, h: HandoverRecord, items: readonly HandoverItemRecord[] | null, version: number): Promise<void> {
    const open = { ...h, signed_at: null, version };
    if (local) await this.repo.update(sql, open);
    else await this.repo.insert(sql, open);
    if (items) {
      for (const item of await this.repo.items(sql, h.id)) await this.repo.deleteItem(sql, item.id);
      for (const item of items) await this.repo.insertItem(sql, { ...item, handover_id: h.id });
    }
    if (h.signed_at) await this.repo.update(sql, { ...open, signed_at: h.signed_at });
  }
}
