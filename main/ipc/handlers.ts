/**
 * The API's handlers: one per channel, each calling core. Both front doors (Electron IPC in
 * main/ipc/handle.ts, the web console's WebSocket in main/web) go through `callApi`, which checks
 * the channel, the session and the request schema first. There is no second implementation.
 */
import { z } from 'zod';
import { API, isChannel, PUBLIC_CHANNELS, type Channel, type RequestOf, type ResponseOf, type Result } from '../../preload/contract/api';
import type { Role, SessionInfo } from '../../preload/contract/schemas';
import { allows } from '../core/auth/permissions';
import type { Core } from '../core/app-core';
import { ManualClock } from '../core/clock';
import { DomainError, refuse } from '../core/errors';
import type { Actor } from '../core/events/event.service';

/** One signed-in connection: an Electron window or a WebSocket. */
export interface Session {
  actor: Actor | null;
}

type Handler<C extends Channel> = (core: Core, session: Session, request: z.output<(typeof API)[C]['request']>) => Promise<ResponseOf<C>>;
type HandlerTable = { [C in Channel]: Handler<C> };

const OK = { ok: true } as const;

function actorOf(session: Session): Actor {
  if (!session.actor) refuse('unauthenticated', 'sign in first');
  return session.actor;
}

function sessionInfo(core: Core, actor: Actor): SessionInfo {
  const person = core.town.person(actor.id);
  if (!person) refuse('unauthenticated', 'this account no longer exists');
  return { person, townCode: core.town.town.townCode, centreName: core.town.town.centreName };
}

export const HANDLERS: HandlerTable = {
  'session:login': async (core, session, req) => {
    session.actor = await core.auth.login(req.username, req.password);
    return sessionInfo(core, session.actor);
  },
  'session:logout': async (_core, session) => {
    session.actor = null;
    return OK;
  },
  'session:me': async (core, session) => (session.actor ? sessionInfo(core, session.actor) : null),
  'events:queue': (core, s, req) => core.events.queue(actorOf(s), req),
  'events:get': (core, s, req) => core.events.detail(actorOf(s), req.eventId),
  'events:report': async (core, s, req) => ({ eventId: await core.events.report(actorOf(s), req) }),
  'events:accept': async (core, s, req) => (await core.events.accept(actorOf(s), req.eventId), OK),
  'events:proposeDispatch': (core, s, req) => core.events.proposeDispatch(actorOf(s), req.eventId),
  'events:dispatch': async (core, s, req) => (await core.events.dispatch(actorOf(s), req), OK),
  'events:acceptAndDispatch': async (core, s, req) => (await core.events.acceptAndDispatch(actorOf(s), req), OK),
  'events:acknowledge': async (core, s, req) => (await core.events.acknowledge(actorOf(s), req.eventId, req.postId), OK),
  'events:arrive': async (core, s, req) => (await core.events.arrive(actorOf(s), req.eventId, req.postId), OK),
  'events:reportBack': async (core, s, req) => (await core.events.reportBack(actorOf(s), req.eventId, req.result), OK),
  'events:verify': async (core, s, req) => (await core.events.verify(actorOf(s), req.eventId), OK),
  'events:reject': async (core, s, req) => (await core.events.reject(actorOf(s), req.eventId, req.reason), OK),
  'events:close': async (core, s, req) => (await core.events.close(actorOf(s), req.eventId, req.result), OK),
  'events:requestReturn': (core, s, req) => core.events.requestReturn(actorOf(s), req.eventId, req.reason),
  'events:escalate': async (core, s, req) => (await core.events.escalate(actorOf(s), req.eventId, req.reason), OK),
  'events:markInvalid': async (core, s, req) => (await core.events.markInvalid(actorOf(s), req.eventId, req.reason), OK),
  'events:merge': async (core, s, req) => (await core.events.merge(actorOf(s), req.eventId, req.intoEventId), OK),
  'events:note': async (core, s, req) => (await core.events.note(actorOf(s), req.eventId, req.text, req.postId), OK),
  'events:requestExtension': (core, s, req) => core.events.requestExtension(actorOf(s), req),
  'events:carryOver': async (core, s, req) => (await core.events.carryOver(actorOf(s), req.eventId, req.explanation), OK),
  'approvals:list': (core, s, req) => core.events.approvals(actorOf(s), req.pendingOnly),
  'approvals:decide': async (core, s, req) => (await core.events.decideApproval(actorOf(s), req), OK),
  'alarms:list': async (core, s) => {
    requireRole(actorOf(s).roles, 'read');
    return core.alarms.list();
  },
  'alarms:ack': async (core, s, req) => {
    const actor = actorOf(s);
    requireRole(actor.roles, 'ackAlarm');
    await core.alarms.ack(actor.id, req.alarmId, req.note, core.clock.now().toISOString());
    core.feed.emit({ topic: 'alarms' });
    return OK;
  },
  'town:get': async (core, s) => {
    requireRole(actorOf(s).roles, 'readWall');
    const t = core.town;
    return {
      townCode: t.town.townCode,
      name: t.town.name,
      centreName: t.town.centreName,
      boards: t.boards,
      posts: [...t.posts.values()].map((p) => t.postInfo(p)),
      grids: [...t.grids.values()].map((g) => ({ code: g.code, name: g.name, village: g.village })),
    };
  },
  'town:grids': async (core, s) => {
    requireRole(actorOf(s).roles, 'readWall');
    return {
      type: 'FeatureCollection' as const,
      features: [...core.town.grids.values()].map((g) => ({ type: 'Feature', properties: { code: g.code, name: g.name, village: g.village }, geometry: g.geometry })),
    };
  },
  'catalogue:search': async (core, s, req) => {
    requireRole(actorOf(s).roles, 'read');
    return core.town.searchCatalogue(req.q, req.limit).map(({ sensorTypes: _sensorTypes, ...item }) => item);
  },
  'calendar:status': async (core, s) => {
    actorOf(s);
    return core.calendar.status();
  },
  'calendar:setYear': async (core, s, req) => {
    const actor = actorOf(s);
    requireRole(actor.roles, 'editCalendar');
    await core.calendar.setYear(actor.id, req);
    return OK;
  },
  'sync:status': async (core, s) => {
    requireRole(actorOf(s).roles, 'readWall');
    if (!core.sync) {
      return { configured: false, state: 'idle' as const, streaming: false, lastSuccessAt: null, pending: 0, rejected: 0, quarantined: 0, cursor: '0', lastError: null, offlineForMs: 0, offlineAlarmMs: 0 };
    }
    return { ...(await core.sync.status()), offlineForMs: core.sync.offlineForMs(), offlineAlarmMs: core.sync.offlineAlarmMs };
  },
  'sync:problems': async (core, s) => {
    requireRole(actorOf(s).roles, 'read');
    return core.sync ? core.sync.problems() : [];
  },
  'clock:now': async (core) => ({ now: core.clock.now().toISOString(), manual: core.clock instanceof ManualClock }),
  'clock:advance': async (core, s, req) => {
    requireRole(actorOf(s).roles, 'advanceClock');
    if (!(core.clock instanceof ManualClock)) refuse('not_manual_clock', 'the clock can only be moved in a test or drill run');
    core.clock.advance(req.minutes * 60_000);
    return { now: core.clock.now().toISOString() };
  },
};

function requireRole(roles: readonly Role[], permission: Parameters<typeof allows>[1]): void {
  if (!allows(roles, permission)) refuse('forbidden', `role ${roles.join(',')} may not ${permission}`, { permission });
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(request)'}: ${i.message}`)
    .join('; ');
}

export interface CallOptions {
  /** Check every response against its schema too (tests turn this on). */
  checkResponses?: boolean;
}

/** Validates and runs one API call. Never throws: every failure comes back as `{ ok: false }`. */
export async function callApi(core: Core, session: Session, channel: unknown, request: unknown, options: CallOptions = {}): Promise<Result<unknown>> {
  if (!isChannel(channel)) {
    return { ok: false, error: { code: 'bad_request', message: `unknown command ${typeof channel === 'string' ? channel.slice(0, 64) : `(${typeof channel})`}` } };
  }
  if (!PUBLIC_CHANNELS.has(channel) && !session.actor) {
    return { ok: false, error: { code: 'unauthenticated', message: 'sign in first' } };
  }
  const parsed = API[channel].request.safeParse(request ?? {});
  if (!parsed.success) {
    return { ok: false, error: { code: 'bad_request', message: `${channel}: ${describeIssues(parsed.error)}` } };
  }
  try {
    const handler = HANDLERS[channel] as (core: Core, session: Session, request: unknown) => Promise<unknown>;
    const data = await handler(core, session, parsed.data);
    if (options.checkResponses) {
      const checked = API[channel].response.safeParse(data);
      if (!checked.success) throw new Error(`response of ${channel} breaks its schema: ${describeIssues(checked.error)}`);
    }
    return { ok: true, data };
  } catch (error) {
    if (error instanceof DomainError) return { ok: false, error: { code: error.code, message: error.message, params: error.params } };
    console.error(`${channel} failed`, error);
    return { ok: false, error: { code: 'internal', message: 'internal error; see the log' } };
  }
}

export type { RequestOf };
