/**
 * TypeORM entities of the 24-hour watch (migration 0003-roster), mirroring its tables column for
 * column. The full-text table `duty_log_fts` and the triggers live in the migration only.
 */
import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('shift_template')
export class ShiftTemplateRow {
  @PrimaryColumn('text') code: string;
  @Column('text') name: string;
  @Column('integer', { name: 'start_minute' }) startMinute: number;
  @Column('integer') hours: number;
  /** RoleSpec[] as JSON. */
  @Column('text') roles: string;
  @Column('integer') sort: number;
}

@Entity('roster')
export class RosterRow {
  @PrimaryColumn('text') id: string;
  @Column('text') month: string;
  /** The templates the month was planned with, as JSON. */
  @Column('text') templates: string;
  @Column('integer', { nullable: true }) seed: number | null;
  @Column('text', { name: 'generated_at', nullable: true }) generatedAt: string | null;
  @Column('text', { name: 'created_at' }) createdAt: string;
  @Column('text', { name: 'updated_at' }) updatedAt: string;
  @Column('integer') version: number;
  @Column('text') hlc: string;
}

@Entity('shift')
export class ShiftRow {
  @PrimaryColumn('text') id: string;
  @Column('text', { name: 'roster_id' }) rosterId: string;
  @Column('text') date: string;
  @Column('text', { name: 'template_code' }) templateCode: string;
  @Column('text') name: string;
  @Column('text', { name: 'starts_at' }) startsAt: string;
  @Column('text', { name: 'ends_at' }) endsAt: string;
  @Column('integer') night: number;
  @Column('text', { name: 'day_kind' }) dayKind: string;
  @Column('text') roles: string;
  @Column('integer') version: number;
  @Column('text') hlc: string;
}

@Entity('shift_slot')
export class ShiftSlotRow {
  @PrimaryColumn('text', { name: 'shift_id' }) shiftId: string;
  @PrimaryColumn('text', { name: 'role_key' }) roleKey: string;
  @PrimaryColumn('integer') slot: number;
  @Column('text', { name: 'person_id', nullable: true }) personId: string | null;
}

@Entity('absence')
export class AbsenceRow {
  @PrimaryColumn('text') id: string;
  @Column('text', { name: 'person_id' }) personId: string;
  @Column('text') kind: string;
  @Column('text', { name: 'starts_at' }) startsAt: string;
  @Column('text', { name: 'ends_at' }) endsAt: string;
  @Column('text', { nullable: true }) note: string | null;
  @Column('text', { name: 'created_by', nullable: true }) createdBy: string | null;
  @Column('text', { name: 'created_at' }) createdAt: string;
  @Column('text', { name: 'cancelled_at', nullable: true }) cancelledAt: string | null;
  @Column('text', { name: 'cancelled_by', nullable: true }) cancelledBy: string | null;
  @Column('integer') version: number;
  @Column('text') hlc: string;
}

@Entity('roster_swap')
export class RosterSwapRow {
  @PrimaryColumn('text') id: string;
  @Column('text', { name: 'roster_id' }) rosterId: string;
  @Column('text', { name: 'a_shift_id' }) aShiftId: string;
  @Column('text', { name: 'a_role_key' }) aRoleKey: string;
  @Column('integer', { name: 'a_slot' }) aSlot: number;
  @Column('text', { name: 'a_person_id', nullable: true }) aPersonId: string | null;
  @Column('text', { name: 'b_shift_id' }) bShiftId: string;
  @Column('text', { name: 'b_role_key' }) bRoleKey: string;
  @Column('integer', { name: 'b_slot' }) bSlot: number;
  @Column('text', { name: 'b_person_id', nullable: true }) bPersonId: string | null;
  @Column('text') reason: string;
  @Column('text') status: string;
  @Column('text', { name: 'requested_by' }) requestedBy: string;
  @Column('text', { name: 'requested_at' }) requestedAt: string;
  @Column('text', { name: 'decided_by', nullable: true }) decidedBy: string | null;
  @Column('text', { name: 'decided_at', nullable: true }) decidedAt: string | null;
  @Column('text', { nullable: true }) note: string | null;
}

@Entity('duty_notice')
export class DutyNoticeRow {
  @PrimaryColumn('text') id: string;
  @Column('text') key: string;
  @Column('text', { name: 'person_id' }) personId: string;
  @Column('text') kind: string;
  @Column('text', { name: 'shift_id' }) shiftId: string;
  @Column('text') at: string;
  @Column('text', { name: 'read_at', nullable: true }) readAt: string | null;
}

@Entity('duty_log')
export class DutyLogRow {
  @PrimaryColumn('integer') seq: number; // a rowid alias: SQLite assigns it
  @Column('text') id: string;
  @Column('text', { name: 'shift_id', nullable: true }) shiftId: string | null;
  @Column('text') at: string;
  @Column('text') kind: string;
  @Column('text') text: string;
  @Column('text', { name: 'author_id' }) authorId: string;
  @Column('text', { name: 'event_id', nullable: true }) eventId: string | null;
  @Column('text', { name: 'created_at' }) createdAt: string;
  @Column('text', { name: 'updated_at' }) updatedAt: string;
  @Column('text', { name: 'deleted_at', nullable: true }) deletedAt: string | null;
  @Column('integer') version: number;
  @Column('text') hlc: string;
}

@Entity('handover')
export class HandoverRow {
  @PrimaryColumn('text') id: string;
  @Column('text', { name: 'shift_id' }) shiftId: string;
  @Column('text', { name: 'next_shift_id', nullable: true }) nextShiftId: string | null;
  @Column('text', { name: 'generated_at' }) generatedAt: string;
  @Column('text', { name: 'generated_by', nullable: true }) generatedBy: string | null;
  @Column('text', { name: 'refreshed_at' }) refreshedAt: string;
  @Column('text') stats: string;
  @Column('text', { name: 'outgoing_person_id', nullable: true }) outgoingPersonId: string | null;
  @Column('text', { name: 'outgoing_signed_at', nullable: true }) outgoingSignedAt: string | null;
  @Column('text', { name: 'incoming_person_id', nullable: true }) incomingPersonId: string | null;
  @Column('text', { name: 'incoming_signed_at', nullable: true }) incomingSignedAt: string | null;
  @Column('text', { name: 'signed_at', nullable: true }) signedAt: string | null;
  @Column('text', { name: 'content_hash', nullable: true }) contentHash: string | null;
  @Column('integer') version: number;
  @Column('text') hlc: string;
}

@Entity('handover_item')
export class HandoverItemRow {
  @PrimaryColumn('text') id: string;
  @Column('text', { name: 'handover_id' }) handoverId: string;
  @Column('text') kind: string;
  @Column('text', { name: 'ref_id', nullable: true }) refId: string | null;
  @Column('text') title: string;
  @Column('text') detail: string;
  @Column('integer') sort: number;
  @Column('text', { name: 'confirmed_by', nullable: true }) confirmedBy: string | null;
  @Column('text', { name: 'confirmed_at', nullable: true }) confirmedAt: string | null;
  @Column('text', { nullable: true }) note: string | null;
  @Column('text', { name: 'noted_by', nullable: true }) notedBy: string | null;
  @Column('text', { name: 'noted_at', nullable: true }) notedAt: string | null;
}

export const ROSTER_ENTITIES = [
  ShiftTemplateRow, RosterRow, ShiftRow, ShiftSlotRow, AbsenceRow, RosterSwapRow, DutyNoticeRow, DutyLogRow, HandoverRow, HandoverItemRow,
];
