/**
 * The district link at the door: the sync state the header shows, 同步问题 (retry, ignore) and
 * 上级联网 (the link itself; the core checks the role, the values and the town code, and audits).
 */
import { refuse } from '../core/errors';
import { actorOf, OK, requireRole, type HandlerTable } from './handler-support';

type SyncChannel = Extract<keyof HandlerTable, `sync:${string}` | `link:${string}`>;

export const SYNC_HANDLERS: Pick<HandlerTable, SyncChannel> = {
  'sync:status': async (core, s) => {
    requireRole(actorOf(s).roles, 'readWall');
    if (!core.sync) {
      return {
        configured: false,
        state: 'idle' as const,
        streaming: false,
        lastSuccessAt: null,
        pending: 0,
        rejected: 0,
        quarantined: 0,
        cursor: '0',
        lastError: null,
        offlineForMs: 0,
        offlineAlarmMs: 0,
        conditions: [],
        problemAlarmMs: 0,
      };
    }
    return { ...(await core.sync.status()), offlineForMs: core.sync.offlineForMs(), offlineAlarmMs: core.sync.offlineAlarmMs };
  },
  'sync:problems': async (core, s) => {
    requireRole(actorOf(s).roles, 'read');
    return core.sync ? core.sync.problems() : [];
  },
  // The kernel checks the role (resolveSyncProblem) and audits; without sync there is nothing to resolve.
  'sync:retryProblem': async (core, s, req) => {
    if (!core.sync) refuse('not_found', 'this console does not sync with a district');
    return core.sync.retryProblem(actorOf(s), req);
  },
  'sync:ignoreProblem': async (core, s, req) => {
    if (!core.sync) refuse('not_found', 'this console does not sync with a district');
    await core.sync.ignoreProblem(actorOf(s), req);
    return OK;
  },
  // 上级联网: the core checks the role (manageLink), the values and the town code, and audits.
  'link:status': async (core, s) => {
    requireRole(actorOf(s).roles, 'manageLink');
    return core.link.view();
  },
  'link:save': (core, s, req) => core.link.save(actorOf(s), req),
  'link:remove': (core, s) => core.link.remove(actorOf(s)),
  'link:test': (core, s, req) => core.link.test(actorOf(s), req),
};
