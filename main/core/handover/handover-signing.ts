/**
 * Signing a handover: each officer re-enters their password (outgoing from the shift, incoming from
 * the next). From the first signature the content is frozen; at the second the handover is final
 * (the service refuses, and database triggers enforce it), carries the hash of what both signed, is
 * synced as a signed `handover` upsert, and an online backup is taken.
 */
import { createHash } from 'node:crypto';
import type { Role } from '../../../preload/contract/schemas';
import { verifyPassword } from '../auth/passwords';
import type { Sql } from '../db/db';
import { refuse } from '../errors';
import type { Actor } from '../kernel';
import { permit } from '../kernel/permissions';
import type { HandoverBackup, HandoverContext, HandoverShift } from './handover-context';
import type { HandoverRecord } from './handover.repository';

/** The roles whose people sign a handover (the duty leader and the duty officers of the shift). */
const SIGNING_ROLES = ['leader', 'officer'] as const;

/** Verified against when the username is unknown, so timing does not tell which usernames are real. */
const DUMMY_HASH = 'scrypt$10$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

export interface SignRequest {
  readonly handoverId: string;
  readonly side: 'outgoing' | 'incoming';
  readonly username: string;
  readonly password: string;
}

export interface SignOutcome {
  readonly backup: { name: string; bytes: number } | null;
  readonly backupError: string | null;
}

export class HandoverSigning {
  constructor(
    private readonly ctx: HandoverContext,
    private readonly backup: HandoverBackup | null,
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
    const person = await kernel.read((sql) => repo.signer(sql, req.username));
    const ok = await verifyPassword(req.password, person?.password_hash ?? DUMMY_HASH);
    if (!person || !ok) {
      await kernel.run(
        { name: 'handover.sign_failed', actor, audit: { entity: 'handover', entityId: req.handoverId, detail: { side: req.side, username: req.username } } },
        async () => undefined,
      );
      refuse('bad_credentials', 'wrong username or password');
    }
    const roles = person.roles.split(',') as Role[];
    // The signer is who acts (the audit row's actor, as on the signature); the desk's session was checked above.
    const signer: Actor = { id: person.id, roles };
    let backupDue = false;
    await kernel.run({ name: 'handover.sign', actor: signer }, async (tx) => {
      const { sql, at } = tx;
      const h = await this.ctx.load(sql, req.handoverId);
      if (h.signed_at) refuse('handover_signed', 'this handover is already signed', { handoverId: h.id });
      const already = req.side === 'outgoing' ? h.outgoing_signed_at : h.incoming_signed_at;
      if (already) refuse('already_decided', `the ${req.side} officer has already signed`);
      const other = req.side === 'outgoing' ? h.incoming_person_id : h.outgoing_person_id;
      if (other === person.id) refuse('same_signer', 'the same person cannot sign for both shifts', { personId: person.id });
      const duty = this.ctx.roster.duty;
      const shift = this.ctx.shiftOf(h.shift_id);
      const target = req.side === 'outgoing' ? shift : h.next_shift_id ? (duty.byId.get(h.next_shift_id) ?? null) : duty.nextOf(shift);
      this.checkSigner(person.id, roles, target, req.side);
      const pending = await repo.pendingItems(sql, h.id);
      if (pending > 0) refuse('handover_incomplete', `${pending} item(s) are neither confirmed nor annotated`, { pending });
      const next: HandoverRecord =
        req.side === 'outgoing' ? { ...h, outgoing_person_id: person.id, outgoing_signed_at: at } : { ...h, incoming_person_id: person.id, incoming_signed_at: at };
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
        backup = await this.backup(person.id);
      } catch (error) {
        backupError = error instanceof Error ? error.message : String(error);
        console.error('backup at handover failed', error);
      }
    }
    return { backup, backupError };
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
    const items = await this.ctx.repo.items(sql, h.id);
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
}
