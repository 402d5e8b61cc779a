/**
 * The API's handlers: one per channel, each calling core. Both front doors (Electron IPC in
 * main/ipc/handle.ts, the web console's WebSocket in main/web) go through `callApi`, which checks
 * the channel, the session and the request schema first. There is no second implementation.
 */
import type { z } from 'zod';
import { API, CommandMeta, isChannel, PUBLIC_CHANNELS, type Channel, type RequestOf, type Result } from '../../preload/contract/api';
import { findUntrustedText } from '../../preload/contract/text-rules';
import type { Core } from '../core/app-core';
import { ManualClock } from '../core/kernel/clock';
import { DomainError, refuse } from '../core/errors';
import { withCommandScope, type CommandScope } from '../core/kernel/command-scope';
import { redacted } from '../core/logging/redact';
import { ALARM_DESK_HANDLERS } from './alarm-desk-handlers';
import { ATTACHMENT_HANDLERS } from './attachment-handlers';
import { actorOf, OK, requireRole, sessionInfo, type HandlerTable, type Session } from './handler-support';
import { HISTORY_HANDLERS } from './history-handlers';
import { SETUP_HANDLERS } from './setup-handlers';
import { SYNC_HANDLERS } from './sync-handlers';
import { TOWN_ADMIN_HANDLERS } from './town-admin-handlers';
import { CAMERA_HANDLERS } from './camera-handlers';
import { TOWN_IMPORT_HANDLERS } from './town-import-handlers';
import { VOICE_HANDLERS } from './voice-handlers';
import { TASK_HANDLERS } from './task-handlers';
import { METRICS_HANDLERS } from './metrics-handlers';
import { ESCALATION_HANDLERS } from './escalation-handlers';
import { REPORT_HANDLERS } from './report-handlers';

export type { Session } from './handler-support';

/** What a session that must change its password may still call. */
const PASSWORD_CHANGE_CHANNELS: ReadonlySet<Channel> = new Set(['session:changePassword', 'session:login', 'session:logout', 'session:me', 'clock:now']);
/** What a locked screen's session calls as itself (every other command of the person is refused: screen_locked). */
const LOCKED_CHANNELS: ReadonlySet<Channel> = new Set(['session:unlock', 'session:lock', 'session:login', 'session:logout', 'session:me', 'clock:now']);
/** What an unconfigured console answers (the first start): nothing else until its town exists. */
const SETUP_CHANNELS: ReadonlySet<Channel> = new Set(['setup:status', 'setup:create', 'session:me', 'clock:now']);

export const HANDLERS: HandlerTable = {
  ...SETUP_HANDLERS,
  ...TOWN_ADMIN_HANDLERS,
  ...CAMERA_HANDLERS,
  ...TOWN_IMPORT_HANDLERS,
  ...SYNC_HANDLERS,
  ...VOICE_HANDLERS,
  ...ALARM_DESK_HANDLERS,
  ...ESCALATION_HANDLERS,
  ...HISTORY_HANDLERS,
  ...TASK_HANDLERS,
  ...METRICS_HANDLERS,
  ...REPORT_HANDLERS,
  ...ATTACHMENT_HANDLERS,
  'session:login': async (core, session, req) => {
    const signedIn = await core.auth.login(req.username, req.password, session.address);
    session.actor = signedIn.actor;
    session.mustChangePassword = signedIn.mustChangePassword;
    session.locked = false;
    return sessionInfo(core, session, session.actor);
  },
  'session:logout': async (_core, session) => {
    session.actor = null;
    session.mustChangePassword = false;
    session.locked = false;
    return OK;
  },
  'session:me': async (core, session) => (session.actor ? sessionInfo(core, session, session.actor) : null),
  'session:changePassword': async (core, session, req) => {
    const actor = actorOf(session);
    await core.auth.changePassword(actor, req.oldPassword, req.newPassword, session.address);
    session.mustChangePassword = false;
    return sessionInfo(core, session, actor);
  },
  'session:lock': async (core, session) => {
    const actor = actorOf(session);
    if (!session.locked) await core.auth.lockScreen(actor);
    session.locked = true;
    return OK;
  },
  'session:unlock': async (core, session, req) => {
    const actor = actorOf(session);
    await core.auth.unlockScreen(actor, req.password, session.address);
    session.locked = false;
    return sessionInfo(core, session, actor);
  },
  'accounts:list': (core, s) => core.auth.accounts(actorOf(s)),
  'accounts:unlock': async (core, s, req) => (await core.auth.unlockAccount(actorOf(s), req.personId), OK),
  'accounts:resetPassword': async (core, s, req) => ({ oneTimePassword: await core.auth.resetPassword(actorOf(s), req.personId) }),
  'accounts:settings': async (core, s) => core.auth.settings(actorOf(s)),
  'accounts:setSettings': (core, s, req) => core.auth.setSettings(actorOf(s), req),
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
  'events:merge': async (core, s, req) => (await core.events.merge(actorOf(s), req.eventId, req.intoEventId, req.reason), OK),
  'events:note': async (core, s, req) => (await core.events.note(actorOf(s), req.eventId, req.text, req.postId), OK),
  'events:requestExtension': (core, s, req) => core.events.requestExtension(actorOf(s), req),
  'events:reclassify': async (core, s, req) => (await core.events.reclassify(actorOf(s), req), OK),
  'events:requestHold': (core, s, req) => core.events.requestHold(actorOf(s), req),
  'events:release': async (core, s, req) => (await core.events.release(actorOf(s), req.eventId, req.reason), OK),
  'events:holds': (core, s) => core.events.holds(actorOf(s)),
  'events:followUps': (core, s, req) => core.events.followUps(actorOf(s), req),
  'events:followUpShare': async (core, s) => ({ sharePercent: await core.events.followUpShare(actorOf(s)) }),
  'events:setFollowUpShare': async (core, s, req) => (await core.events.setFollowUpShare(actorOf(s), req.sharePercent), OK),
  'events:followUp': async (core, s, req) => (await core.events.recordFollowUp(actorOf(s), req.eventId, req.result, req.text), OK),
  'events:reopen': async (core, s, req) => (await core.events.reopen(actorOf(s), req.eventId, req.reason), OK),
  'events:situationReport': async (core, s, req) => (await core.events.situationReport(actorOf(s), req), OK),
  'events:reportLimits': (core, s) => core.events.reportLimits(actorOf(s)),
  'events:saveReportLimits': async (core, s, req) => (await core.events.saveReportLimits(actorOf(s), req), OK),
  'approvals:list': (core, s, req) => core.events.approvals(actorOf(s), req.pendingOnly),
  'approvals:decide': async (core, s, req) => (await core.events.decideApproval(actorOf(s), req), OK),
  'alarms:list': async (core, s) => {
    requireRole(actorOf(s).roles, 'read');
    return core.alarms.list();
  },
  'alarms:ack': async (core, s, req) => (await core.alarms.ack(actorOf(s), req.alarmId, req.note), OK),
  'town:get': async (core, s) => {
    requireRole(actorOf(s).roles, 'readWall');
    const t = core.town;
    return {
      townCode: t.town.townCode,
      name: t.town.name,
      centreName: t.town.centreName,
      boards: t.boards,
      posts: [...t.posts.values()].map((p) => t.postInfo(p)),
      grids: [...t.grids.values()].filter((g) => g.active !== false).map((g) => ({ code: g.code, name: g.name, village: g.village })),
    };
  },
  'town:grids': async (core, s) => {
    requireRole(actorOf(s).roles, 'readWall');
    return {
      type: 'FeatureCollection' as const,
      // A grid whose shape has not come yet (a district upsert without one) is not drawn, nor one an import deactivated.
      features: [...core.town.grids.values()]
        .filter((g) => !!g.geometry && g.active !== false)
        .map((g) => ({ type: 'Feature', properties: { code: g.code, name: g.name, village: g.village }, geometry: g.geometry })),
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
  'clock:now': async (core) => ({ now: core.clock.now().toISOString(), manual: core.clock instanceof ManualClock }),
  'clock:advance': async (core, s, req) => {
    requireRole(actorOf(s).roles, 'advanceClock');
    if (!(core.clock instanceof ManualClock)) refuse('not_manual_clock', 'the clock can only be moved in a test or drill run');
    core.clock.advance(req.minutes * 60_000);
    return { now: core.clock.now().toISOString() };
  },
  'backup:list': async (core, s) => {
    requireRole(actorOf(s).roles, 'manageBackups');
    return core.backups.overview();
  },
  'backup:create': async (core, s) => {
    const actor = actorOf(s);
    requireRole(actor.roles, 'manageBackups');
    return core.backups.create('manual', actor.id);
  },
  'backup:restore': async (core, s, req) => {
    const actor = actorOf(s);
    requireRole(actor.roles, 'manageBackups');
    return { restarting: await core.backups.stageRestore(req.name, actor.id) };
  },
  'update:status': async (core, s) => {
    requireRole(actorOf(s).roles, 'manageUpdates');
    return core.updates.status();
  },
  'update:setSettings': async (core, s, req) => {
    const actor = actorOf(s);
    requireRole(actor.roles, 'manageUpdates');
    await core.updates.setSettings(actor.id, req);
    return core.updates.status();
  },
  'update:check': async (core, s) => {
    requireRole(actorOf(s).roles, 'manageUpdates');
    return core.updates.checkNow();
  },
  'update:install': async (core, s) => {
    const actor = actorOf(s);
    requireRole(actor.roles, 'manageUpdates');
    return core.updates.install('admin', actor.id);
  },
  'desk:editing': async (core, s, req) => {
    requireRole(actorOf(s).roles, 'reportEditing');
    core.updates.setEditing(s, req.editing);
    return OK;
  },
  'wall:list': (core, s) => core.wall.list(actorOf(s)),
  'wall:get': (core, s, req) => core.wall.get(actorOf(s), req.layoutId, req.version),
  'wall:versions': (core, s, req) => core.wall.versions(actorOf(s), req.layoutId),
  'wall:validate': async (core, s, req) => {
    requireRole(actorOf(s).roles, 'manageWall');
    return { issues: await core.wall.check(req.definition) };
  },
  'wall:save': (core, s, req) => core.wall.save(actorOf(s), req),
  'wall:restore': (core, s, req) => core.wall.restore(actorOf(s), req.layoutId, req.version),
  'wall:remove': async (core, s, req) => (await core.wall.remove(actorOf(s), req.layoutId), OK),
  'wall:tokens': (core, s, req) => core.wall.tokens(actorOf(s), req.layoutId),
  'wall:issueToken': (core, s, req) => core.wall.issueToken(actorOf(s), req.layoutId, req.screenId, req.label),
  'wall:revokeToken': async (core, s, req) => (await core.wall.revokeToken(actorOf(s), req.tokenId), OK),
  'wall:settings': async (core, s) => core.wall.settings(actorOf(s)),
  'wall:setSettings': (core, s, req) => core.wall.setSettings(actorOf(s), req),
  'wall:displays': (core, s) => core.wall.displays(actorOf(s)),
  // A wall window presents its screen's token (the desktop's own windows get one in memory): the
  // connection becomes a read-only wall viewer of those screens.
  'wall:signIn': async (core, session, req) => {
    const binding = core.wall.verifyToken(req.token);
    if (!binding) refuse('unauthenticated', 'unknown or revoked wall token');
    session.actor = core.wall.viewerActor(binding);
    return { layoutId: binding.layoutId, screenIds: [...binding.screenIds] };
  },
  'wall:screen': (core, s, req) => core.wall.screens(actorOf(s), req.layoutId, req.screenIds),
  'wall:counts': (core, s) => core.wall.counts(actorOf(s)),
  'wall:overdue': (core, s, req) => core.wall.overdue(actorOf(s), req.limit),
  'wall:sla': (core, s) => core.wall.sla(actorOf(s)),
  'wall:breakdown': (core, s, req) => core.wall.breakdown(actorOf(s), req.scope),
  'wall:trend': (core, s, req) => core.wall.trend(actorOf(s), req.hours),
  'wall:gridLoad': (core, s) => core.wall.gridLoad(actorOf(s)),
  'wall:focusGrid': async (core, s, req) => (core.wall.focusGrid(actorOf(s), req.gridCode), OK),
  'wall:ranking': (core, s, req) => core.wall.ranking(actorOf(s), req),
  'wall:figures': (core, s, req) => core.wall.assessment(actorOf(s), req.period),
  'wall:cameras': (core, s, req) => core.wall.cameras(actorOf(s), req.layoutId, req.screenIds),
  'wall:cameraChoices': (core, s) => core.wall.cameraChoices(actorOf(s)),
  'wall:cameraPoints': (core, s, req) => core.wall.cameraPoints(actorOf(s), req.layoutId, req.screenIds),
  'wall:cameraStream': (core, s, req) => core.wall.cameraStream(actorOf(s), req.layoutId, req.screenIds, req.code),
  'wall:cameraSettings': async (core, s) => core.wall.cameraSettings(actorOf(s)),
  'wall:setCameraSettings': (core, s, req) => core.wall.setCameraSettings(actorOf(s), req.decoders),
  // 联动画面 and 推送到大屏 (issue #18): a wall page's linkage and pins; a leader's pin and unpin (the core checks pinCamera)
  'wall:linkage': (core, s, req) => core.wall.linkage(actorOf(s), req.layoutId, req.screenIds),
  'wall:pinTargets': (core, s) => core.wall.pinTargets(actorOf(s)),
  'wall:pinCamera': async (core, s, req) => (await core.wall.pinCamera(actorOf(s), req), OK),
  'wall:unpinCamera': async (core, s, req) => (await core.wall.unpinCamera(actorOf(s), req), OK),
  // the 24-hour watch: main/core/roster, main/core/duty-log, main/core/handover
  'roster:setup': async (core, s) => core.roster.setup(actorOf(s)),
  'roster:saveSetup': (core, s, req) => core.roster.saveSetup(actorOf(s), req),
  'roster:list': (core, s, req) => core.roster.list(actorOf(s), req.year),
  'roster:get': (core, s, req) => core.roster.get(actorOf(s), req.month),
  'roster:generate': (core, s, req) => core.roster.generate(actorOf(s), req.month, req.seed),
  'roster:assign': (core, s, req) => core.roster.assign(actorOf(s), req),
  'roster:clashes': (core, s, req) => core.roster.clashes(actorOf(s), req.month),
  'roster:candidates': (core, s, req) => core.roster.candidates(actorOf(s), req.shiftId, req.roleKey),
  'roster:exportXlsx': (core, s, req) => core.roster.exportXlsx(actorOf(s), req.month),
  'roster:importXlsx': (core, s, req) => core.roster.importXlsx(actorOf(s), req.month, Buffer.from(req.dataBase64, 'base64')),
  'roster:requestSwap': (core, s, req) => core.roster.requestSwap(actorOf(s), req),
  'roster:swaps': (core, s, req) => core.roster.swaps(actorOf(s), req.month, req.pendingOnly),
  'roster:decideSwap': (core, s, req) => core.roster.decideSwap(actorOf(s), req.swapId, req.approve, req.note),
  'absences:list': (core, s, req) => core.roster.absences(actorOf(s), req),
  'absences:add': (core, s, req) => core.roster.addAbsence(actorOf(s), req),
  'absences:cancel': (core, s, req) => core.roster.cancelAbsence(actorOf(s), req.absenceId),
  'duty:board': (core, s) => core.duty.board(actorOf(s)),
  'duty:actingAt': async (core, s, req) => core.duty.actingAt(actorOf(s), req),
  'duty:actingTimeline': async (core, s, req) => core.duty.actingTimeline(actorOf(s), req),
  'duty:rules': async (core, s) => {
    requireRole(actorOf(s).roles, 'readRoster');
    return core.duty.rules();
  },
  'duty:notices': (core, s, req) => core.duty.notices(actorOf(s), req.unreadOnly),
  'duty:readNotices': async (core, s, req) => (await core.duty.readNotices(actorOf(s), req.ids), OK),
  'dutyLog:list': (core, s, req) => core.dutyLog.list(actorOf(s), req),
  'dutyLog:add': (core, s, req) => core.dutyLog.add(actorOf(s), req),
  'dutyLog:edit': (core, s, req) => core.dutyLog.edit(actorOf(s), req),
  'dutyLog:delete': async (core, s, req) => (await core.dutyLog.remove(actorOf(s), req.entryId), OK),
  'handover:list': (core, s, req) => core.handovers.list(actorOf(s), req.month, req.limit),
  'handover:history': (core, s, req) => core.handovers.history(actorOf(s), req.month, req.limit),
  'handover:get': (core, s, req) => core.handovers.get(actorOf(s), req.handoverId),
  'handover:current': (core, s) => core.handovers.current(actorOf(s)),
  'handover:generate': (core, s, req) => core.handovers.generate(actorOf(s), req.shiftId),
  'handover:confirm': (core, s, req) => core.handovers.confirm(actorOf(s), req.handoverId, req.itemIds, req.confirmed),
  'handover:annotate': (core, s, req) => core.handovers.annotate(actorOf(s), req.handoverId, req.itemId, req.note),
  'handover:addItem': (core, s, req) => core.handovers.addItem(actorOf(s), req.handoverId, req.text),
  'handover:sign': (core, s, req) => core.handovers.sign(actorOf(s), { ...req, address: s.address }),
  'handover:pdf': (core, s, req) => core.handovers.pdf(actorOf(s), req.handoverId),
  // attachments: never an error for the district's sake; a blob that cannot be had is `missing`
  'blobs:open': async (core, s, req) => {
    requireRole(actorOf(s).roles, 'read');
    const opened = await core.blobs.open(req.sha256);
    if (opened.missing) return { missing: true, reason: opened.reason };
    return { missing: false, fileName: req.name ?? req.sha256, mimeType: req.mime ?? 'application/octet-stream', dataBase64: opened.bytes.toString('base64') };
  },
  // contingency plans (main/core/plans)
  'plans:templates': (core, s) => core.plans.templates(actorOf(s)),
  'plans:template': (core, s, req) => core.plans.template(actorOf(s), req.templateId),
  'plans:validate': async (core, s, req) => {
    requireRole(actorOf(s).roles, 'readPlans');
    return { issues: core.plans.validate(req.template) };
  },
  'plans:saveTemplate': (core, s, req) => core.plans.saveTemplate(actorOf(s), req),
  'plans:archiveTemplate': async (core, s, req) => (await core.plans.archiveTemplate(actorOf(s), req.templateId), OK),
  'plans:proposals': (core, s) => core.plans.proposals(actorOf(s)),
  'plans:dismissProposal': async (core, s, req) => (await core.plans.dismissProposal(actorOf(s), req.proposalId, req.reason), OK),
  'plans:matchEvent': (core, s, req) => core.plans.matchEvent(actorOf(s), req.eventId),
  'plans:start': (core, s, req) => core.plans.start(actorOf(s), req),
  'plans:runs': (core, s, req) => core.plans.runs(actorOf(s), req),
  'plans:run': (core, s, req) => core.plans.run(actorOf(s), req.runId),
  'plans:myTasks': (core, s) => core.plans.myTasks(actorOf(s)),
  'plans:ackTask': async (core, s, req) => (await core.plans.ackTask(actorOf(s), req.runId, req.taskId, req.note), OK),
  'plans:completeTask': async (core, s, req) => (await core.plans.completeTask(actorOf(s), req.runId, req.taskId, req.note), OK),
  'plans:skipTask': async (core, s, req) => (await core.plans.skipTask(actorOf(s), req.runId, req.taskId, req.reason), OK),
  'plans:endRun': async (core, s, req) => (await core.plans.endRun(actorOf(s), req.runId, req.reason), OK),
  'plans:review': (core, s, req) => core.plans.review(actorOf(s), req.runId),
  'plans:reviewPdf': (core, s, req) => core.plans.reviewPdf(actorOf(s), req.runId),
  'wall:plans': (core, s) => core.plans.wallPlans(actorOf(s)),
};

function sameRoles(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((r) => b.includes(r));
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
/** Takes the command meta (CommandMeta) off a request object; anything else is left for the channel's schema. */
function splitMeta(raw: unknown): { request: unknown; meta: CommandMeta } | { error: string } {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { request: raw, meta: {} };
  const { commandId, expectedVersion, ...rest } = raw as Record<string, unknown>;
  const meta = CommandMeta.safeParse({ commandId, expectedVersion });
  if (!meta.success) return { error: describeIssues(meta.error) };
  return { request: rest, meta: meta.data };
}

export async function callApi(core: Core, session: Session, channel: unknown, request: unknown, options: CallOptions = {}): Promise<Result<unknown>> {
  if (!isChannel(channel)) {
    return { ok: false, error: { code: 'bad_request', message: `unknown command ${typeof channel === 'string' ? channel.slice(0, 64) : `(${typeof channel})`}` } };
  }
  // The first start: nothing but the set-up until the town exists.
  if (!core.town.configured && !SETUP_CHANNELS.has(channel)) {
    return { ok: false, error: { code: 'town_not_set_up', message: 'set up the town first' } };
  }
  if (!PUBLIC_CHANNELS.has(channel) && !session.actor) {
    return { ok: false, error: { code: 'unauthenticated', message: 'sign in first' } };
  }
  // A person the administrator deactivated is signed out at their next call (main/core/town/admin).
  const person = session.actor ? core.town.people.get(session.actor.id) : undefined;
  if (session.actor && person?.active === false) {
    session.actor = null;
    return { ok: false, error: { code: 'unauthenticated', message: 'this account was deactivated' } };
  }
  // Roles the administrator changed hold from the person's next call, not from their next sign-in
  // (their pages follow the `town` feed and read the session again).
  if (session.actor && person && !sameRoles(person.roles, session.actor.roles)) session.actor = { id: session.actor.id, roles: [...person.roles] };
  // A one-time password: nothing but the change works until it is done.
  if (session.actor && session.mustChangePassword && !PASSWORD_CHANGE_CHANNELS.has(channel)) {
    return { ok: false, error: { code: 'password_change_required', message: 'change the one-time password first' } };
  }
  const split = splitMeta(request ?? {});
  if ('error' in split) return { ok: false, error: { code: 'bad_request', message: `${channel}: ${split.error}` } };
  // Text that cannot be trusted is refused whole, before anything reads it (never stored altered).
  const untrusted = findUntrustedText(split.request);
  if (untrusted) {
    const what = untrusted.fault === 'surrogate' ? 'a lone surrogate' : 'a control character';
    return { ok: false, error: { code: 'bad_text', message: `${channel}: ${untrusted.path || '(request)'} holds ${what}`, params: { fault: untrusted.fault } } };
  }
  const parsed = API[channel].request.safeParse(split.request);
  if (!parsed.success) {
    // The first wrong field's path goes with it, so a page can say in its own words which field is wrong.
    const field = parsed.error.issues[0]?.path.join('.');
    return { ok: false, error: { code: 'bad_request', message: `${channel}: ${describeIssues(parsed.error)}`, ...(field ? { params: { field } } : {}) } };
  }
  const { commandId, expectedVersion } = split.meta;
  const eventId = (parsed.data as { eventId?: unknown }).eventId;
  const scope: CommandScope = {
    ...(commandId ? { commandId } : {}),
    ...(expectedVersion !== undefined && typeof eventId === 'string' ? { expected: { entityId: eventId, version: expectedVersion } } : {}),
    // A locked screen still reads (alarms keep sounding behind the lock); the kernel refuses its commands.
    ...(session.locked && !LOCKED_CHANNELS.has(channel) ? { screenLocked: true } : {}),
  };
  try {
    const handler = HANDLERS[channel] as (core: Core, session: Session, request: unknown) => Promise<unknown>;
    const data = await withCommandScope(scope, () => handler(core, session, parsed.data));
    if (options.checkResponses) {
      const checked = API[channel].response.safeParse(data);
      if (!checked.success) throw new Error(`response of ${channel} breaks its schema: ${describeIssues(checked.error)}`);
    }
    return { ok: true, data };
  } catch (error) {
    if (error instanceof DomainError) return { ok: false, error: { code: error.code, message: error.message, params: error.params } };
    console.error(`${channel} failed`, redacted(error));
    return { ok: false, error: { code: 'internal', message: 'internal error; see the log' } };
  }
}

export type { RequestOf };
