/**
 * Signing a handover: each officer re-enters their password (outgoing from the shift, incoming from
 * the next). The handover and the signer's right are looked up first: an unknown handover, one that
 * is signed, or a signer who may not sign it is refused before any password is checked (the desk is
 * no password oracle), and a wrong password counts toward the account's lock like a failed sign-in
 * (main/core/auth, through SignerPasswords). From the first signature the content is frozen; at the
 * second the handover is final (the service refuses, and database triggers enforce it), carries the
 * hash of what both signed, is synced as a signed `handover` upsert, and an online backup is taken.
 */
import { createHash } from 'node:crypto';
import type { Role } from '../../../preload/contract/schemas';
import type { Sql } from '../db/db';
import { refuse } from '../errors';
import type { Actor } from '../kernel';
import { permit } from '../kernel/permissions';
import type { HandoverBackup, HandoverContext, HandoverShift, SignerPasswords } from './handover-context';
import type { HandoverItemRecord, HandoverRecord } from './handover.repository';

/** The roles whose people sign a handover (the duty leader and the duty officers of the shift). */
const SIGNING_ROLES = ['leader', 'officer'] as const;

export interface SignRequest {
  readonly handoverId: string;
  readonly side: 'outgoing' | 'incoming';
  readonly username: string;
  readonly password: string;
  /** Where the attempt comes from (the door's session; `local` in Electron): failures there back off. */
  readonly address?: string;
}

export interface SignOutcome {
  readonly backup: { name: string; bytes: number } | null;
  readonly backupError: string | null;
}

interface Signer {
  readonly id: string;
  readonly roles: Role[];
}

export class HandoverSigning {
  constructor(
    private readonly ctx: HandoverContext,
    private readonly backup: HandoverBackup | null,
    private readonly passwords: SignerPasswords,
  ) {}

  /**
   * One officer signs by re-entering their password: the outgoing one must be rostered on the
   * shift, the incoming one on the next (as duty leader or duty officer; anyone of those roles
   * when that shift has nobody in them). Every item must be confirmed or annotated first. The
   * second signature makes the handover final and takes the online backup.
   */
  async sign(actor: Actor, req: SignRequest): Promise<SignOutcome> {
    permit(actor, 'handover');
    const { kernel, repo } = this.ctx;
    // A repeat of a signature that went through (the client's command id) returns its first result.
    const replay = await kernel.ranBefore('handover.sign');
    // The handover and the signer's right, before the password.
    const signer = await kernel.read(async (sql) => {
      const row = await repo.signer(sql, req.username);
      const found: Signer | null = row ? { id: row.id, roles: row.roles.split(',').filter(Boolean) as Role[] } : null;
      if (!replay) await this.validate(sql, req, found);
      return found;
    });
    if (!signer) refuse('not_on_shift', `${req.username} may not sign this handover`, { side: req.side });
    if (!replay) {
      await this.passwords.check(signer.id, req.password, req.address ?? 'local', {
        name: 'handover.sign_failed',
        actor,
        audit: { entity: 'handover', entityId: req.handoverId, detail: { side: req.side, username: req.username } },
      });
    }
    // The signer is who acts (the audit row's actor, as on the signature); the desk's session was checked above.
    const signerActor: Actor = { id: signer.id, roles: signer.roles };
    let backupDue = false;
    await kernel.run({ name: 'handover.sign', actor: signerActor }, async (tx) => {
      const { sql, at } = tx;
      // Checked again in the command: the handover may have moved on while the password was checked.
      const h = await this.validate(sql, req, signer);
      await this.passwords.succeeded(sql, signer.id);
      const next: HandoverRecord =
        req.side === 'outgoing' ? { ...h, outgoing_person_id: signer.id, outgoing_signed_at: at } : { ...h, incoming_person_id: signer.id, incoming_signed_at: at };
      const signedNow = !!(next.outgoing_signed_at && next.incoming_signed_at);
      if (signedNow) {
        next.signed_at = at;
        next.content_hash = await this.contentHash(sql, next);
        tx.afterCommit(() => {
          backupDue = true;
        });
      }
      await this.ctx.save(tx, next);
      await tx.audit(signedNow ? 'handover.signed' : 'handover.sign', 'handover', h.id, { side: req.side, at, by: actor.id });
      tx.emit({ topic: 'roster', parts: ['handover'] });
    });
    let backup: { name: string; bytes: number } | null = null;
    let backupError: string | null = null;
    if (backupDue && this.backup) {
      try {
        backup = await this.backup(signer.id);
      } catch (error) {
        backupError = error instanceof Error ? error.message : String(error);
        console.error('backup at handover failed', error);
      }
    }
    return { backup, backupError };
  }

  /** Everything but the password: the handover is there and open on this side, the signer may sign it, every item is done. */
  private async validate(sql: Sql, req: SignRequest, signer: Signer | null): Promise<HandoverRecord> {
    const h = await this.ctx.load(sql, req.handoverId);
    if (h.signed_at) refuse('handover_signed', 'this handover is already signed', { handoverId: h.id });
    const already = req.side === 'outgoing' ? h.outgoing_signed_at : h.incoming_signed_at;
    if (already) refuse('already_decided', `the ${req.side} officer has already signed`);
    if (!signer) refuse('not_on_shift', `${req.username} may not sign this handover`, { side: req.side });
    const other = req.side === 'outgoing' ? h.incoming_person_id : h.outgoing_person_id;
    if (other === signer.id) refuse('same_signer', 'the same person cannot sign for both shifts', { personId: signer.id });
    const duty = this.ctx.roster.duty;
    const shift = this.ctx.shiftOf(h.shift_id);
    const target = req.side === 'outgoing' ? shift : h.next_shift_id ? (duty.byId.get(h.next_shift_id) ?? null) : duty.nextOf(shift);
    this.checkSigner(signer.id, signer.roles, target, req.side);
    const pending = await this.ctx.repo.pendingItems(sql, h.id);
    if (pending > 0) refuse('handover_incomplete', `${pending} item(s) are neither confirmed nor annotated`, { pending });
    return h;
  }

  private checkSigner(personId: string, roles: readonly Role[], shift: HandoverShift | null, side: 'outgoing' | 'incoming'): void {
    const rostered = shift ? SIGNING_ROLES.flatMap((k) => (shift.slots.get(k) ?? []).filter((x): x is string => x !== null)) : [];
    if (rostered.length > 0) {
      if (!rostered.includes(personId)) {
        refuse('not_on_shift', `${this.ctx.name(personId)} is not the duty leader or a duty officer of ${shift!.date} ${shift!.name}`, { personId, side, shiftId: shift!.id });
      }
      return;
    }
    if (!roles.some((r) => r === 'officer' || r === 'leader')) {
      refuse('not_on_shift', `${this.ctx.name(personId)} is not a duty officer or leader`, { personId, side, shiftId: shift?.id ?? '' });
    }
  }

  /** SHA-256 of the content both signed: the items as they stand, the stats, the signatures. */
  private async contentHash(sql: Sql, h: HandoverRecord): Promise<string> {
    return contentHashOf(h, await this.ctx.repo.items(sql, h.id));
  }
}

/** SHA-256 of a handover's signed content (also what a handover signed across two consoles gets: handover-remote.ts). */
export function contentHashOf(h: HandoverRecord, items: readonly HandoverItemRecord[]): string {
  const content = {
    id: h.id,
    shiftId: h.shift_id,
    nextShiftId: h.next_shift_id,
    stats: JSON.parse(h.stats) as unknown,
    items: items.map((i) => [i.kind, i.ref_id, i.title, i.detail, i.confirmed_by, i.confirmed_at, i.note, i.noted_by, i.noted_at]),
    outgoing: [h.outgoing_person_id, h.outgoing_signed_at],
    incoming: [h.incoming_person_id, h.incoming_signed_at],
    signedAt: h.signed_at,
  };
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}
