/**
 * The API's shapes for the audit log viewer (leaders and administrators): the kernel's audit rows and
 * the events' timelines, newest first, filtered by person, kind and time, read a page at a time by a
 * cursor; the record a row touched; an .xlsx export of what the filter finds.
 */
import { z } from 'zod';
import { Id, IsoTime } from './schemas';

/** A kind: the command's name (`person.add`), an event's `event.<action>` for timeline rows. */
export const AuditKind = z.string().min(1).max(64);

export const AuditFilter = z.strictObject({
  actorId: Id.optional(),
  /** Any of these kinds (none: every kind). */
  kinds: z.array(AuditKind).max(200).optional(),
  /** From this instant (inclusive) to that one (exclusive). */
  from: IsoTime.optional(),
  to: IsoTime.optional(),
});
export type AuditFilter = z.infer<typeof AuditFilter>;

export const AuditListRequest = AuditFilter.extend({
  /** Where the last page ended (nextCursor); absent: the newest. */
  cursor: z.string().max(200).optional(),
  limit: z.number().int().min(1).max(500).default(100),
});
export type AuditListRequest = z.input<typeof AuditListRequest>;

export const AuditRow = z.object({
  /** `a:<id>` (audit) or `t:<id>` (an event's timeline): unique among rows. */
  key: z.string(),
  at: z.string(),
  actorId: z.string().nullable(),
  /** The person's name (kept after they are deactivated); null for the system. */
  actorName: z.string().nullable(),
  kind: z.string(),
  entity: z.string(),
  entityId: z.string().nullable(),
  /** For a row of an event: its title, when the event is here. */
  subject: z.string().nullable(),
  detail: z.unknown(),
});
export type AuditRow = z.infer<typeof AuditRow>;

export const AuditPage = z.object({
  rows: z.array(AuditRow),
  /** The cursor of the next (older) page, or null at the end. */
  nextCursor: z.string().nullable(),
  /** How many rows the filter finds in all. */
  total: z.number(),
});
export type AuditPage = z.infer<typeof AuditPage>;

export const AuditKindCount = z.object({ kind: z.string(), count: z.number() });
export type AuditKindCount = z.infer<typeof AuditKindCount>;

export const AuditActor = z.object({ id: z.string(), name: z.string(), active: z.boolean() });
export type AuditActor = z.infer<typeof AuditActor>;

export const AuditRecordRequest = z.strictObject({ entity: z.string().min(1).max(40), entityId: z.string().min(1).max(200) });

/** One field of a record as the viewer shows it (the value as text). */
export const AuditField = z.object({ key: z.string(), value: z.string() });
export type AuditField = z.infer<typeof AuditField>;

/** What 打开 shows: an event (its detail opens), a record's fields, or nothing left to show. */
export const AuditRecord = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('event'), eventId: z.string() }),
  z.object({ kind: z.literal('record'), entity: z.string(), fields: z.array(AuditField) }),
  z.object({ kind: z.literal('missing'), entity: z.string() }),
]);
export type AuditRecord = z.infer<typeof AuditRecord>;

/** At most this many rows go into one export (the filter narrows a bigger log). */
export const AUDIT_EXPORT_MAX_ROWS = 50_000;
