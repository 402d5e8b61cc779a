/**
 * The API's shapes for the 24-hour watch: shift templates and duty settings, monthly rosters with
 * their clashes and fairness, absences, swaps, the on-duty board, who acts for each AB post (at an
 * instant and over a range), personal shift notices, the duty log and the signed handover.
 * Times are UTC ISO strings; dates (`YYYY-MM-DD`) and months (`YYYY-MM`) are Beijing calendar days.
 */
import { z } from 'zod';
import { Id, IsoTime, LongText, ShortText } from './schemas';

// ---- basics ------------------------------------------------------------------------------------

export const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'not a month (YYYY-MM)');
export const IsoDate = z.iso.date();
export const Hm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'not a time of day (HH:MM)');

export const ROLE_KINDS = ['leader', 'officer', 'on_call'] as const;
export const RoleKind = z.enum(ROLE_KINDS);
export type RoleKind = z.infer<typeof RoleKind>;

/** Who acts for a post: its A holder, its B holder, or the board's on-call person of the shift. */
export const HolderAs = z.enum(['A', 'B', 'on_call']);
export type HolderAs = z.infer<typeof HolderAs>;

export const DayKind = z.enum(['workday', 'weekend', 'holiday']);
export type DayKind = z.infer<typeof DayKind>;

export const ABSENCE_KINDS = ['leave', 'business_trip', 'training'] as const;
export const AbsenceKind = z.enum(ABSENCE_KINDS);
export type AbsenceKind = z.infer<typeof AbsenceKind>;

/** The largest roster spreadsheet accepted (checked before anything parses it); the UI can check first. */
export const ROSTER_XLSX_MAX_BYTES = 2 * 1024 * 1024;
/** Base64 of a file in a request: large enough that an oversized file still gets the clear `file_too_large` answer. */
const Base64File = z
  .string()
  .max(48 * 1024 * 1024)
  .regex(/^[A-Za-z0-9+/=\r\n]*$/, 'not base64');

export const FileResponse = z.object({ fileName: z.string(), mimeType: z.string(), dataBase64: z.string() });
export type FileResponse = z.infer<typeof FileResponse>;

// ---- templates and settings --------------------------------------------------------------------

/** One role of a shift. Key: `leader`, `officer` or `on_call:<boardCode>` (one role per key and shift). */
export const RoleSpec = z.strictObject({
  kind: RoleKind,
  /** The board of an on-call role; null for the leader and the officers. */
  boardCode: z.string().min(1).max(32).nullable(),
  count: z.number().int().min(1).max(6),
  /** The column heading in the spreadsheet and the name on the board (the centre's own words). */
  label: z.string().trim().min(1).max(40),
});
export type RoleSpec = z.infer<typeof RoleSpec>;

export const ShiftTemplate = z.strictObject({
  code: z.string().regex(/^[a-z0-9_]{1,16}$/, 'lowercase letters, digits and _'),
  name: z.string().trim().min(1).max(20),
  start: Hm,
  hours: z.number().int().min(1).max(24),
  roles: z.array(RoleSpec).min(1).max(12),
});
export type ShiftTemplate = z.infer<typeof ShiftTemplate>;

export const PostHours = z.enum(['office', 'always']);

export const DutySettings = z.strictObject({
  /** Per post kind: `office` = working days, first to last working interval; `always` = round the clock. */
  postHours: z.record(z.string().min(1).max(32), PostHours),
  /** How long before a shift starts its people get a reminder. */
  reminderMinutes: z
    .number()
    .int()
    .min(0)
    .max(24 * 60),
  /** How long before a shift ends its handover draft is generated (if nobody did it by hand). */
  handoverDraftMinutes: z
    .number()
    .int()
    .min(0)
    .max(12 * 60),
  /** How long after a shift starts the leader is alarmed when the previous shift's handover is unsigned. */
  handoverGraceMinutes: z
    .number()
    .int()
    .min(0)
    .max(12 * 60),
  /** Rest owed after 24 hours on duty before the next shift. */
  restAfter24hHours: z.number().int().min(0).max(72),
  /** The centre's fixed handover checks (phone, radio, video link, wall…). */
  fixedChecks: z.array(z.strictObject({ code: z.string().regex(/^[a-z0-9_]{1,32}$/), label: ShortText.max(40) })).max(20),
});
export type DutySettings = z.infer<typeof DutySettings>;

export const DutySetup = z.object({
  templates: z.array(ShiftTemplate),
  settings: DutySettings,
  /** Ready-made template sets the admin can start from (`day_night`, `full_day`). */
  presets: z.array(z.object({ code: z.string(), templates: z.array(ShiftTemplate) })),
});
export type DutySetup = z.infer<typeof DutySetup>;

export const SaveDutySetup = z.strictObject({ templates: z.array(ShiftTemplate).min(1).max(4), settings: DutySettings });
export type SaveDutySetup = z.input<typeof SaveDutySetup>;

// ---- rosters -----------------------------------------------------------------------------------

export const SlotView = z.object({
  slot: z.number(),
  personId: z.string().nullable(),
  name: z.string().nullable(),
  phone: z.string().nullable(),
});

export const RoleView = z.object({
  key: z.string(),
  kind: RoleKind,
  boardCode: z.string().nullable(),
  label: z.string(),
  slots: z.array(SlotView),
});
export type RoleView = z.infer<typeof RoleView>;

export const ShiftView = z.object({
  id: z.string(),
  date: z.string(),
  templateCode: z.string(),
  name: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  /** Covers the small hours (00:00–06:00): counts as a night for fairness. */
  night: z.boolean(),
  dayKind: DayKind,
  started: z.boolean(),
  ended: z.boolean(),
  roles: z.array(RoleView),
});
export type ShiftView = z.infer<typeof ShiftView>;

export const DayView = z.object({
  date: z.string(),
  /** 1 = Monday … 7 = Sunday. */
  weekday: z.number(),
  dayKind: DayKind,
  /** The statutory holiday's or adjusted workday's name, when there is one. */
  holidayName: z.string().nullable(),
  shifts: z.array(ShiftView),
});
export type DayView = z.infer<typeof DayView>;

export const CLASH_KINDS = ['double_booked', 'on_leave', 'unavailable', 'no_rest', 'empty_role'] as const;
export const ClashKind = z.enum(CLASH_KINDS);
export type ClashKind = z.infer<typeof ClashKind>;

export const Clash = z.object({
  kind: ClashKind,
  /** `error`: impossible (refused on edit); `warning`: allowed, shown. */
  severity: z.enum(['error', 'warning']),
  shiftId: z.string(),
  date: z.string(),
  shiftName: z.string(),
  roleKey: z.string().nullable(),
  roleLabel: z.string().nullable(),
  slot: z.number().nullable(),
  personId: z.string().nullable(),
  personName: z.string().nullable(),
  /** double_booked / no_rest: the other shift involved. */
  otherShiftId: z.string().nullable(),
  /** on_leave: which kind of absence. */
  absenceKind: AbsenceKind.nullable(),
  message: z.string(),
});
export type Clash = z.infer<typeof Clash>;

export const FairnessRow = z.object({
  personId: z.string(),
  name: z.string(),
  /** The role key whose pool the person belongs to (`leader`, `officer`, `on_call:safety`…). */
  pool: z.string(),
  total: z.number(),
  nights: z.number(),
  weekends: z.number(),
  holidays: z.number(),
  hours: z.number(),
});
export type FairnessRow = z.infer<typeof FairnessRow>;

export const PoolView = z.object({
  roleKey: z.string(),
  label: z.string(),
  people: z.array(z.object({ personId: z.string(), name: z.string() })),
});

export const RosterView = z.object({
  id: z.string(),
  month: z.string(),
  centreName: z.string(),
  seed: z.number().nullable(),
  generatedAt: z.string().nullable(),
  updatedAt: z.string(),
  version: z.number(),
  templates: z.array(ShiftTemplate),
  days: z.array(DayView),
  clashes: z.array(Clash),
  fairness: z.array(FairnessRow),
  pools: z.array(PoolView),
});
export type RosterView = z.infer<typeof RosterView>;

export const RosterSummary = z.object({
  id: z.string(),
  month: z.string(),
  shifts: z.number(),
  emptySlots: z.number(),
  errors: z.number(),
  warnings: z.number(),
  updatedAt: z.string(),
});
export type RosterSummary = z.infer<typeof RosterSummary>;

export const RosterMonthRequest = z.strictObject({ month: Month });
export const RosterListRequest = z.strictObject({ year: z.number().int().min(2000).max(2100).optional() });
export const GenerateRequest = z.strictObject({
  month: Month,
  /** Same seed, same roster (for the same people, templates and absences). Default: derived from the month. */
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .optional(),
});
export type GenerateRequest = z.input<typeof GenerateRequest>;

export const AssignRequest = z.strictObject({
  shiftId: Id,
  roleKey: z.string().min(1).max(48),
  slot: z.number().int().min(0).max(5),
  /** null empties the cell. */
  personId: Id.nullable(),
});
export type AssignRequest = z.input<typeof AssignRequest>;

export const CandidatesRequest = z.strictObject({ shiftId: Id, roleKey: z.string().min(1).max(48) });
export const Candidate = z.object({
  personId: z.string(),
  name: z.string(),
  phone: z.string(),
  /** In the role's pool (the generator only picks from the pool; a hand edit may pick anyone). */
  inPool: z.boolean(),
  /** Why the person cannot take the cell (an assignment would be refused), or null. */
  blocked: z.enum(['on_leave', 'double_booked', 'unavailable']).nullable(),
  /** Allowed but flagged. */
  warnings: z.array(z.enum(['no_rest'])),
  /** Already in this cell's role on this shift. */
  assigned: z.boolean(),
  counts: z.object({ total: z.number(), nights: z.number(), weekends: z.number(), holidays: z.number() }),
});
export type Candidate = z.infer<typeof Candidate>;

export const ImportRequest = z.strictObject({ month: Month, fileName: z.string().max(255).optional(), dataBase64: Base64File });
export type ImportRequest = z.input<typeof ImportRequest>;

export const SHEET_PROBLEMS = [
  'file_too_large',
  'not_xlsx',
  'no_sheet',
  'wrong_title',
  'wrong_header',
  'merged_cells',
  'formula',
  'not_text',
  'bad_date',
  'date_out_of_period',
  'duplicate_date',
  'missing_date',
  'unknown_person',
  'ambiguous_person',
  'too_many_people',
  'double_booked',
  'on_leave',
  'unavailable',
  'shift_ended',
] as const;
export const SheetProblemCode = z.enum(SHEET_PROBLEMS);
export type SheetProblemCode = z.infer<typeof SheetProblemCode>;

export const SheetProblem = z.object({
  /** The cell (`C7`), a range (`C7:D7`), a column (`A`), or null for the whole file. */
  cell: z.string().nullable(),
  code: SheetProblemCode,
  /** The offending value (a name, a date, a heading), or the limit for file_too_large. */
  value: z.string().nullable(),
  /** What was expected (a heading, the title), where that helps. */
  expected: z.string().nullable(),
  /** English, for logs and tests; the UI words it from code, cell, value and expected. */
  message: z.string(),
});
export type SheetProblem = z.infer<typeof SheetProblem>;

/** A spreadsheet either imports whole or not at all: `imported: false` lists every problem found (up to 50). */
export const ImportResponse = z.object({ imported: z.boolean(), problems: z.array(SheetProblem), roster: RosterView.nullable() });
export type ImportResponse = z.infer<typeof ImportResponse>;

// ---- swaps -------------------------------------------------------------------------------------

export const SwapRequest = z.strictObject({
  shiftId: Id,
  roleKey: z.string().min(1).max(48),
  slot: z.number().int().min(0).max(5),
  withShiftId: Id,
  withRoleKey: z.string().min(1).max(48),
  withSlot: z.number().int().min(0).max(5),
  reason: LongText,
});
export type SwapRequest = z.input<typeof SwapRequest>;

export const SwapSide = z.object({
  shiftId: z.string(),
  shiftName: z.string(),
  date: z.string(),
  startsAt: z.string(),
  roleKey: z.string(),
  roleLabel: z.string(),
  slot: z.number(),
  personId: z.string().nullable(),
  personName: z.string().nullable(),
});

export const Swap = z.object({
  id: z.string(),
  month: z.string(),
  status: z.enum(['pending', 'approved', 'refused']),
  reason: z.string(),
  requestedBy: z.string(),
  requestedByName: z.string(),
  requestedAt: z.string(),
  a: SwapSide,
  b: SwapSide,
  decidedBy: z.string().nullable(),
  decidedByName: z.string().nullable(),
  decidedAt: z.string().nullable(),
  note: z.string().nullable(),
});
export type Swap = z.infer<typeof Swap>;

export const SwapsRequest = z.strictObject({ month: Month.optional(), pendingOnly: z.boolean().default(false) });
export const DecideSwapRequest = z.strictObject({ swapId: Id, approve: z.boolean(), note: z.string().max(1000).optional() });

// ---- absences ----------------------------------------------------------------------------------

/** A date means the whole Beijing day (`to` inclusive); a time means that instant (`to` exclusive). */
const DateOrTime = z.union([IsoDate, IsoTime]);

export const AddAbsenceRequest = z.strictObject({
  personId: Id,
  kind: AbsenceKind,
  from: DateOrTime,
  to: DateOrTime,
  note: z.string().max(500).optional(),
});
export type AddAbsenceRequest = z.input<typeof AddAbsenceRequest>;

export const Absence = z.object({
  id: z.string(),
  personId: z.string(),
  personName: z.string(),
  kind: AbsenceKind,
  startsAt: z.string(),
  endsAt: z.string(),
  note: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  cancelledAt: z.string().nullable(),
});
export type Absence = z.infer<typeof Absence>;

export const AbsencesRequest = z.strictObject({
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  personId: Id.optional(),
  includeCancelled: z.boolean().default(false),
});
/** The absence as stored, and the roster clashes it now causes (shifts the person was rostered on). */
export const AddAbsenceResponse = z.object({ absence: Absence, clashes: z.array(Clash) });
export type AddAbsenceResponse = z.infer<typeof AddAbsenceResponse>;
export const CancelAbsenceRequest = z.strictObject({ absenceId: Id });

// ---- the on-duty board and the acting holders ---------------------------------------------------

export const DutyPerson = z.object({ personId: z.string(), name: z.string(), phone: z.string(), absent: z.boolean() });

export const ShiftDuty = z.object({
  shiftId: z.string(),
  month: z.string(),
  date: z.string(),
  name: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  roles: z.array(z.object({ key: z.string(), kind: RoleKind, boardCode: z.string().nullable(), label: z.string(), people: z.array(DutyPerson), empty: z.boolean() })),
});
export type ShiftDuty = z.infer<typeof ShiftDuty>;

export const HandoverStatus = z.enum(['draft', 'signing', 'signed']);
export type HandoverStatus = z.infer<typeof HandoverStatus>;

export const DutyBoard = z.object({
  now: z.string(),
  current: ShiftDuty.nullable(),
  next: ShiftDuty.nullable(),
  /** The handover out of the current shift (being prepared), and the one into it (should be signed). */
  handover: z.object({ id: z.string(), status: HandoverStatus }).nullable(),
  previousHandover: z.object({ id: z.string(), status: HandoverStatus }).nullable(),
  absentNow: z.array(z.object({ personId: z.string(), name: z.string(), kind: AbsenceKind, until: z.string() })),
});
export type DutyBoard = z.infer<typeof DutyBoard>;

export const HolderStatus = z.object({
  personId: z.string(),
  name: z.string(),
  phone: z.string(),
  status: z.enum(['on_duty', 'off_shift', 'absent']),
  absenceKind: AbsenceKind.nullable(),
});

export const PostActing = z.object({
  postId: z.string(),
  postCode: z.string(),
  postName: z.string(),
  boardCode: z.string(),
  kind: z.string(),
  acting: z.object({ personId: z.string().nullable(), name: z.string().nullable(), phone: z.string().nullable(), as: HolderAs.nullable() }),
  /** The id of the rule of acting-holder.ts that decided (`a_on_duty`, `b_on_duty`, `on_call_both_absent`…). */
  rule: z.string(),
  /** Whether this rule alarms the duty leader. */
  alarmLeader: z.boolean(),
  a: HolderStatus.nullable(),
  b: HolderStatus.nullable(),
  onCall: z.object({ personId: z.string(), name: z.string(), phone: z.string() }).nullable(),
});
export type PostActing = z.infer<typeof PostActing>;

export const ActingAtRequest = z.strictObject({ at: IsoTime.optional(), postIds: z.array(Id).max(200).optional() });
export const ActingAt = z.object({
  at: z.string(),
  shift: z.object({ id: z.string(), name: z.string(), date: z.string() }).nullable(),
  posts: z.array(PostActing),
});
export type ActingAt = z.infer<typeof ActingAt>;

/** One row of the acting-holder rule table (main/core/posts/acting-holder.ts), in order. */
export const AbRule = z.object({ id: z.string(), rule: z.string(), alarmLeader: z.boolean() });

export const ActingTimelineRequest = z.strictObject({ postId: Id, from: IsoTime, to: IsoTime });
export const ActingSegment = z.object({
  from: z.string(),
  to: z.string(),
  personId: z.string().nullable(),
  name: z.string().nullable(),
  phone: z.string().nullable(),
  as: HolderAs.nullable(),
  rule: z.string(),
});
export type ActingSegment = z.infer<typeof ActingSegment>;
export const ActingTimeline = z.object({ postId: z.string(), postName: z.string(), from: z.string(), to: z.string(), segments: z.array(ActingSegment) });
export type ActingTimeline = z.infer<typeof ActingTimeline>;

export const Notice = z.object({
  id: z.string(),
  kind: z.enum(['shift_reminder', 'shift_started']),
  shiftId: z.string(),
  shiftName: z.string(),
  date: z.string(),
  startsAt: z.string(),
  roleLabels: z.array(z.string()),
  at: z.string(),
  readAt: z.string().nullable(),
});
export type Notice = z.infer<typeof Notice>;
export const NoticesRequest = z.strictObject({ unreadOnly: z.boolean().default(false) });
export const ReadNoticesRequest = z.strictObject({ ids: z.array(Id).min(1).max(200) });

// ---- the duty log ------------------------------------------------------------------------------

export const DUTY_LOG_KINDS = ['call', 'instruction', 'action', 'other'] as const;
export const DutyLogKind = z.enum(DUTY_LOG_KINDS);
export type DutyLogKind = z.infer<typeof DutyLogKind>;

export const DutyLogEntry = z.object({
  id: z.string(),
  shiftId: z.string().nullable(),
  shiftName: z.string().nullable(),
  shiftDate: z.string().nullable(),
  at: z.string(),
  kind: DutyLogKind,
  text: z.string(),
  authorId: z.string(),
  authorName: z.string(),
  eventId: z.string().nullable(),
  eventTitle: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** False once the shift's handover has been signed (the entry is part of a final record). */
  editable: z.boolean(),
});
export type DutyLogEntry = z.infer<typeof DutyLogEntry>;

export const DutyLogListRequest = z.strictObject({
  shiftId: Id.optional(),
  from: IsoTime.optional(),
  to: IsoTime.optional(),
  /** Words to find in the text (full-text, any length). */
  q: z.string().trim().max(100).optional(),
  kinds: z.array(DutyLogKind).max(4).optional(),
  limit: z.number().int().min(1).max(1000).default(200),
});
export type DutyLogListRequest = z.input<typeof DutyLogListRequest>;
export const DutyLogList = z.object({ entries: z.array(DutyLogEntry), total: z.number() });

export const DutyLogAddRequest = z.strictObject({
  kind: DutyLogKind,
  text: LongText,
  /** When it happened (default now); at most 5 minutes ahead. */
  at: IsoTime.optional(),
  eventId: Id.optional(),
});
export type DutyLogAddRequest = z.input<typeof DutyLogAddRequest>;
export const DutyLogEditRequest = z.strictObject({ entryId: Id, kind: DutyLogKind.optional(), text: LongText.optional(), at: IsoTime.optional() });
export const DutyLogDeleteRequest = z.strictObject({ entryId: Id });

// ---- the handover ------------------------------------------------------------------------------

export const HANDOVER_ITEM_KINDS = ['overdue_event', 'open_event', 'waiting_district', 'plan', 'alarm', 'duty_log', 'check', 'note'] as const;
export const HandoverItemKind = z.enum(HANDOVER_ITEM_KINDS);
export type HandoverItemKind = z.infer<typeof HandoverItemKind>;

export const HandoverItem = z.object({
  id: z.string(),
  kind: HandoverItemKind,
  /** The event, alarm, duty-log entry or plan run it is about; the check's code. */
  refId: z.string().nullable(),
  title: z.string(),
  /** Facts for the UI (state, level, dueAt, kind…), all strings. */
  detail: z.record(z.string(), z.string()),
  confirmed: z.boolean(),
  confirmedBy: z.string().nullable(),
  confirmedByName: z.string().nullable(),
  confirmedAt: z.string().nullable(),
  note: z.string().nullable(),
  notedBy: z.string().nullable(),
  notedByName: z.string().nullable(),
  notedAt: z.string().nullable(),
});
export type HandoverItem = z.infer<typeof HandoverItem>;

export const ShiftRef = z.object({ id: z.string(), name: z.string(), date: z.string(), startsAt: z.string(), endsAt: z.string() });
export type ShiftRef = z.infer<typeof ShiftRef>;

export const Signature = z.object({ personId: z.string(), name: z.string(), signedAt: z.string() });

export const HandoverStats = z.object({
  reported: z.number(),
  closed: z.number(),
  open: z.number(),
  overdue: z.number(),
  /** 挂账 (issue #15): open events held, counted apart (out of `open`); absent on handovers made before it. */
  held: z.number().optional(),
  waitingDistrict: z.number(),
  dutyLog: z.number(),
});
export type HandoverStats = z.infer<typeof HandoverStats>;

export const Handover = z.object({
  id: z.string(),
  shift: ShiftRef,
  nextShift: ShiftRef.nullable(),
  status: HandoverStatus,
  generatedAt: z.string(),
  generatedBy: z.string().nullable(),
  refreshedAt: z.string(),
  items: z.array(HandoverItem),
  /** Items neither confirmed nor annotated: signing waits until this is 0. */
  pendingItems: z.number(),
  stats: HandoverStats,
  outgoing: Signature.nullable(),
  incoming: Signature.nullable(),
  signedAt: z.string().nullable(),
  /** SHA-256 of the signed content (hex), printed on the PDF. */
  contentHash: z.string().nullable(),
  version: z.number(),
  /** Who may sign each side: the duty leader and duty officers rostered on the shift and on the next (names). */
  signers: z.object({ outgoing: z.array(z.string()), incoming: z.array(z.string()) }).optional(),
});
export type Handover = z.infer<typeof Handover>;

export const HandoverSummary = z.object({
  id: z.string(),
  shift: ShiftRef,
  status: HandoverStatus,
  pendingItems: z.number(),
  outgoingName: z.string().nullable(),
  incomingName: z.string().nullable(),
  signedAt: z.string().nullable(),
});
export type HandoverSummary = z.infer<typeof HandoverSummary>;

export const HandoverListRequest = z.strictObject({ month: Month.optional(), limit: z.number().int().min(1).max(500).default(100) });
export const HandoverIdRequest = z.strictObject({ handoverId: Id });
/** The current shift and its handover (null when none is generated yet), and the one into it. */
export const HandoverCurrent = z.object({ shift: ShiftRef.nullable(), handover: Handover.nullable(), previous: HandoverSummary.nullable() });
export type HandoverCurrent = z.infer<typeof HandoverCurrent>;
export const HandoverGenerateRequest = z.strictObject({ shiftId: Id.optional() });
export const HandoverConfirmRequest = z.strictObject({ handoverId: Id, itemIds: z.array(Id).min(1).max(500), confirmed: z.boolean().default(true) });
export const HandoverAnnotateRequest = z.strictObject({ handoverId: Id, itemId: Id, note: z.string().trim().max(1000) });
export const HandoverAddItemRequest = z.strictObject({ handoverId: Id, text: LongText });
export const HandoverSignRequest = z.strictObject({
  handoverId: Id,
  side: z.enum(['outgoing', 'incoming']),
  /** The signer re-enters their own account and password (the incoming officer signs at the same desk). */
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(256),
});
export const HandoverSignResponse = z.object({
  handover: Handover,
  /** The online backup taken at the final signature (null before it, or when it failed). */
  backup: z.object({ name: z.string(), bytes: z.number() }).nullable(),
  backupError: z.string().nullable(),
});
export type HandoverSignResponse = z.infer<typeof HandoverSignResponse>;
