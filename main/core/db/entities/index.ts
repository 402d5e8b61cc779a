/**
 * TypeORM entities mirroring the migrations (which are the source of truth: `synchronize` is never
 * on). Cold paths use these through repositories; hot paths (queue, commands) use prepared SQL in
 * the repositories, measured against raw SQLite by `npm run bench`.
 */
import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('meta')
export class MetaRow {
  @PrimaryColumn('text') key: string;
  @Column('text') value: string;
}

@Entity('event')
export class EventRow {
  @PrimaryColumn('text') id: string;
  @Column('text', { name: 'town_code' }) townCode: string;
  @Column('text') title: string;
  @Column('text', { nullable: true }) description: string | null;
  @Column('text', { name: 'category_code' }) categoryCode: string;
  @Column('text', { name: 'board_code' }) boardCode: string;
  @Column('text') level: string;
  @Column('integer', { name: 'level_rank' }) levelRank: number;
  @Column('text') source: string;
  @Column('text', { name: 'grid_code', nullable: true }) gridCode: string | null;
  @Column('real', { nullable: true }) lng: number | null;
  @Column('real', { nullable: true }) lat: number | null;
  @Column('text', { name: 'caller_name', nullable: true }) callerName: string | null;
  @Column('text', { name: 'caller_phone', nullable: true }) callerPhone: string | null;
  @Column('text') state: string;
  @Column('integer', { name: 'is_open' }) isOpen: number;
  @Column('text', { name: 'reported_at' }) reportedAt: string;
  @Column('text', { name: 'accepted_at', nullable: true }) acceptedAt: string | null;
  @Column('text', { name: 'dispatched_at', nullable: true }) dispatchedAt: string | null;
  @Column('text', { name: 'acknowledged_at', nullable: true }) acknowledgedAt: string | null;
  @Column('text', { name: 'arrived_at', nullable: true }) arrivedAt: string | null;
  @Column('text', { name: 'resolved_at', nullable: true }) resolvedAt: string | null;
  @Column('text', { name: 'closed_at', nullable: true }) closedAt: string | null;
  @Column('text', { name: 'accept_due', nullable: true }) acceptDue: string | null;
  @Column('text', { name: 'ack_due', nullable: true }) ackDue: string | null;
  @Column('text', { name: 'on_scene_due', nullable: true }) onSceneDue: string | null;
  @Column('text', { name: 'resolve_due', nullable: true }) resolveDue: string | null;
  @Column('text', { name: 'due_at', nullable: true }) dueAt: string | null;
  @Column('text', { name: 'due_kind', nullable: true }) dueKind: string | null;
  @Column('text', { name: 'lead_post_id', nullable: true }) leadPostId: string | null;
  @Column('text', { name: 'coop_post_ids', default: '[]' }) coopPostIds: string;
  @Column('text', { name: 'handler_id', nullable: true }) handlerId: string | null;
  @Column('text', { name: 'possible_duplicate_of', nullable: true }) possibleDuplicateOf: string | null;
  @Column('text', { name: 'merged_into', nullable: true }) mergedInto: string | null;
  @Column('integer', { name: 'carried_over', default: 0 }) carriedOver: number;
  @Column('text', { name: 'carry_over_note', nullable: true }) carryOverNote: string | null;
  @Column('text', { name: 'hold_review_by', nullable: true }) holdReviewBy: string | null;
  @Column('text', { name: 'clock_paused_at', nullable: true }) clockPausedAt: string | null;
  @Column('text', { name: 'first_report_due', nullable: true }) firstReportDue: string | null;
  @Column('text', { name: 'first_report_at', nullable: true }) firstReportAt: string | null;
  @Column('text', { name: 'final_report_at', nullable: true }) finalReportAt: string | null;
  @Column('text', { name: 'update_report_due', nullable: true }) updateReportDue: string | null;
  @Column('integer') version: number;
  @Column('text') hlc: string;
  @Column('text', { name: 'updated_at' }) updatedAt: string;
}

@Entity('event_timeline')
export class TimelineRow {
  @PrimaryColumn('integer') id: number; // a rowid alias: SQLite assigns it
  @Column('text', { name: 'event_id' }) eventId: string;
  @Column('text') action: string;
  @Column('text', { name: 'from_state', nullable: true }) fromState: string | null;
  @Column('text', { name: 'to_state', nullable: true }) toState: string | null;
  @Column('text', { name: 'actor_id', nullable: true }) actorId: string | null;
  @Column('text') at: string;
  @Column('text') payload: string;
}

@Entity('assignment')
export class AssignmentRow {
  @PrimaryColumn('integer') id: number; // a rowid alias: SQLite assigns it
  @Column('text', { name: 'event_id' }) eventId: string;
  @Column('text', { name: 'post_id' }) postId: string;
  @Column('text') role: string;
  @Column('text', { name: 'person_id', nullable: true }) personId: string | null;
  @Column('text', { name: 'holder_as', nullable: true }) holderAs: string | null;
  @Column('text', { name: 'dispatched_at' }) dispatchedAt: string;
  @Column('text', { name: 'ack_due', nullable: true }) ackDue: string | null;
  @Column('text', { name: 'acknowledged_at', nullable: true }) acknowledgedAt: string | null;
  @Column('text', { name: 'arrived_at', nullable: true }) arrivedAt: string | null;
  @Column('integer') active: number;
}

@Entity('approval')
export class ApprovalRow {
  @PrimaryColumn('text') id: string;
  @Column('text') kind: string;
  @Column('text', { name: 'event_id' }) eventId: string;
  @Column('text', { name: 'requested_by' }) requestedBy: string;
  @Column('text', { name: 'requested_at' }) requestedAt: string;
  @Column('text') payload: string;
  @Column('text') status: string;
  @Column('text', { name: 'decided_by', nullable: true }) decidedBy: string | null;
  @Column('text', { name: 'decided_at', nullable: true }) decidedAt: string | null;
  @Column('text', { name: 'decision_note', nullable: true }) decisionNote: string | null;
}

@Entity('outbox')
export class OutboxRow {
  @PrimaryColumn('integer') seq: number;
  @Column('text', { name: 'op_id', unique: true }) opId: string;
  @Column('text') entity: string;
  @Column('text', { name: 'entity_id' }) entityId: string;
  @Column('text') kind: string;
  @Column('text', { nullable: true }) action: string | null;
  @Column('integer', { name: 'base_version', nullable: true }) baseVersion: number | null;
  @Column('text') payload: string;
  @Column('text') hlc: string;
  @Column('text') at: string;
  @Column('text', { default: 'pending' }) status: string;
  @Column('text', { nullable: true }) result: string | null;
  @Column('integer', { name: 'wire_seq', nullable: true }) wireSeq: number | null;
  @Column('integer', { name: 'server_seq', nullable: true }) serverSeq: number | null;
}

@Entity('sync_record')
export class SyncRecordRow {
  @PrimaryColumn('text') entity: string;
  @PrimaryColumn('text', { name: 'entity_id' }) entityId: string;
  @Column('integer') version: number;
  @Column('text') hlc: string;
  @Column('text') payload: string;
}

export const ENTITIES = [MetaRow, EventRow, TimelineRow, AssignmentRow, ApprovalRow, OutboxRow, SyncRecordRow];
