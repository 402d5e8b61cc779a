/**
 * The API between renderer and main, defined once: channel → request schema, response schema.
 * Electron's preload exposes one method per channel; the web console speaks the same channels over
 * a WebSocket; main validates every request against these schemas before calling core.
 */
import { z } from 'zod';
import {
  AlarmAck,
  Alarm,
  Approval,
  ApprovalDecision,
  CalendarStatus,
  CalendarYear,
  CarryOverRequest,
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
  QueueFilter,
  QueueResponse,
  ReasonRequest,
  ReportRequest,
  ResultRequest,
  SessionInfo,
  SyncProblem,
  SyncStatus,
  TownInfo,
} from './schemas';

const def = <Req extends z.ZodType, Res extends z.ZodType>(request: Req, response: Res) => ({ request, response });

export const API = {
  'session:login': def(LoginRequest, SessionInfo),
  'session:logout': def(Empty, Ok),
  'session:me': def(Empty, SessionInfo.nullable()),
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
  'events:carryOver': def(CarryOverRequest, Ok),
  'approvals:list': def(z.strictObject({ pendingOnly: z.boolean() }), z.array(Approval)),
  'approvals:decide': def(ApprovalDecision, Ok),
  'alarms:list': def(Empty, z.array(Alarm)),
  'alarms:ack': def(AlarmAck, Ok),
  'town:get': def(Empty, TownInfo),
  'town:grids': def(Empty, z.object({ type: z.literal('FeatureCollection'), features: z.array(z.unknown()) })),
  'catalogue:search': def(CatalogueSearch, z.array(CatalogueItem)),
  'calendar:status': def(Empty, CalendarStatus),
  'calendar:setYear': def(CalendarYear, Ok),
  'sync:status': def(Empty, SyncStatus),
  'sync:problems': def(Empty, z.array(SyncProblem)),
  'clock:now': def(Empty, z.object({ now: z.string(), manual: z.boolean() })),
  'clock:advance': def(ClockAdvance, z.object({ now: z.string() })),
} as const;

export type Api = typeof API;
export type Channel = keyof Api;
export type RequestOf<C extends Channel> = z.input<Api[C]['request']>;
export type ResponseOf<C extends Channel> = z.infer<Api[C]['response']>;

export const CHANNELS = Object.keys(API) as Channel[];

/** Channels that work before anyone has signed in. */
export const PUBLIC_CHANNELS: ReadonlySet<Channel> = new Set(['session:login', 'session:me', 'clock:now']);

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
