/**
 * The API between renderer and main, defined once: channel → request schema, response schema.
 * Electron's preload exposes one method per channel; the web console speaks the same channels over
 * a WebSocket; main validates every request against these schemas before calling core.
 */
import { z } from 'zod';
import { BlobOpenRequest, BlobOpenResponse } from './blob-schemas';
import { Attached, AttachRequest, AttachmentUploadRequest, AttachmentUploadResponse } from './attachment-schemas';
import { ReportLimits, SituationReportRequest } from './situation-report-schemas';
import {
  AlarmAck,
  Alarm,
  Approval,
  ApprovalDecision,
  CalendarStatus,
  CalendarYear,
  HeldEvent,
  FollowUpCandidate,
  FollowUpListRequest,
  FollowUpRequest,
  FollowUpShare,
  HoldRequest,
  CatalogueItem,
  CatalogueSearch,
  ClockAdvance,
  DispatchProposal,
  DispatchRequest,
  Empty,
  EventDetail,
  EventIdRequest,
  ExtensionRequest,
  LoginRequest,
  MergeRequest,
  NoteRequest,
  Ok,
  PostActionRequest,
  ReclassifyRequest,
  QueueFilter,
  QueueResponse,
  ReasonRequest,
  ReportRequest,
  ResultRequest,
  SessionInfo,
  SyncProblem,
  SyncProblemRef,
  SyncRetryOutcome,
  SyncStatus,
  TownInfo,
} from './schemas';
import { LinkRequest, LinkTestResult, LinkView } from './link-schemas';
import {
  AlarmGroup,
  AlarmGroupAck,
  VoiceAudio,
  VoiceAudioRequest,
  VoiceMute,
  VoiceMuteRequest,
  VoiceOptionsSave,
  VoiceScreenSave,
  VoiceSettings,
  VoiceState,
  VoiceStateRequest,
  VoiceTemplateSave,
} from './voice-schemas';
import { AlarmEscalated, AlarmEscalateNow, AlarmHistory, AlarmHistoryRequest, EscalationChain, EscalationDirectorSave, EscalationSettings } from './escalation-schemas';
import { SetupRequest, SetupStatus } from './setup-schemas';
import { MyTaskList } from './task-schemas';
import { AccountSettings, AccountSettingsUpdate, AccountSummary, ChangePasswordRequest, OneTimePassword, PersonIdRequest, UnlockScreenRequest } from './account-schemas';
import { ImportApplied, ImportApplyRequest, ImportPreview, ImportPreviewRequest, ImportTemplateRequest, ImportUploadRequest, ImportUploadResponse } from './town-import-schemas';
import { BackupEntry, BackupOverview, EditingRequest, InstallDecision, RestoreRequest, RestoreResponse, UpdateSettings, UpdateStatus } from './product-schemas';
import {
  IssuedWallToken,
  WallAssessment,
  WallBreakdown,
  WallBreakdownRequest,
  WallCamera,
  WallCameraChoice,
  WallCameraSettings,
  WallCameraSettingsUpdate,
  WallCameras,
  WallCamerasRequest,
  WallLinkage,
  WallPinRequest,
  WallPinTarget,
  WallUnpinRequest,
  WallCounts,
  WallDisplays,
  WallFiguresRequest,
  WallFocusRequest,
  WallGetRequest,
  WallGridLoad,
  WallIssue,
  WallIssueTokenRequest,
  WallLayout,
  WallLayoutRef,
  WallLayoutSummary,
  WallOverdue,
  WallOverdueRequest,
  WallRanking,
  WallRankingRequest,
  WallRestoreRequest,
  WallSaveRequest,
  WallScreenRequest,
  WallScreens,
  WallSettings,
  WallSettingsUpdate,
  WallSignedIn,
  WallSignInRequest,
  WallSla,
  WallToken,
  WallTokenRef,
  WallTrend,
  WallTrendRequest,
  WallValidateRequest,
  WallVersion,
} from './wall-schemas';

import {
  DismissProposalRequest,
  EndRunRequest,
  EventMatchRequest,
  MyTask,
  PlanIssue,
  PlanProposal,
  PlanReview,
  PlanRun,
  PlanRunSummary,
  PlanTemplate,
  PlanTemplateSummary,
  RunIdRequest,
  RunsRequest,
  SavePlanRequest,
  SkipTaskRequest,
  StartPlanRequest,
  TaskRequest,
  TemplateIdRequest,
  ValidatePlanRequest,
  WallPlans,
} from './plan-schemas';
import {
  AbRule,
  Absence,
  AbsencesRequest,
  ActingAt,
  ActingAtRequest,
  ActingTimeline,
  ActingTimelineRequest,
  AddAbsenceRequest,
  AddAbsenceResponse,
  AssignRequest,
  Candidate,
  CandidatesRequest,
  CancelAbsenceRequest,
  Clash,
  DecideSwapRequest,
  DutyBoard,
  DutyLogAddRequest,
  DutyLogDeleteRequest,
  DutyLogEditRequest,
  DutyLogEntry,
  DutyLogList,
  DutyLogListRequest,
  DutySetup,
  FileResponse,
  GenerateRequest,
  Handover,
  HandoverAddItemRequest,
  HandoverAnnotateRequest,
  HandoverConfirmRequest,
  HandoverCurrent,
  HandoverGenerateRequest,
  HandoverIdRequest,
  HandoverListRequest,
  HandoverSignRequest,
  HandoverSignResponse,
  HandoverSummary,
  ImportRequest,
  ImportResponse,
  Notice,
  NoticesRequest,
  ReadNoticesRequest,
  RosterListRequest,
  RosterMonthRequest,
  RosterSummary,
  RosterView,
  SaveDutySetup,
  Swap,
  SwapRequest,
  SwapsRequest,
} from './roster-schemas';

import {
  AddGridRequest,
  AddPersonRequest,
  AddPostRequest,
  EditGridRequest,
  EditPersonRequest,
  EditPostRequest,
  GridAdmin,
  GridActiveRequest,
  GridCodeRequest,
  GridDetail,
  PersonActiveRequest,
  PersonAdmin,
  PersonSaved,
  PostActiveRequest,
  PostAdmin,
} from './town-admin-schemas';
import { AuditActor, AuditFilter, AuditKindCount, AuditListRequest, AuditPage, AuditRecord, AuditRecordRequest } from './audit-schemas';
import { HistoryCategory, HistoryCount, HistoryFilter, HistoryPage, HistorySearchRequest } from './history-schemas';
import { MetricsEvents, MetricsEventsQuery, MetricsFigures, MetricsQuery } from './metrics-schemas';
import {
  AddCameraRequest,
  CameraAdmin,
  CameraEnabledRequest,
  CameraImportRequest,
  CameraImportResult,
  CameraLinked,
  CameraLinkedRequest,
  CameraLinkageSettings,
  CameraPoint,
  CameraStream,
  CameraStreamRequest,
  EditCameraRequest,
  WallCameraPoints,
  WallCameraStreamRequest,
} from './camera-schemas';
import { DutyReport, DutyReportGenerateRequest, DutyReportIdRequest, DutyReportListRequest, DutyReportSummary } from './report-schemas';

const def = <Req extends z.ZodType, Res extends z.ZodType>(request: Req, response: Res) => ({ request, response });

export const API = {
  // the first start (setup-schemas.ts): answered before anyone signs in, and only until the town exists
  'setup:status': def(Empty, SetupStatus),
  'setup:create': def(SetupRequest, SessionInfo),
  'session:login': def(LoginRequest, SessionInfo),
  'session:logout': def(Empty, Ok),
  'session:me': def(Empty, SessionInfo.nullable()),
  // accounts and sign-in that holds (account-schemas.ts): one's own password, the idle lock, the administrator's accounts
  'session:changePassword': def(ChangePasswordRequest, SessionInfo),
  'session:lock': def(Empty, Ok),
  'session:unlock': def(UnlockScreenRequest, SessionInfo),
  'accounts:list': def(Empty, z.array(AccountSummary)),
  'accounts:unlock': def(PersonIdRequest, Ok),
  'accounts:resetPassword': def(PersonIdRequest, OneTimePassword),
  'accounts:settings': def(Empty, AccountSettings),
  'accounts:setSettings': def(AccountSettingsUpdate, AccountSettings),
  'events:queue': def(QueueFilter, QueueResponse),
  'events:get': def(EventIdRequest, EventDetail),
  'events:report': def(ReportRequest, z.object({ eventId: z.string() })),
  'events:accept': def(EventIdRequest, Ok),
  'events:proposeDispatch': def(EventIdRequest, DispatchProposal),
  'events:dispatch': def(DispatchRequest, Ok),
  'events:acceptAndDispatch': def(DispatchRequest, Ok),
  'events:acknowledge': def(PostActionRequest, Ok),
  'events:arrive': def(PostActionRequest, Ok),
  'events:reportBack': def(ResultRequest, Ok),
  'events:verify': def(EventIdRequest, Ok),
  'events:reject': def(ReasonRequest, Ok),
  'events:close': def(ResultRequest, Ok),
  'events:requestReturn': def(ReasonRequest, z.object({ approvalId: z.string().nullable() })),
  'events:escalate': def(ReasonRequest, Ok),
  'events:markInvalid': def(ReasonRequest, Ok),
  'events:merge': def(MergeRequest, Ok),
  'events:note': def(NoteRequest, Ok),
  'events:requestExtension': def(ExtensionRequest, z.object({ approvalId: z.string() })),
  'events:reclassify': def(ReclassifyRequest, Ok),
  'events:requestHold': def(HoldRequest, z.object({ approvalId: z.string().nullable() })),
  'events:release': def(ReasonRequest, Ok),
  'events:holds': def(Empty, z.array(HeldEvent)),
  // 回访 (issue #16): the list to call back, the call's result, the reopen
  'events:followUps': def(FollowUpListRequest, z.array(FollowUpCandidate)),
  'events:followUp': def(FollowUpRequest, Ok),
  'events:followUpShare': def(Empty, FollowUpShare),
  'events:setFollowUpShare': def(FollowUpShare, Ok),
  'events:reopen': def(ReasonRequest, Ok),
  // 首报 / 续报 / 终报 (issue #15): file one; the first report's limits per level (系统设置 → 情况报告)
  'events:situationReport': def(SituationReportRequest, Ok),
  'events:reportLimits': def(Empty, ReportLimits),
  'events:saveReportLimits': def(ReportLimits, Ok),
  // attachments (issue #15, attachment-schemas.ts): a file sent in chunks, then attached; or whole
  'events:attachUpload': def(AttachmentUploadRequest, AttachmentUploadResponse),
  'events:attach': def(AttachRequest, Attached),
  'approvals:list': def(z.strictObject({ pendingOnly: z.boolean() }), z.array(Approval)),
  'approvals:decide': def(ApprovalDecision, Ok),
  'alarms:list': def(Empty, z.array(Alarm)),
  'alarms:ack': def(AlarmAck, Ok),
  // the grouped alarm view and 语音播报 (voice-schemas.ts): any reader, the wall too; settings the administrator's, the mute the desk's
  'alarms:groups': def(Empty, z.array(AlarmGroup)),
  'alarms:ackGroup': def(AlarmGroupAck, z.object({ acked: z.number() })),
  'voice:settings': def(Empty, VoiceSettings),
  'voice:state': def(VoiceStateRequest, VoiceState),
  'voice:saveTemplate': def(VoiceTemplateSave, Ok),
  'voice:saveScreen': def(VoiceScreenSave, Ok),
  'voice:saveOptions': def(VoiceOptionsSave, Ok),
  'voice:mute': def(VoiceMuteRequest, VoiceMute),
  'voice:unmute': def(Empty, Ok),
  'voice:audio': def(VoiceAudioRequest, VoiceAudio),
  // 升级提醒 (escalation-schemas.ts): the chains and the director (the administrator's), 立即升级 (the desk's)
  'escalation:settings': def(Empty, EscalationSettings),
  'escalation:saveChain': def(EscalationChain, Ok),
  'escalation:saveDirector': def(EscalationDirectorSave, Ok),
  'alarms:escalate': def(AlarmEscalateNow, AlarmEscalated),
  'alarms:history': def(AlarmHistoryRequest, AlarmHistory),
  'town:get': def(Empty, TownInfo),
  'town:grids': def(Empty, z.object({ type: z.literal('FeatureCollection'), features: z.array(z.unknown()) })),
  // 本镇数据导入 (town-import-schemas.ts): templates, chunked upload, preview, apply — administrators only
  'town:importTemplate': def(ImportTemplateRequest, FileResponse),
  'town:importUpload': def(ImportUploadRequest, ImportUploadResponse),
  'town:importPreview': def(ImportPreviewRequest, ImportPreview),
  'town:importApply': def(ImportApplyRequest, ImportApplied),
  'catalogue:search': def(CatalogueSearch, z.array(CatalogueItem)),
  'calendar:status': def(Empty, CalendarStatus),
  'calendar:setYear': def(CalendarYear, Ok),
  'sync:status': def(Empty, SyncStatus),
  'sync:problems': def(Empty, z.array(SyncProblem)),
  'sync:retryProblem': def(SyncProblemRef, SyncRetryOutcome),
  'sync:ignoreProblem': def(SyncProblemRef, Ok),
  'clock:now': def(Empty, z.object({ now: z.string(), manual: z.boolean() })),
  'clock:advance': def(ClockAdvance, z.object({ now: z.string() })),
  'backup:list': def(Empty, BackupOverview),
  'backup:create': def(Empty, BackupEntry),
  'backup:restore': def(RestoreRequest, RestoreResponse),
  'update:status': def(Empty, UpdateStatus),
  'update:setSettings': def(UpdateSettings, UpdateStatus),
  'update:check': def(Empty, UpdateStatus),
  'update:install': def(Empty, InstallDecision),
  'desk:editing': def(EditingRequest, Ok),
  'wall:list': def(Empty, z.array(WallLayoutSummary)),
  'wall:get': def(WallGetRequest, WallLayout),
  'wall:versions': def(WallLayoutRef, z.array(WallVersion)),
  'wall:validate': def(WallValidateRequest, z.object({ issues: z.array(WallIssue) })),
  'wall:save': def(WallSaveRequest, z.object({ id: z.string(), version: z.number() })),
  'wall:restore': def(WallRestoreRequest, z.object({ id: z.string(), version: z.number() })),
  'wall:remove': def(WallLayoutRef, Ok),
  'wall:tokens': def(WallLayoutRef, z.array(WallToken)),
  'wall:issueToken': def(WallIssueTokenRequest, IssuedWallToken),
  'wall:revokeToken': def(WallTokenRef, Ok),
  'wall:settings': def(Empty, WallSettings),
  'wall:setSettings': def(WallSettingsUpdate, WallSettings),
  'wall:displays': def(Empty, WallDisplays),
  'wall:signIn': def(WallSignInRequest, WallSignedIn),
  'wall:screen': def(WallScreenRequest, WallScreens),
  'wall:counts': def(Empty, WallCounts),
  'wall:overdue': def(WallOverdueRequest, WallOverdue),
  'wall:sla': def(Empty, WallSla),
  'wall:breakdown': def(WallBreakdownRequest, WallBreakdown),
  'wall:trend': def(WallTrendRequest, WallTrend),
  'wall:gridLoad': def(Empty, WallGridLoad),
  'wall:focusGrid': def(WallFocusRequest, Ok),
  'wall:ranking': def(WallRankingRequest, WallRanking),
  'wall:figures': def(WallFiguresRequest, WallAssessment),
  'wall:cameras': def(WallCamerasRequest, WallCameras),
  'wall:cameraChoices': def(Empty, z.array(WallCameraChoice)),
  'wall:cameraPoints': def(WallCamerasRequest, WallCameraPoints),
  'wall:cameraStream': def(WallCameraStreamRequest, WallCamera),
  'wall:cameraSettings': def(Empty, WallCameraSettings),
  'wall:setCameraSettings': def(WallCameraSettingsUpdate, WallCameraSettings),
  // 联动画面 (issue #18): the newest linkage and the pinned cameras of a wall page's screens; 推送到大屏 / 取消推送 (a leader's)
  'wall:linkage': def(WallCamerasRequest, WallLinkage),
  'wall:pinTargets': def(Empty, z.array(WallPinTarget)),
  'wall:pinCamera': def(WallPinRequest, Ok),
  'wall:unpinCamera': def(WallUnpinRequest, Ok),
  // the 24-hour watch (roster-schemas.ts): templates, rosters, swaps, absences, the board, the duty log, the handover
  'roster:setup': def(Empty, DutySetup),
  'roster:saveSetup': def(SaveDutySetup, DutySetup),
  'roster:list': def(RosterListRequest, z.array(RosterSummary)),
  'roster:get': def(RosterMonthRequest, RosterView),
  'roster:generate': def(GenerateRequest, RosterView),
  'roster:assign': def(AssignRequest, RosterView),
  'roster:clashes': def(RosterMonthRequest, z.array(Clash)),
  'roster:candidates': def(CandidatesRequest, z.array(Candidate)),
  'roster:exportXlsx': def(RosterMonthRequest, FileResponse),
  'roster:importXlsx': def(ImportRequest, ImportResponse),
  'roster:requestSwap': def(SwapRequest, Swap),
  'roster:swaps': def(SwapsRequest, z.array(Swap)),
  'roster:decideSwap': def(DecideSwapRequest, Swap),
  'absences:list': def(AbsencesRequest, z.array(Absence)),
  'absences:add': def(AddAbsenceRequest, AddAbsenceResponse),
  'absences:cancel': def(CancelAbsenceRequest, Absence),
  'duty:board': def(Empty, DutyBoard),
  'duty:actingAt': def(ActingAtRequest, ActingAt),
  'duty:actingTimeline': def(ActingTimelineRequest, ActingTimeline),
  'duty:rules': def(Empty, z.array(AbRule)),
  'duty:notices': def(NoticesRequest, z.array(Notice)),
  'duty:readNotices': def(ReadNoticesRequest, Ok),
  'dutyLog:list': def(DutyLogListRequest, DutyLogList),
  'dutyLog:add': def(DutyLogAddRequest, DutyLogEntry),
  'dutyLog:edit': def(DutyLogEditRequest, DutyLogEntry),
  'dutyLog:delete': def(DutyLogDeleteRequest, Ok),
  'handover:list': def(HandoverListRequest, z.array(HandoverSummary)),
  'handover:history': def(HandoverListRequest, z.array(HandoverSummary)),
  'handover:get': def(HandoverIdRequest, Handover),
  'handover:current': def(Empty, HandoverCurrent),
  'handover:generate': def(HandoverGenerateRequest, Handover),
  'handover:confirm': def(HandoverConfirmRequest, Handover),
  'handover:annotate': def(HandoverAnnotateRequest, Handover),
  'handover:addItem': def(HandoverAddItemRequest, Handover),
  'handover:sign': def(HandoverSignRequest, HandoverSignResponse),
  'handover:pdf': def(HandoverIdRequest, FileResponse),
  // attachments (blob-schemas.ts): the bytes held here or fetched from the district, else missing
  'blobs:open': def(BlobOpenRequest, BlobOpenResponse),
  // contingency plans (plan-schemas.ts): templates, proposals, runs and their tasks, the review
  'plans:templates': def(Empty, z.array(PlanTemplateSummary)),
  'plans:template': def(TemplateIdRequest, PlanTemplate),
  'plans:validate': def(ValidatePlanRequest, z.object({ issues: z.array(PlanIssue) })),
  'plans:saveTemplate': def(SavePlanRequest, z.object({ id: z.string(), version: z.number() })),
  'plans:archiveTemplate': def(TemplateIdRequest, Ok),
  'plans:proposals': def(Empty, z.array(PlanProposal)),
  'plans:dismissProposal': def(DismissProposalRequest, Ok),
  'plans:matchEvent': def(EventMatchRequest, z.array(PlanTemplateSummary)),
  'plans:start': def(StartPlanRequest, z.object({ runId: z.string() })),
  'plans:runs': def(RunsRequest, z.array(PlanRunSummary)),
  'plans:run': def(RunIdRequest, PlanRun),
  'plans:myTasks': def(Empty, z.array(MyTask)),
  // 我的任务 (task-schemas.ts): the signed-in person's own open tasks — events, plan tasks, escalations to them
  'tasks:mine': def(Empty, MyTaskList),
  // 考核评价 (metrics-schemas.ts, docs/metrics.md): the assessment figures over a range, per group, with the previous period
  'metrics:figures': def(MetricsQuery, MetricsFigures),
  'metrics:events': def(MetricsEventsQuery, MetricsEvents),
  'metrics:export': def(MetricsQuery, FileResponse),
  // 值班日报 (report-schemas.ts, docs/duty-reports.md): the reports generated, on demand or at a shift's end; their PDF and .xlsx
  'reports:list': def(DutyReportListRequest, z.array(DutyReportSummary)),
  'reports:get': def(DutyReportIdRequest, DutyReport),
  'reports:generate': def(DutyReportGenerateRequest, DutyReportSummary),
  'reports:pdf': def(DutyReportIdRequest, FileResponse),
  'reports:xlsx': def(DutyReportIdRequest, FileResponse),
  'plans:ackTask': def(TaskRequest, Ok),
  'plans:completeTask': def(TaskRequest, Ok),
  'plans:skipTask': def(SkipTaskRequest, Ok),
  'plans:endRun': def(EndRunRequest, Ok),
  'plans:review': def(RunIdRequest, PlanReview),
  'plans:reviewPdf': def(RunIdRequest, FileResponse),
  'wall:plans': def(Empty, WallPlans),
  // the town kept by hand (town-admin-schemas.ts): people and their accounts, posts, grids — the administrator's
  'townAdmin:people': def(Empty, z.array(PersonAdmin)),
  'townAdmin:addPerson': def(AddPersonRequest, PersonSaved),
  'townAdmin:editPerson': def(EditPersonRequest, PersonSaved),
  'townAdmin:setPersonActive': def(PersonActiveRequest, Ok),
  'townAdmin:posts': def(Empty, z.array(PostAdmin)),
  'townAdmin:addPost': def(AddPostRequest, z.object({ postId: z.string() })),
  'townAdmin:editPost': def(EditPostRequest, Ok),
  'townAdmin:setPostActive': def(PostActiveRequest, Ok),
  'townAdmin:grids': def(Empty, z.array(GridAdmin)),
  'townAdmin:grid': def(GridCodeRequest, GridDetail),
  'townAdmin:addGrid': def(AddGridRequest, Ok),
  'townAdmin:editGrid': def(EditGridRequest, Ok),
  'townAdmin:setGridActive': def(GridActiveRequest, Ok),
  // 摄像头 (camera-schemas.ts): the camera register, the administrator's
  'cameras:list': def(Empty, z.array(CameraAdmin)),
  'cameras:add': def(AddCameraRequest, Ok),
  'cameras:edit': def(EditCameraRequest, Ok),
  'cameras:setEnabled': def(CameraEnabledRequest, Ok),
  'cameras:import': def(CameraImportRequest, CameraImportResult),
  // 联动: an event's nearest cameras (any desk reader); the settings (read by any, saved by the administrator)
  'cameras:linked': def(CameraLinkedRequest, CameraLinked),
  'cameras:linkageSettings': def(Empty, CameraLinkageSettings),
  'cameras:saveLinkageSettings': def(CameraLinkageSettings, Ok),
  // 摄像头 on the desk's maps: the enabled cameras' places (no address), one camera's stream (any desk reader)
  'cameras:points': def(Empty, z.array(CameraPoint)),
  'cameras:stream': def(CameraStreamRequest, CameraStream),
  // 上级联网 (link-schemas.ts): the district link, the administrator's
  'link:status': def(Empty, LinkView),
  'link:save': def(LinkRequest, LinkView),
  'link:remove': def(Empty, LinkView),
  'link:test': def(LinkRequest, LinkTestResult),
  // the audit log viewer (audit-schemas.ts): leaders and administrators
  'audit:list': def(AuditListRequest, AuditPage),
  'audit:kinds': def(Empty, z.array(AuditKindCount)),
  'audit:actors': def(Empty, z.array(AuditActor)),
  'audit:record': def(AuditRecordRequest, AuditRecord),
  'audit:export': def(AuditFilter, FileResponse),
  // 历史事件 (history-schemas.ts): any reader
  'history:search': def(HistorySearchRequest, HistoryPage),
  'history:count': def(HistoryFilter, HistoryCount),
  'history:categories': def(Empty, z.array(HistoryCategory)),
  'history:export': def(HistoryFilter, FileResponse),
} as const;

export type Api = typeof API;
export type Channel = keyof Api;

/**
 * What any request may carry besides its channel's fields; the door takes these off before it
 * checks the request against the channel's schema.
 * - `commandId`: the client's id for one intent (a UUID, made once per dialog or key press, not per
 *   send): a repeat returns the first result and changes nothing (a double Enter starts one plan).
 * - `expectedVersion`: with an `eventId`, the version of the event the person was looking at; if it
 *   has changed since, the command is refused (`superseded`) with who changed it and when.
 */
export const CommandMeta = z.strictObject({
  commandId: z.uuid().optional(),
  expectedVersion: z.number().int().positive().optional(),
});
export type CommandMeta = z.infer<typeof CommandMeta>;

type Fields<C extends Channel> = z.input<Api[C]['request']>;
/** A channel's fields and the command meta; a channel with no fields (Empty: `Record<string, never>`) takes the meta alone. */
export type RequestOf<C extends Channel> = [Fields<C>] extends [Record<string, never>] ? CommandMeta : Fields<C> & CommandMeta;
export type ResponseOf<C extends Channel> = z.infer<Api[C]['response']>;

export const CHANNELS = Object.keys(API) as Channel[];

/** Channels that work before anyone has signed in. */
export const PUBLIC_CHANNELS: ReadonlySet<Channel> = new Set(['setup:status', 'setup:create', 'session:login', 'session:me', 'clock:now', 'wall:signIn']);

export interface ApiError {
  readonly code: string;
  readonly message: string;
  readonly params?: Readonly<Record<string, string | number>>;
}

/** Errors cross the bridge as data, never as throws. */
export type Result<T> = { readonly ok: true; readonly data: T } | { readonly ok: false; readonly error: ApiError };

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(API, value);
}

/** `events:accept` → `['events', 'accept']`: how preload and the web client shape their methods. */
export function splitChannel(channel: Channel): [string, string] {
  const [group, method] = channel.split(':') as [string, string];
  return [group, method];
}

type Split<C extends string> = C extends `${infer G}:${infer M}` ? [G, M] : never;
type Groups = Split<Channel>[0];

/** The shape of `window.dutyDesk`: `dutyDesk.events.accept({ eventId })` → Promise<Result<…>>. */
export type DutyDeskApi = {
  [G in Groups]: {
    [C in Channel as Split<C>[0] extends G ? Split<C>[1] : never]: (request: RequestOf<C>) => Promise<Result<ResponseOf<C>>>;
  };
} & {
  onFeed(listener: (message: import('./feed').FeedMessage) => void): () => void;
};

export { FEED_CHANNEL } from './channels';
